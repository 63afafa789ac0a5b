import type { ServiceConfig } from '@gba/runtime';
import { assess, type Assessment, type Declaration, validateDeclaration } from '@gba/standards';
import { sampleDeclaration, sampleResidentId } from '@gba/testing';
import {
  type CbecBooks,
  CbecLaw,
  cbecQuota,
  decideReturn,
  fromCents,
  readReturnDate,
  type ReturnableEntry,
  toCents,
  totalKey,
} from './cbec-law';

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

  it('rejects what would pass the annual limit, and counts nothing for it (entered, for its platform)', () => {
    const books = emptyBooks();
    books.totals.set(key, {
      buyerKey: law.buyerKey(buyer),
      year: 2026,
      usedCents: toCents('25900.00'),
      deltaCents: 0n,
    });
    const over = assessed(retail(buyer), 'D3', books);
    expect(over.rejected?.ruleIds).toContain('CBEC_ANNUAL_LIMIT_EXCEEDED');
    expect(books.entries.get('D3')).toMatchObject({
      buyerKey: law.buyerKey(buyer),
      counted: false,
      isNew: true,
    });
    expect(books.totals.get(key)?.deltaCents).toBe(0n);
    expect(books.totals.get(key)?.usedCents).toBe(toCents('25900.00'));
    // Its rejection decision later gives nothing back: it was never counted.
    law.afterDecision(books, 'D3', 'REJECTED', '2026-03-01T08:00:01.000Z');
    expect(books.totals.get(key)?.deltaCents).toBe(0n);
  });

  it('leaves exports and other routes out of the ledger', () => {
    const books = emptyBooks();
    const toMacau = retail(buyer, { origin: 'CN', destination: 'MO' });
    expect(law.assessmentContext(books, toMacau, 'D4', AT)).toEqual({});
    assessed(toMacau, 'D4', books);
    expect(books.totals.size).toBe(0);
    expect(books.entries.size).toBe(0);
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

  it('gives the quota back when an import not yet released is cancelled, once', () => {
    const books = emptyBooks();
    const a = assessed(retail(buyer), 'D8', books);
    const amount = toCents(a.cbecQuotaValueCny as string);
    expect(books.totals.get(key)?.usedCents).toBe(amount);
    law.afterCancellation(books, 'D8');
    law.afterCancellation(books, 'D8');
    expect(books.entries.get('D8')).toMatchObject({ counted: false, changed: true });
    expect(books.totals.get(key)).toMatchObject({ usedCents: 0n, deltaCents: 0n });
  });

  it('keeps the quota counted when the cancellation reaches GZ after its release (a return is the way)', () => {
    const books = emptyBooks();
    const a = assessed(retail(buyer), 'D9', books);
    law.afterDecision(books, 'D9', 'RELEASED', '2026-03-01T08:00:01.000Z');
    law.afterCancellation(books, 'D9');
    expect(books.entries.get('D9')?.counted).toBe(true);
    expect(books.totals.get(key)?.deltaCents).toBe(toCents(a.cbecQuotaValueCny as string));
  });
});

