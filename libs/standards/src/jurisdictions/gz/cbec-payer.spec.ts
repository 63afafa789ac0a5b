import fc from 'fast-check';
import { assess } from '../../assessment/assess';
import type { Assessment } from '../../assessment/types';
import type { Declaration } from '../../declaration/types';
import { context, exampleDeclaration } from '../../testing/fixtures';

const rejectedBy = (a: Assessment) => a.rejected?.ruleIds ?? [];

function withNames(buyerName: string, payerName: string): Declaration {
  const d = exampleDeclaration();
  d.ecommerce!.order.buyerName = buyerName;
  d.ecommerce!.payment.payerName = payerName;
  return d;
}

const gzRejects = (buyerName: string, payerName: string) =>
  rejectedBy(assess(withNames(buyerName, payerName), 'GZ', context()));

describe('GZ three-document match: the payer is the buyer when the names are the same text (NFC)', () => {
  it.each<[string, string, string, string[]]>([
    ['the same code points', '金小明', '金小明', []],
    ['U+F90A, the compatibility ideograph of 金 (canonically equal)', '金小明', '\uf90a小明', []],
    ['the buyer written with U+F90A, the payer with 金', '\uf90a小明', '金小明', []],
    ['é composed and decomposed', 'José Silva', 'Jose\u0301 Silva', []],
    ['Å as U+212B ANGSTROM SIGN and as U+00C5', '\u212bsa Lind', '\u00c5sa Lind', []],
    ['another person', '金小明', '李四', ['CBEC_PAYER_NOT_BUYER']],
    // Compatibility (NFKC) equivalents are other text: a full-width name is not the same name.
    ['full-width Latin letters (compatibility, not canonical)', 'ANA', 'ＡＮＡ', ['CBEC_PAYER_NOT_BUYER']],
    ['another case', 'Ana Lee', 'ana lee', ['CBEC_PAYER_NOT_BUYER']],
  ])('%s', (_name, buyer, payer, rejected) => {
    expect(gzRejects(buyer, payer)).toEqual(rejected);
  });

  it('never tells a name from its own NFC or NFD form', () => {
    const names = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }).filter((s) => s.trim() !== '');
    fc.assert(
      fc.property(names, fc.constantFrom('NFC', 'NFD'), (name, form) => {
        expect(gzRejects(name, name.normalize(form))).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });
});
