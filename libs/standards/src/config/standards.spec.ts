import { lookupFor } from './lookup';
import { POSITIVE_LIST_2022_SAMPLE } from './positive-list';
import {
  currentStandard,
  STANDARD_2024_1,
  STANDARD_2024_2,
  standardByVersion,
  standardFor,
  STANDARDS,
} from './standards';

describe('versioned standard', () => {
  it.each([
    ['2024-01-01T00:00:00+08:00', 'GBA-2024.1'],
    ['2024-10-15T23:59:59+08:00', 'GBA-2024.1'],
    ['2024-10-16T00:00:00+08:00', 'GBA-2024.2'],
    ['2024-10-15T16:00:00Z', 'GBA-2024.2'],
    ['2026-03-01T08:00:00Z', 'GBA-2024.2'],
  ])('at %s the version in force is %s', (at, version) => {
    expect(standardFor(at).version).toBe(version);
  });

  it('has no version in force before its first effective date', () => {
    expect(() => standardFor('2023-12-31T15:59:59Z')).toThrow(/no standard in force/);
  });

  it('finds versions by name; the newest is current', () => {
    expect(standardByVersion('GBA-2024.1')).toBe(STANDARD_2024_1);
    expect(standardByVersion('GBA-1999.1')).toBeUndefined();
    expect(currentStandard()).toBe(STANDARD_2024_2);
    expect(STANDARDS.map((s) => s.effectiveFrom)).toEqual([...STANDARDS.map((s) => s.effectiveFrom)].sort());
  });

  it('recognises inspection results of its own and earlier versions', () => {
    for (const s of STANDARDS) expect(s.recognises).toContain(s.version);
    expect(STANDARD_2024_2.recognises).toContain('GBA-2024.1');
  });

  it('holds the published figures of domain.md', () => {
    for (const s of STANDARDS) {
      expect(s.cbec).toMatchObject({
        singleTransactionLimitCny: '5000.00',
        annualLimitCny: '26000.00',
        limitsSince: '2019-01-01',
        returnWindowDays: 30,
        amountPaidTolerance: '0.05',
        tariffRate: '0',
        vatRate: '0.13',
        taxReduction: '0.70',
      });
      expect(s.hk.declarationCharge).toEqual({
        firstValue: '46000',
        firstCharge: '0.20',
        stepValue: '1000',
        stepCharge: '0.125',
        roundUpTo: '0.10',
        cap: '200.00',
      });
      expect(s.hk.liquor.dutiableAboveAbv).toBe('30');
      expect(s.mo.alcohol).toMatchObject({
        hsHeadings: ['2205', '2206', '2208'],
        minAbv: '30',
        adValorem: '0.10',
        perLitreMop: '20.00',
      });
      expect(s.mo.cigarettes.perStickMop).toBe('1.50');
      expect(s.mo.cigars.perKgMop).toBe('4326.00');
      expect(s.mopPerHkd).toBe('1.03');
      expect(s.randomSelection.aeo.RED).toBe('0.0057');
      expect(s.aeoArrangements.map((a) => [a.parties.join('–'), a.inForceFrom])).toEqual([
        ['CN–HK', { road: '2014-05-18', air: '2014-09-01', sea: '2014-09-01' }],
        ['CN–MO', { road: '2023-02-07', air: '2023-02-07', sea: '2023-02-07', rail: '2023-02-07' }],
        ['HK–MO', { road: '2023-11-10', air: '2023-11-10', sea: '2023-11-10', rail: '2023-11-10' }],
      ]);
      expect(s.reservedCategories[0].hsChapters).toHaveLength(24);
      expect(s.reservedCategories[0].hsChapters[0]).toBe('01');
      expect(s.reservedCategories[0].hsChapters[23]).toBe('24');
    }
    expect(STANDARD_2024_1.hk.liquor.tiers).toEqual([{ upToPerUnit: null, rate: '1' }]);
    expect(STANDARD_2024_2.hk.liquor.tiers).toEqual([
      { upToPerUnit: '200.00', rate: '1' },
      { upToPerUnit: null, rate: '0.10' },
    ]);
  });

  it('quotes the same currencies in every exchange-rate table, for CNY and HKD alike', () => {
    for (const s of STANDARDS) {
      const first = Object.keys(s.exchangeRates[0].cnyPerUnit).sort();
      for (const t of s.exchangeRates) {
        expect(Object.keys(t.cnyPerUnit).sort()).toEqual(first);
        expect(Object.keys(t.hkdPerUnit).sort()).toEqual(first);
        expect(t.cnyPerUnit.CNY).toBe('1');
        expect(t.hkdPerUnit.HKD).toBe('1');
      }
      expect(first).toEqual(expect.arrayContaining(['CNY', 'HKD', 'MOP', 'USD']));
    }
  });

  it('carries complete code lists', () => {
    const lk = lookupFor(currentStandard());
    expect(lk.countries.size).toBe(249);
    expect(['CN', 'HK', 'MO', 'JP', 'US'].every((c) => lk.countries.has(c))).toBe(true);
    expect(['PCE', 'H87', 'KGM', 'LTR'].every((u) => lk.units.has(u))).toBe(true);
    expect(['CNCAN', 'HKHKG', 'MOMFM', 'CNZUH'].every((l) => lk.locodes.has(l))).toBe(true);
    expect([...lk.tradeModes.keys()]).toEqual(['0110', '9610', '1210', '1239', '9710', '9810']);
  });

  it('ships the 2022 positive list sample with its edition and source, including the lines most used', () => {
    expect(POSITIVE_LIST_2022_SAMPLE.edition).toBe('2022');
    expect(POSITIVE_LIST_2022_SAMPLE.source).toMatch(/2022.*1,476 tariff lines/);
    const lines = POSITIVE_LIST_2022_SAMPLE.lines.map((l) => l.tariffLine);
    expect(lines).toEqual(expect.arrayContaining(['33049900', '33051000', '19011010']));
    expect(POSITIVE_LIST_2022_SAMPLE.lines.filter((l) => l.bondedOnly).length).toBeGreaterThan(0);
  });

  it('lists prohibited and restricted goods by HS heading', () => {
    const lk = lookupFor(currentStandard());
    expect(lk.prohibited.match('930200')?.category).toMatch(/revolvers/);
    expect(lk.prohibited.match('121130')?.category).toMatch(/coca/);
    expect(lk.prohibited.match('330499')).toBeUndefined();
    expect(lk.restricted.match('010690')?.permitType).toBe('CITES');
    expect(lk.restricted.match('010690')?.permitType).toBe('CITES'); // answered from memory the second time
  });
});