describe("GZ's CBEC law on an amendment (issue 13)", () => {
  const buyer = sampleResidentId(8);
  const key = totalKey(law.buyerKey(buyer), 2026);

  /** The buyer's import with its one line's quantity corrected, and the order's amounts with it. */
  function amended(quantity: number, unitValue: string): Declaration {
    const d = retail(buyer);
    const total = (quantity * Number(unitValue)).toFixed(2);
    const ecommerce = d.ecommerce && {
      ...d.ecommerce,
      order: { ...d.ecommerce.order, amountPaid: total },
      payment: { ...d.ecommerce.payment, amount: total },
    };
    const v = validateDeclaration(
      { ...d, items: d.items.map((i) => ({ ...i, quantity, unitValue })), ecommerce },
      new Date(),
    );
    if (!v.ok) throw new Error(JSON.stringify(v.errors[0]));
    return v.declaration;
  }

  it('counts the amended value, never both, and judges the new version without the old one', () => {
    const books = emptyBooks();
    const first = assessed(retail(buyer), 'A1', books);
    law.afterAmendment(books, 'A1');
    expect(books.totals.get(key)).toMatchObject({ usedCents: 0n, deltaCents: 0n });
    expect(law.assessmentContext(books, amended(4, '100.00'), 'A1', AT)).toEqual({
      buyerAnnualUsedCny: '0.00',
    });
    const second = assessed(amended(4, '100.00'), 'A1', books);
    expect(second.cbecQuotaValueCny).not.toBe(first.cbecQuotaValueCny);
    expect(books.entries.get('A1')).toMatchObject({
      amount: second.cbecQuotaValueCny,
      counted: true,
      isNew: true,
      changed: true,
    });
    expect(books.totals.get(key)).toMatchObject({
      usedCents: toCents(second.cbecQuotaValueCny as string),
      deltaCents: toCents(second.cbecQuotaValueCny as string),
    });
    // A further assessment of the same version (e.g. an e-lock RED re-assessment) counts nothing more.
    assessed(amended(4, '100.00'), 'A1', books);
    expect(books.totals.get(key)?.deltaCents).toBe(toCents(second.cbecQuotaValueCny as string));
  });

  it('replaces a stored entry in place (an update, not a second row), with the old value taken off the stored total', () => {
    const books = emptyBooks();
    books.totals.set(key, { buyerKey: law.buyerKey(buyer), year: 2026, usedCents: 30000n, deltaCents: 0n });
    books.entries.set('A2', {
      declarationId: 'A2',
      buyerKey: law.buyerKey(buyer),
      year: 2026,
      amount: '300.00',
      duties: [],
      counted: true,
      releasedAt: null,
      isNew: false,
      changed: false,
    });
    law.afterAmendment(books, 'A2');
    const a = assessed(amended(4, '100.00'), 'A2', books);
    const amount = toCents(a.cbecQuotaValueCny as string);
    expect(books.entries.get('A2')).toMatchObject({ isNew: false, changed: true, counted: true });
    expect(books.totals.get(key)).toMatchObject({ usedCents: amount, deltaCents: amount - 30000n });
  });

  it('leaves a released import counted as it was (the amendment crossed the release)', () => {
    const books = emptyBooks();
    const a = assessed(retail(buyer), 'A3', books);
    law.afterDecision(books, 'A3', 'RELEASED', '2026-03-01T08:00:01.000Z');
    law.afterAmendment(books, 'A3');
    expect(books.entries.get('A3')).toMatchObject({ counted: true, amount: a.cbecQuotaValueCny });
    expect(books.entries.get('A3')?.superseded).toBeUndefined();
  });
});

