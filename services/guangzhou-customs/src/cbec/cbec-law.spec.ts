import type { ServiceConfig } from '@gba/runtime';
import { assess, type Assessment, type Declaration, validateDeclaration } from '@gba/standards';
import { sampleDeclaration, sampleResidentId } from '@gba/testing';
import { type CbecBooks, CbecLaw, fromCents, toCents, totalKey } from './cbec-law';

const law = new CbecLaw({ piiKey: 'a-pii-key-of-at-least-thirty-two-characters' } as ServiceConfig);
const AT = new Date('2026-03-01T08:00:00Z');

function retail(buyer: string, route = { origin: 'HK', destination: 'CN' }): Declaration {
  const v = validateDeclaration(sampleDeclaration(route, { buyerIdNumber: buyer }), new Date());
  if (!v.ok) throw new Error(JSON.stringify(v.errors[0]));
  return v.declaration;
}

const emptyBooks = (): CbecBooks => ({ totals: new Map(), entries: new Map() });

function assessed(d: Declaration, id: string, books: CbecBooks): Assessment {
  const a = assess(d, 'GZ', {
    declarationId: id,
    assessedAt: AT,
    selectionKey: 'a-selection-key-of-16+',
    ...law.assessmentContext(books, d, id, AT),
  });
  law.afterAssessment(books, d, a);
  return a;
}

describe('CBEC amounts in cents', () => {
  it.each([
    ['0', 0n, '0.00'],
    ['300.00', 30000n, '300.00'],
    ['26000.5', 2600050n, '26000.50'],
    ['0.07', 7n, '0.07'],
  ])('reads %s as %d cents and writes it back as %s', (text, cents, written) => {
    expect(toCents(text)).toBe(cents);
    expect(fromCents(cents)).toBe(written);
  });

  it('writes a negative delta with its sign', () => {
    expect(fromCents(-30000n)).toBe('-300.00');
  });
});

describe("GZ's CBEC law over the books of a unit of work", () => {
  const buyer = sampleResidentId(7);
  const key = totalKey(law.buyerKey(buyer), 2026);

  it("counts a retail import against its buyer's year, and the next one of the buyer sees it", () => {
    const books = emptyBooks();
    const first = assessed(retail(buyer), 'D1', books);
    expect(first.rejected).toBeNull();
    expect(books.entries.get('D1')).toMatchObject({
      amount: first.cbecQuotaValueCny,
      counted: true,
      isNew: true,
    });
    expect(books.totals.get(key)).toEqual({
      buyerKey: law.buyerKey(buyer),
      year: 2026,
      usedCents: toCents(first.cbecQuotaValueCny as string),
      deltaCents: toCents(first.cbecQuotaValueCny as string),
    });
    expect(law.assessmentContext(books, retail(buyer), 'D2', AT)).toEqual({
      buyerAnnualUsedCny: first.cbecQuotaValueCny,
    });
  });

  it('rejects what would pass the annual limit, and counts nothing for it', () => {
    const books = emptyBooks();
    books.totals.set(key, {
      buyerKey: law.buyerKey(buyer),
      year: 2026,
      usedCents: toCents('25900.00'),
      deltaCents: 0n,
    });
    const over = assessed(retail(buyer), 'D3', books);
    expect(over.rejected?.ruleIds).toContain('CBEC_ANNUAL_LIMIT_EXCEEDED');
    expect(books.entries.has('D3')).toBe(false);
    expect(books.totals.get(key)?.deltaCents).toBe(0n);
  });

  it('leaves exports and other routes out of the ledger', () => {
    const books = emptyBooks();
    const toMacau = retail(buyer, { origin: 'CN', destination: 'MO' });
    expect(law.assessmentContext(books, toMacau, 'D4', AT)).toEqual({});
    expect(books.totals.size).toBe(0);
  });

  it('starts the return window on release and gives the quota back on rejection, once', () => {
    const books = emptyBooks();
    const a = assessed(retail(buyer), 'D5', books);
    const amount = toCents(a.cbecQuotaValueCny as string);
    law.afterDecision(books, 'D5', 'RELEASED', '2026-03-01T08:00:01.000Z');
    expect(books.entries.get('D5')?.releasedAt).toBe('2026-03-01T08:00:01.000Z');

    const other = assessed(retail(buyer), 'D6', books);
    expect(toCents(other.cbecQuotaValueCny as string)).toBe(amount);
    law.afterDecision(books, 'D6', 'REJECTED', '2026-03-01T08:00:02.000Z');
    law.afterDecision(books, 'D6', 'REJECTED', '2026-03-01T08:00:03.000Z');
    expect(books.entries.get('D6')?.counted).toBe(false);
    expect(books.totals.get(key)).toMatchObject({ usedCents: amount, deltaCents: amount });
  });

  it('gives back quota for an import counted in an earlier unit, without knowing its total', () => {
    const books = emptyBooks();
    books.entries.set('D7', {
      declarationId: 'D7',
      buyerKey: law.buyerKey(buyer),
      year: 2026,
      amount: '300.00',
      duties: [],
      counted: true,
      releasedAt: null,
      isNew: false,
      changed: false,
    });
    law.afterDecision(books, 'D7', 'REJECTED', '2026-03-01T08:00:00.000Z');
    expect(books.entries.get('D7')).toMatchObject({ counted: false, changed: true });
    expect(books.totals.get(key)).toEqual({
      buyerKey: law.buyerKey(buyer),
      year: 2026,
      usedCents: null,
      deltaCents: -30000n,
    });
  });
});