describe('a retail return (the rule the returns endpoint applies)', () => {
  const entry = (releasedAt: string | null, counted = true): ReturnableEntry => ({
    releasedAt: releasedAt === null ? null : new Date(releasedAt),
    counted,
    amount: '300.00',
    duties: [{ type: 'VAT', amount: '27.30', currency: 'CNY' }],
  });

  // Calendar days in UTC+8 (the standard's isCbecReturnInTime), never 30 × 24 hours.
  it.each([
    [
      'day 30 at 23:30 after a release at 23:00 (over 30 × 24 h)',
      '2026-03-01T23:00:00+08:00',
      '2026-03-31T23:30:00+08:00',
      true,
    ],
    ['day 30 at 23:59:59.999', '2026-03-01T23:00:00+08:00', '2026-03-31T23:59:59.999+08:00', true],
    ['day 31 at 00:00', '2026-03-01T23:00:00+08:00', '2026-04-01T00:00:00+08:00', false],
    ['day 31 given in UTC (16:00Z is midnight UTC+8)', '2026-03-01T15:00:00Z', '2026-03-31T16:00:00Z', false],
    ['day 30 given in UTC, 15:59Z', '2026-03-01T15:00:00Z', '2026-03-31T15:59:00Z', true],
    [
      'released 00:30 UTC+8 (still the day before in UTC), day 30 at 23:30',
      '2026-02-28T16:30:00Z',
      '2026-03-31T23:30:00+08:00',
      true,
    ],
    ['released 00:30 UTC+8, day 31 at 00:10', '2026-02-28T16:30:00Z', '2026-04-01T00:10:00+08:00', false],
    [
      'across February of a common year, day 30',
      '2026-02-10T23:00:00+08:00',
      '2026-03-12T23:30:00+08:00',
      true,
    ],
    [
      'across February of a common year, day 31',
      '2026-02-10T23:00:00+08:00',
      '2026-03-13T00:00:00+08:00',
      false,
    ],
    [
      'across February of a leap year, day 30',
      '2028-02-10T23:00:00+08:00',
      '2028-03-11T23:30:00+08:00',
      true,
    ],
    [
      'across February of a leap year, day 31',
      '2028-02-10T23:00:00+08:00',
      '2028-03-12T00:00:00+08:00',
      false,
    ],
    ['across the new year in UTC+8, day 30', '2026-12-15T23:00:00+08:00', '2027-01-14T23:30:00+08:00', true],
    ['across the new year in UTC+8, day 31', '2026-12-15T23:00:00+08:00', '2027-01-15T00:00:00+08:00', false],
    ['the same minute as the release', '2026-03-01T23:00:00+08:00', '2026-03-01T23:00:00+08:00', true],
  ])('%s: accepted %s', (_name, releasedAt, returnedAt, accepted) => {
    const decision = decideReturn(entry(releasedAt), new Date(returnedAt));
    expect(decision.accepted).toBe(accepted);
    if (decision.accepted)
      expect(decision).toEqual({
        accepted: true,
        quotaRestored: '300.00',
        taxRefunded: entry(releasedAt).duties,
      });
    else expect(decision.detail).toMatch(/more than 30 calendar days \(UTC\+8\) after release/);
  });

  it.each([
    ['not released', entry(null), '2026-03-02T00:00:00+08:00', /not released/],
    [
      'already returned or rejected',
      entry('2026-03-01T23:00:00+08:00', false),
      '2026-03-02T00:00:00+08:00',
      /already returned or rejected/,
    ],
    [
      'dated before the release',
      entry('2026-03-01T23:00:00+08:00'),
      '2026-03-01T22:59:59+08:00',
      /before the release/,
    ],
  ])('refuses a return of an import %s', (_name, found, returnedAt, detail) => {
    const decision = decideReturn(found, new Date(returnedAt));
    expect(decision).toEqual({ accepted: false, detail: expect.stringMatching(detail) });
  });

  const NOW = new Date('2026-04-01T00:00:00Z');
  it.each([
    ['an impossible date', '2026-02-30T10:00:00+08:00', 'TIME_INVALID', /does not exist/],
    ['a time without offset', '2026-03-20T10:00:00', 'TIME_INVALID', /no offset/],
    ['a date only', '2026-03-20', 'TIME_INVALID', /RFC 3339/],
    ['hour 24', '2026-03-20T24:00:00Z', 'TIME_INVALID', /does not exist/],
    ['not a string', 1774000000000, 'TIME_INVALID', /RFC 3339/],
    ['beyond five minutes ahead of now', '2026-04-01T00:05:01Z', 'TIME_IN_FUTURE', /future/],
  ])('reads the return date strictly: %s is refused', (_name, value, code, detail) => {
    expect(readReturnDate(value, NOW)).toEqual({ problem: { code, detail: expect.stringMatching(detail) } });
  });

  it.each([
    ['UTC', '2026-03-31T15:30:00Z', NOW, '2026-03-31T15:30:00.000Z'],
    ['UTC+8', '2026-03-31T23:30:00+08:00', NOW, '2026-03-31T15:30:00.000Z'],
    ['a leap day', '2028-02-29T12:00:00Z', new Date('2028-03-01T00:00:00Z'), '2028-02-29T12:00:00.000Z'],
    ['within five minutes ahead of now', '2026-04-01T00:05:00Z', NOW, '2026-04-01T00:05:00.000Z'],
  ])('reads a return date in %s', (_name, value, now, iso) => {
    expect(readReturnDate(value, now)).toEqual({ at: new Date(iso) });
  });
});

describe("a buyer's quota", () => {
  it.each([
    ['nothing used', '0', '2026-06-01T00:00:00Z', { year: 2026, used: '0.00', remaining: '26000.00' }],
    ['some used', '1200.5', '2026-06-01T00:00:00Z', { year: 2026, used: '1200.50', remaining: '24799.50' }],
    ['all used', '26000.00', '2026-06-01T00:00:00Z', { year: 2026, used: '26000.00', remaining: '0.00' }],
    // The quota year is the mainland calendar year: 16:00Z on 31 December is already the next.
    [
      'the new year in UTC+8',
      '0',
      '2026-12-31T16:00:00Z',
      { year: 2027, used: '0.00', remaining: '26000.00' },
    ],
  ])('%s', (_name, used, at, expected) => {
    expect(cbecQuota(used, new Date(at))).toEqual({ ...expected, currency: 'CNY' });
  });
});
