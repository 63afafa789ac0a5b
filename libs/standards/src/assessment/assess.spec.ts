import fc from 'fast-check';
import { lookupFor } from '../config/lookup';
import { STANDARD_2024_1, STANDARD_2024_2 } from '../config/standards';
import type { Declaration, GoodsItem } from '../declaration/types';
import { explain } from '../rules';
import {
  context,
  exampleDeclaration,
  generalTrade,
  item,
  NO_RANDOM,
  retailImport,
} from '../testing/fixtures';
import { aeoRecognised } from './aeo';
import { assess } from './assess';
import { laneOfDraw, selectionDraw } from './random-selection';
import type { Assessment } from './types';

const WHISKY: Partial<GoodsItem> = {
  hsCode: '220830',
  tariffCodes: { GZ: '2208300000', HK: '22083000', MO: '22083000' },
  description: 'Blended Scotch whisky, 70 cl',
  alcoholPercent: 40,
  unit: 'PCE',
};
const SMARTPHONE: Partial<GoodsItem> = {
  hsCode: '851713',
  tariffCodes: { GZ: '8517130000', HK: '85171300' },
  description: 'Smartphone',
  quantity: 1,
  netMassKg: 0.2,
  grossMassKg: 0.5,
};

const gz = (d: Declaration, overrides = {}) => assess(d, 'GZ', context(overrides));
const shampoo = (unitValue: string, quantity = 1) =>
  item({
    hsCode: '330510',
    tariffCodes: { GZ: '3305100000', HK: '33051000' },
    description: 'Shampoo',
    unitValue,
    quantity,
    netMassKg: 0.4,
    grossMassKg: 0.5,
  });

describe('assess: the api.md example', () => {
  it('is GREEN at both participants; GZ collects the CBEC tax, HK the declaration charge', () => {
    const d = exampleDeclaration();
    expect(gz(d)).toEqual({
      declarationId: 'D-0001',
      authority: 'GZ',
      role: 'import',
      sequence: 1,
      lane: 'GREEN',
      ruleIds: [],
      reasons: [],
      checks: [],
      reserved: false,
      duties: [{ code: 'CN_IMPORT_VAT', amount: '27.30', currency: 'CNY', ruleId: 'CBEC_TAX' }],
      permitsMissing: [],
      rejected: null,
      standardVersion: 'GBA-2024.2',
      positiveListEdition: '2022',
      cbecQuotaValueCny: '300.00',
      assessedAt: '2026-03-01T08:00:00.000Z',
    });
    const hk = assess(d, 'HK', context());
    expect(hk).toMatchObject({
      role: 'export',
      sequence: 0,
      lane: 'GREEN',
      duties: [{ code: 'HK_DECLARATION_CHARGE', amount: '0.20', currency: 'HKD' }],
    });
    expect(hk.positiveListEdition).toBeUndefined();
  });

  it('is deterministic and JSON-serialisable', () => {
    const d = exampleDeclaration();
    const ctx = context({ standard: undefined, assessedAt: new Date('2026-03-01T08:00:00Z') });
    const first = assess(d, 'GZ', ctx);
    expect(assess(d, 'GZ', ctx)).toEqual(first);
    expect(JSON.parse(JSON.stringify(first))).toEqual(first);
  });

  it('replays under a named version', () => {
    const a = gz(exampleDeclaration(), { standard: undefined, standardVersion: 'GBA-2024.1' });
    expect(a.standardVersion).toBe('GBA-2024.1');
  });

  it('refuses what is a programming error, not a business outcome', () => {
    const d = exampleDeclaration();
    expect(() => assess(d, 'MO', context())).toThrow(/MO does not take part/);
    expect(() => gz(d, { assessedAt: 'tomorrow' })).toThrow(RangeError);
    expect(() => gz(d, { standard: undefined, standardVersion: 'GBA-1999.1' })).toThrow(
      /unknown standard version/,
    );
    expect(() => gz(d, { standard: undefined, assessedAt: '2023-06-01T00:00:00Z' })).toThrow(
      /no standard in force/,
    );
    expect(() => gz(d, { selectionKey: '' })).toThrow(/selection key/);
  });
});

describe('goods lists and identifiers', () => {
  it('rejects prohibited goods at every authority, without duties', () => {
    const pistol = item({
      hsCode: '930200',
      tariffCodes: { GZ: '9302000000', HK: '93020000' },
      description: 'Pistol',
      quantity: 1,
    });
    const d = generalTrade('HK', 'CN', [pistol]);
    for (const authority of ['GZ', 'HK'] as const) {
      const a = assess(d, authority, context());
      expect(a.rejected).toEqual({ ruleIds: ['PROHIBITED_GOODS'] });
      expect(a.reasons[0]).toMatchObject({ ruleId: 'PROHIBITED_GOODS', line: 1 });
      expect(a.duties).toEqual([]);
    }
  });

  it('holds restricted goods until the permit is given, and has it checked (YELLOW)', () => {
    const ivory = item({
      hsCode: '050790',
      tariffCodes: { HK: '05079000', MO: '05079000' },
      description: 'Carved horn',
      quantity: 1,
    });
    const d = generalTrade('HK', 'MO', [ivory]);
    const without = assess(d, 'MO', context());
    expect(without).toMatchObject({
      lane: 'YELLOW',
      ruleIds: ['RESTRICTED_GOODS'],
      checks: ['documents'],
      permitsMissing: ['CITES'],
      rejected: null,
    });
    const withPermit = assess(
      { ...d, permits: [{ type: 'CITES', number: 'CITES-HK-2026-77' }] },
      'MO',
      context(),
    );
    expect(withPermit).toMatchObject({ lane: 'YELLOW', ruleIds: ['RESTRICTED_GOODS'], permitsMissing: [] });
  });

  it('flags a USCC checksum mismatch for review (YELLOW) at every participant, without rejecting', () => {
    const d = generalTrade('CN', 'HK', [item()]);
    d.consignor = { name: '广州贸易有限公司', country: 'CN', uscc: '91350100M000100Y44' };
    for (const authority of ['GZ', 'HK'] as const) {
      expect(assess(d, authority, context())).toMatchObject({
        lane: 'YELLOW',
        ruleIds: ['USCC_CHECKSUM_MISMATCH'],
        checks: ['documents', 'identity'],
        rejected: null,
      });
    }
    d.consignor.uscc = '91350100M000100Y43';
    expect(assess(d, 'GZ', context()).ruleIds).toEqual([]);
  });
});

describe('mainland CBEC retail imports', () => {
  const rejectedBy = (a: Assessment) => a.rejected?.ruleIds ?? [];

  it.each<[string, (d: Declaration) => void, string[]]>([
    ['order numbers differ', (d) => (d.ecommerce!.waybill.orderNo = 'O-999'), ['CBEC_ORDER_NO_MISMATCH']],
    [
      'payment amount differs by a fen',
      (d) => (d.ecommerce!.payment.amount = '299.99'),
      ['CBEC_PAYMENT_AMOUNT_MISMATCH'],
    ],
    [
      'payment in another currency',
      (d) => (d.ecommerce!.payment.currency = 'HKD'),
      ['CBEC_PAYMENT_AMOUNT_MISMATCH'],
    ],
    [
      'amount paid 5.33 % above goods + freight + tax',
      (d) => {
        d.ecommerce!.order.amountPaid = '316.00';
        d.ecommerce!.payment.amount = '316.00';
      },
      ['CBEC_AMOUNT_PAID_MISMATCH'],
    ],
    [
      'amount paid exactly 5 % above',
      (d) => {
        d.ecommerce!.order.amountPaid = '315.00';
        d.ecommerce!.payment.amount = '315.00';
      },
      [],
    ],
    [
      'freight, tax and discount explain the amount paid',
      (d) => {
        Object.assign(d.ecommerce!.order, {
          amountPaid: '327.30',
          freight: '20.00',
          taxWithheld: '27.30',
          discount: '20.00',
        });
        d.ecommerce!.payment.amount = '327.30';
      },
      [],
    ],
    ['payer is not the buyer', (d) => (d.ecommerce!.payment.payerName = '李四'), ['CBEC_PAYER_NOT_BUYER']],
    [
      'payer differs but the platform authenticated the buyer',
      (d) => {
        d.ecommerce!.payment.payerName = '李四';
        d.ecommerce!.order.buyerAuthenticated = true;
      },
      [],
    ],
  ])('three-document match: %s', (_name, change, rejected) => {
    const d = exampleDeclaration();
    change(d);
    expect(rejectedBy(gz(d))).toEqual(rejected);
  });

  it.each<[string, GoodsItem[], Record<string, string>, string[], string]>([
    [
      'exactly ¥5,000 in two items',
      [shampoo('2500.00'), { ...shampoo('2500.00'), line: 2 }],
      {},
      [],
      '5000.00',
    ],
    [
      '¥5,000.01 in two items',
      [shampoo('2500.00'), { ...shampoo('2500.01'), line: 2 }],
      {},
      ['CBEC_SINGLE_LIMIT_EXCEEDED'],
      '5000.01',
    ],
    [
      '¥4,990 of goods + ¥20 freight in two items',
      [shampoo('2495.00'), { ...shampoo('2495.00'), line: 2 }],
      { freight: '20.00', amountPaid: '5010.00' },
      ['CBEC_SINGLE_LIMIT_EXCEEDED'],
      '5010.00',
    ],
    [
      '¥4,990 of goods + ¥20 freight − ¥10 discount',
      [shampoo('2495.00'), { ...shampoo('2495.00'), line: 2 }],
      { freight: '20.00', discount: '10.00', amountPaid: '5000.00' },
      [],
      '5000.00',
    ],
    [
      'one line of two units above ¥5,000',
      [shampoo('3000.00', 2)],
      {},
      ['CBEC_SINGLE_LIMIT_EXCEEDED'],
      '6000.00',
    ],
  ])('single limit: %s', (_name, items, order, rejected, quota) => {
    const a = gz(retailImport(items, order));
    expect(rejectedBy(a)).toEqual(rejected);
    expect(a.cbecQuotaValueCny).toBe(quota);
  });

  it('accepts one indivisible item above ¥5,000 within the annual limit, taxed in full', () => {
    const a = gz(retailImport([item({ ...SMARTPHONE, unitValue: '6000.00' })]));
    expect(a.rejected).toBeNull();
    expect(a.ruleIds).toEqual(['CBEC_INDIVISIBLE_ITEM_OVER_LIMIT']);
    expect(a.lane).toBe('GREEN');
    // Full VAT 13 % (ITA tariff 0), not the 9.1 % retail rate (¥546).
    expect(a.duties).toEqual([
      {
        code: 'CN_IMPORT_VAT',
        amount: '780.00',
        currency: 'CNY',
        ruleId: 'CBEC_INDIVISIBLE_ITEM_OVER_LIMIT',
      },
    ]);
  });

  it('taxes an indivisible item in full at its MFN rate, or sends it to an officer when the rate is unknown', () => {
    const cream = gz(retailImport([item({ unitValue: '6000.00', quantity: 1 })]));
    expect(cream.duties.map((x) => [x.code, x.amount])).toEqual([
      ['CN_CUSTOMS_DUTY', '60.00'],
      ['CN_IMPORT_VAT', '787.80'],
    ]);
    const watch = item({
      hsCode: '910211',
      tariffCodes: { GZ: '9102110000', HK: '91021100' },
      description: 'Wrist-watch',
      unitValue: '6000.00',
      quantity: 1,
      netMassKg: 0.1,
      grossMassKg: 0.3,
    });
    const a = gz(retailImport([watch]));
    expect(a).toMatchObject({
      lane: 'YELLOW',
      ruleIds: ['CBEC_INDIVISIBLE_ITEM_OVER_LIMIT', 'CBEC_TARIFF_RATE_UNKNOWN'],
      checks: ['documents', 'valuation'],
    });
  });

  it.each([
    ['¥21,000 used + ¥5,000: exactly ¥26,000', '21000.00', []],
    ['¥21,000.01 used + ¥5,000', '21000.01', ['CBEC_ANNUAL_LIMIT_EXCEEDED']],
    ['nothing used yet', undefined, []],
  ])('annual limit: %s', (_name, used, rejected) => {
    const d = retailImport([shampoo('2500.00'), { ...shampoo('2500.00'), line: 2 }]);
    expect(rejectedBy(gz(d, { buyerAnnualUsedCny: used }))).toEqual(rejected);
  });

  it('rejects an indivisible item above ¥5,000 that would exceed the annual limit', () => {
    const a = gz(retailImport([item({ ...SMARTPHONE, unitValue: '6000.00' })]), {
      buyerAnnualUsedCny: '20000.01',
    });
    expect(rejectedBy(a)).toEqual(['CBEC_ANNUAL_LIMIT_EXCEEDED']);
    expect(a.duties).toEqual([]);
  });

  it('imports only lines of the positive list, and 1210-only lines only under 1210', () => {
    const handbagOk = item({
      hsCode: '420221',
      tariffCodes: { GZ: '4202210000', HK: '42022100' },
      description: 'Handbag',
      quantity: 1,
      unitValue: '800.00',
      netMassKg: 0.9,
      grossMassKg: 1.2,
    });
    const sofa = item({
      hsCode: '940161',
      tariffCodes: { GZ: '9401610000', HK: '94016100' },
      description: 'Sofa',
      quantity: 1,
      unitValue: '800.00',
      netMassKg: 30,
      grossMassKg: 35,
    });
    expect(rejectedBy(gz(retailImport([handbagOk])))).toEqual([]);
    const notListed = gz(retailImport([handbagOk, { ...sofa, line: 2 }]));
    expect(notListed.rejected).toEqual({ ruleIds: ['CBEC_NOT_ON_POSITIVE_LIST'] });
    expect(notListed.reasons[0]).toMatchObject({ line: 2, detail: expect.stringContaining('94016100') });

    const supplement = item({
      hsCode: '210690',
      tariffCodes: { GZ: '2106909090', HK: '21069090' },
      description: 'Fish oil capsules',
      quantity: 1,
      unitValue: '200.00',
      netMassKg: 0.2,
      grossMassKg: 0.3,
    });
    const direct = retailImport([supplement]);
    expect(rejectedBy(gz(direct))).toEqual(['CBEC_POSITIVE_LIST_1210_ONLY']);
    expect(rejectedBy(gz({ ...direct, tradeMode: '1210' }))).toEqual([]);
    expect(rejectedBy(gz({ ...direct, tradeMode: '1239' }))).toEqual(['CBEC_POSITIVE_LIST_1210_ONLY']);
  });

  it('splits freight and discount over consumption-tax rates and rounds once per rate', () => {
    const wine = item({
      hsCode: '220421',
      tariffCodes: { GZ: '2204210000', HK: '22042100' },
      description: 'Bordeaux, 75 cl',
      alcoholPercent: 13.5,
      volumeLitres: 0.75,
      quantity: 1,
      unitValue: '400.00',
      netMassKg: 1.2,
      grossMassKg: 1.5,
    });
    const d = retailImport([shampoo('100.00'), { ...wine, line: 2 }], {
      freight: '25.00',
      amountPaid: '525.00',
    });
    // Shampoo ¥100 + ¥5 freight at 9.1 % = 9.56; wine ¥400 + ¥20 freight at 17.888… % = 75.13 (CT 32.67).
    expect(gz(d).duties.map((x) => [x.code, x.amount])).toEqual([
      ['CN_CONSUMPTION_TAX', '32.67'],
      ['CN_IMPORT_VAT', '52.02'],
    ]);
  });

  it('applies only to retail imports into the mainland', () => {
    const d = generalTrade('HK', 'CN', [shampoo('9000.00')]);
    const a = gz(d);
    expect(a.rejected).toBeNull();
    expect(a.duties).toEqual([]);
    expect(a.cbecQuotaValueCny).toBeUndefined();
  });
});

describe('risk rules', () => {
  it.each([
    ['unit value exactly half the reference (¥40.00)', '40.00', 'CNY', []],
    ['unit value below half the reference (¥39.99)', '39.99', 'CNY', ['UNDERVALUATION']],
    ['US$5.57 at 7.19 = ¥40.05', '5.57', 'USD', []],
    ['US$5.56 at 7.19 = ¥39.98', '5.56', 'USD', ['UNDERVALUATION']],
  ])('undervaluation: %s', (_name, unitValue, currency, fired) => {
    const d = generalTrade('HK', 'CN', [item({ unitValue, currency, netMassKg: 0.1, grossMassKg: 0.2 })]);
    const a = gz(d);
    expect(a.ruleIds).toEqual(fired);
    if (fired.length) expect(a).toMatchObject({ lane: 'YELLOW', checks: ['documents', 'valuation'] });
  });

  it.each([
    ['¥300 for 0.5 kg (¥600/kg)', 0.5, []],
    ['¥300 for 7.5 kg (¥40/kg, the floor)', 7.5, []],
    ['¥300 for 10 kg (¥30/kg)', 10, ['MASS_VALUE_INCONSISTENT']],
    ['¥300 for 5 g (¥60,000/kg)', 0.005, ['MASS_VALUE_INCONSISTENT']],
  ])('mass/value consistency: %s', (_name, netMassKg, fired) => {
    const d = generalTrade('HK', 'CN', [item({ netMassKg, grossMassKg: netMassKg + 0.1 })]);
    const a = gz(d);
    expect(a.ruleIds).toEqual(fired);
    if (fired.length)
      expect(a).toMatchObject({ lane: 'RED', checks: ['documents', 'quantity', 'description', 'valuation'] });
  });

  it('reserves HS chapters 01–24 entering the mainland to GZ (RED, inspected by GZ itself)', () => {
    const formula = item({
      hsCode: '190110',
      tariffCodes: { GZ: '1901101000', HK: '19011010', MO: '19011010' },
      description: 'Infant formula, 800 g',
      quantity: 1,
      unitValue: '238.00',
      netMassKg: 0.8,
      grossMassKg: 1,
    });
    const imported = retailImport([formula]);
    expect(gz(imported)).toMatchObject({
      lane: 'RED',
      ruleIds: ['QUARANTINE_RESERVED'],
      reserved: true,
      checks: ['quantity', 'description', 'quarantine'],
    });
    expect(assess(imported, 'HK', context())).toMatchObject({ lane: 'GREEN', reserved: false });
    const transit = generalTrade('HK', 'MO', [formula], ['CN']);
    expect(assess(transit, 'GZ', context())).toMatchObject({ role: 'transit', lane: 'RED', reserved: true });
    const exported = generalTrade('CN', 'HK', [formula]);
    expect(assess(exported, 'GZ', context())).toMatchObject({
      role: 'export',
      lane: 'GREEN',
      reserved: false,
    });
    // Chapter 25 is outside the reserved chapters.
    const salt = item({
      hsCode: '250100',
      tariffCodes: { GZ: '2501001000', HK: '25010000' },
      description: 'Salt',
    });
    expect(gz(generalTrade('HK', 'CN', [salt])).reserved).toBe(false);
  });

  it.each([
    ['intact and matching', { lockId: 'EL000123', sealNumber: 'S99881', intact: true }, []],
    ['not intact', { lockId: 'EL000123', sealNumber: 'S99881', intact: false }, ['ELOCK_BROKEN']],
    ['another seal number', { lockId: 'EL000123', sealNumber: 'S00000', intact: true }, ['ELOCK_MISMATCH']],
  ])('e-lock on arrival: %s', (_name, eLock, fired) => {
    const a = gz(exampleDeclaration(), { eLock });
    expect(a.ruleIds).toEqual(fired);
    if (fired.length) expect(a).toMatchObject({ lane: 'RED', checks: ['seal', 'quantity', 'description'] });
  });

  it('treats a seal seen on a shipment declared without one as a mismatch', () => {
    const d = exampleDeclaration();
    delete d.transport.eLock;
    expect(gz(d, { eLock: { lockId: 'EL1', sealNumber: 'S1', intact: true } }).ruleIds).toEqual([
      'ELOCK_MISMATCH',
    ]);
  });

  const target = (
    match: object,
    lane: 'YELLOW' | 'RED' = 'YELLOW',
    expiresAt = '2026-12-31T00:00:00Z',
    setAt?: string,
  ) => ({
    id: 'T-1',
    match,
    lane,
    reason: 'intelligence report 42',
    expiresAt,
    ...(setAt ? { setAt } : {}),
  });

  it.each([
    ['its foreign identifier', '7000012050002', 'YELLOW'],
    ['another foreign identifier', '7000012050003', 'GREEN'],
  ])('risk target on a foreign consignor by %s', (_name, partyId, lane) => {
    const d = exampleDeclaration();
    d.consignor = {
      name: 'Osaka Cosmetics KK',
      country: 'JP',
      address: '1-1 Umeda, Kita-ku, Osaka',
      foreignId: { scheme: 'JP_CORPORATE_NUMBER', value: '7000012050002' },
    };
    expect(gz(d, { riskTargets: [target({ partyId })] }).lane).toBe(lane);
  });

  it.each([
    ['party identifier (BRN)', target({ partyId: '12345678' }), 'YELLOW'],
    ['party identifier (buyer ID)', target({ partyId: '11010519491231002X' }, 'RED'), 'RED'],
    ['HS prefix of the HS-6', target({ hsPrefix: '3304' }, 'RED'), 'RED'],
    ['HS prefix of the GZ national code', target({ hsPrefix: '33049900' }), 'YELLOW'],
    ['HS prefix of another national code', target({ hsPrefix: '3304990011' }), 'GREEN'],
    ['origin country', target({ originCountry: 'JP' }), 'YELLOW'],
    ['all criteria together', target({ partyId: '12345678', hsPrefix: '33', originCountry: 'JP' }), 'YELLOW'],
    ['one criterion failing', target({ partyId: '12345678', originCountry: 'KR' }), 'GREEN'],
    ['no criterion', target({}), 'GREEN'],
    ['expired', target({ originCountry: 'JP' }, 'RED', '2026-03-01T08:00:00Z'), 'GREEN'],
    [
      'set after the assessment',
      target({ originCountry: 'JP' }, 'RED', '2026-12-31T00:00:00Z', '2026-03-01T09:00:00Z'),
      'GREEN',
    ],
    [
      'set before the assessment',
      target({ originCountry: 'JP' }, 'RED', '2026-12-31T00:00:00Z', '2026-02-01T00:00:00Z'),
      'RED',
    ],
  ])('risk target on %s', (_name, t, lane) => {
    const a = gz(exampleDeclaration(), { riskTargets: [t] });
    expect(a.lane).toBe(lane);
    if (lane !== 'GREEN') {
      expect(a.ruleIds).toEqual(['RISK_TARGET']);
      expect(a.reasons[0]).toMatchObject({
        ruleId: 'RISK_TARGET',
        targetId: 'T-1',
        detail: 'target T-1: intelligence report 42',
      });
      expect(a.checks).toEqual(lane === 'RED' ? ['documents', 'quantity', 'description'] : ['documents']);
    }
  });

  it('records a first-time consignor as an indicator without a lane', () => {
    expect(gz(exampleDeclaration(), { firstTimeConsignor: true })).toMatchObject({
      lane: 'GREEN',
      ruleIds: ['FIRST_TIME_CONSIGNOR'],
    });
  });
});

describe('AEO facilitation only under an arrangement in force', () => {
  const hkAeo = '123456789012345';

  it.each([
    ['road', '2014-05-17T23:59:59+08:00', false],
    ['road', '2014-05-18T00:00:00+08:00', true],
    ['air', '2014-08-31T12:00:00+08:00', false],
    ['air', '2014-09-01T00:00:00+08:00', true],
    ['sea', '2014-09-01T00:00:00+08:00', true],
    ['rail', '2026-01-01T00:00:00+08:00', false],
  ] as const)('GZ recognises an HK AEO by %s on %s: %s', (mode, at, recognised) => {
    expect(aeoRecognised(hkAeo, 'GZ', mode, at, STANDARD_2024_2)).toBe(recognised);
    expect(aeoRecognised('AEOCN1234567890', 'HK', mode, at, STANDARD_2024_2)).toBe(recognised);
  });

  it.each([
    ['AEOMO1234567890', 'GZ', '2023-02-06T23:59:59+08:00', false],
    ['AEOMO1234567890', 'GZ', '2023-02-07T00:00:00+08:00', true],
    ['AEOMO1234567890', 'HK', '2023-11-09T23:59:59+08:00', false],
    ['AEOMO1234567890', 'HK', '2023-11-10T00:00:00+08:00', true],
    ['AEOCN1234567890', 'GZ', '2000-01-01T00:00:00+08:00', true],
    ['NOT-AN-AEO', 'GZ', '2026-01-01T00:00:00+08:00', false],
  ] as const)('%s at %s on %s: %s', (code, authority, at, recognised) => {
    expect(aeoRecognised(code, authority, 'road', at, STANDARD_2024_2)).toBe(recognised);
  });

  it('lowers the rates from the arrangement’s first day, as recorded in the assessment', () => {
    const d = generalTrade('MO', 'CN', [item({ tariffCodes: { GZ: '3304990099', MO: '33049900' } })]);
    d.consignor = {
      name: 'Macau Trading',
      country: 'MO',
      registrationNumber: 'SO-1',
      aeo: { code: 'AEOMO1234567890' },
    };
    const at = (assessedAt: string) =>
      gz(d, { assessedAt, standard: { ...NO_RANDOM, effectiveFrom: '2023-01-01' } });
    expect(at('2023-02-06T23:59:59+08:00').ruleIds).toEqual([]);
    expect(at('2023-02-07T00:00:00+08:00')).toMatchObject({ ruleIds: ['AEO_FACILITATION'], lane: 'GREEN' });
    // A first-time consignor outranks the facilitation.
    expect(gz(d, { firstTimeConsignor: true }).ruleIds).toEqual(['FIRST_TIME_CONSIGNOR']);
  });
});

describe('deterministic keyed random selection', () => {
  const lk = lookupFor(STANDARD_2024_2);
  const real = (overrides = {}) => context({ standard: undefined, ...overrides });

  it('selects the same lane for the same declaration id, authority, version and key', () => {
    const d = exampleDeclaration();
    for (let n = 0; n < 200; n++) {
      const ctx = real({ declarationId: `D-${n}` });
      expect(assess(d, 'GZ', ctx).lane).toBe(assess(d, 'GZ', ctx).lane);
    }
  });

  it('records RANDOM only when the draw raises the lane', () => {
    const d = exampleDeclaration();
    const picked: Assessment[] = [];
    for (let n = 0; picked.length < 3 && n < 2000; n++) {
      const a = assess(d, 'GZ', real({ declarationId: `D-${n}` }));
      if (a.ruleIds.includes('RANDOM')) picked.push(a);
    }
    expect(picked).toHaveLength(3);
    for (const a of picked) {
      expect(a.lane).not.toBe('GREEN');
      expect(a.reasons).toEqual([{ ruleId: 'RANDOM', detail: `randomly selected for the ${a.lane} lane` }]);
      expect(a.checks).toEqual(a.lane === 'RED' ? ['documents', 'quantity', 'description'] : ['documents']);
      // Already RED by a rule: the draw changes nothing and is not recorded.
      const red = assess(
        d,
        'GZ',
        real({ declarationId: a.declarationId, eLock: { lockId: 'X', sealNumber: 'Y', intact: false } }),
      );
      expect(red.ruleIds).toEqual(['ELOCK_BROKEN']);
    }
  });

  it('property: reproducible, and within 10 % of the configured rates over 100,000 ids', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 8, maxLength: 40 }),
        fc.constantFrom('GZ', 'HK', 'MO') as fc.Arbitrary<'GZ' | 'HK' | 'MO'>,
        (key, authority) => {
          const counts = { RED: 0, YELLOW: 0, GREEN: 0 };
          for (let n = 0; n < 100_000; n++)
            counts[
              laneOfDraw(selectionDraw(key, `D-${n}`, authority, 'GBA-2024.2'), lk.selection.standard)
            ]++;
          expect(selectionDraw(key, 'D-1', authority, 'GBA-2024.2')).toBe(
            selectionDraw(key, 'D-1', authority, 'GBA-2024.2'),
          );
          expect(Math.abs(counts.RED / 100_000 - 0.02)).toBeLessThan(0.002);
          expect(Math.abs(counts.YELLOW / 100_000 - 0.05)).toBeLessThan(0.005);
        },
      ),
      { numRuns: 3 },
    );
  });

  it('uses the AEO rate (0.57 % RED) and the first-time-consignor rate, within 10 %', () => {
    const rate = (thresholds: typeof lk.selection.aeo) => {
      let red = 0;
      for (let n = 0; n < 100_000; n++)
        if (laneOfDraw(selectionDraw('audit-key-2026', `D-${n}`, 'GZ', 'GBA-2024.2'), thresholds) === 'RED')
          red++;
      return red / 100_000;
    };
    expect(Math.abs(rate(lk.selection.aeo) - 0.0057)).toBeLessThan(0.00057);
    expect(Math.abs(rate(lk.selection.firstTimeConsignor) - 0.1)).toBeLessThan(0.01);
  });

  it('draws differently per authority and per standard version', () => {
    const draws = new Set([
      selectionDraw('k', 'D-1', 'GZ', 'GBA-2024.2'),
      selectionDraw('k', 'D-1', 'HK', 'GBA-2024.2'),
      selectionDraw('k', 'D-1', 'GZ', 'GBA-2024.1'),
      selectionDraw('other', 'D-1', 'GZ', 'GBA-2024.2'),
    ]);
    expect(draws.size).toBe(4);
  });
});

describe('HK and Macau duties', () => {
  const whisky = item({
    ...WHISKY,
    quantity: 6,
    unitValue: '388.50',
    currency: 'HKD',
    volumeLitres: 4.2,
    netMassKg: 7.2,
    grossMassKg: 9,
  });

  it('HK import: two-tier liquor duty per bottle and the declaration charge', () => {
    const a = assess(generalTrade('CN', 'HK', [whisky]), 'HK', context());
    // 6 × (HK$200 + 10 % × HK$188.50) = 1,313.10; charge on HK$2,331.00 = 0.20.
    expect(a.duties).toEqual([
      { code: 'HK_LIQUOR_DUTY', amount: '1313.10', currency: 'HKD', ruleId: 'HK_LIQUOR_DUTY' },
      { code: 'HK_DECLARATION_CHARGE', amount: '0.20', currency: 'HKD', ruleId: 'HK_DECLARATION_CHARGE' },
    ]);
  });

  it('HK import before 2024-10-16: 100 % of value', () => {
    const a = assess(
      generalTrade('CN', 'HK', [whisky]),
      'HK',
      context({
        standard: { ...STANDARD_2024_1, randomSelection: NO_RANDOM.randomSelection },
        assessedAt: '2024-06-01T00:00:00Z',
      }),
    );
    expect(a.standardVersion).toBe('GBA-2024.1');
    expect(a.duties[0]).toMatchObject({ code: 'HK_LIQUOR_DUTY', amount: '2331.00' });
  });

  it('HK export pays the declaration charge on the HKD value; transit pays nothing', () => {
    const export_ = assess(
      generalTrade('HK', 'CN', [
        item({ quantity: 400, unitValue: '150.00', netMassKg: 100, grossMassKg: 120 }),
      ]),
      'HK',
      context(),
    );
    // ¥60,000 at 1.082 = HK$64,920.00 → 0.20 + 19 × 0.125 = 2.575 → 2.60.
    expect(export_.duties).toEqual([
      { code: 'HK_DECLARATION_CHARGE', amount: '2.60', currency: 'HKD', ruleId: 'HK_DECLARATION_CHARGE' },
    ]);
    const transit = assess(generalTrade('CN', 'MO', [whisky], ['HK']), 'HK', context());
    expect(transit).toMatchObject({ role: 'transit', duties: [] });
  });

  it('HK totals the declared value per currency before converting it once', () => {
    const d = generalTrade('HK', 'CN', [
      item({ quantity: 100, unitValue: '150.00', netMassKg: 25, grossMassKg: 30 }),
      item({ line: 2, quantity: 100, unitValue: '50.00', currency: 'USD', netMassKg: 25, grossMassKg: 30 }),
      item({ line: 3, quantity: 100, unitValue: '150.00', netMassKg: 25, grossMassKg: 30 }),
    ]);
    // ¥30,000 × 1.082 = HK$32,460 + US$5,000 × 7.78 = HK$38,900 → HK$71,360 → 0.20 + 26 × 0.125 = 3.45 → 3.50.
    expect(assess(d, 'HK', context()).duties[0]).toMatchObject({
      code: 'HK_DECLARATION_CHARGE',
      amount: '3.50',
    });
  });

  it('HK sends other dutiable commodities to an officer', () => {
    const cigarettes = item({
      hsCode: '240220',
      tariffCodes: { GZ: '2402200000', HK: '24022000', MO: '24022000' },
      description: 'Cigarettes',
      quantity: 400,
      unitValue: '1.00',
      currency: 'HKD',
      netMassKg: 0.4,
      grossMassKg: 0.6,
    });
    expect(assess(generalTrade('CN', 'HK', [cigarettes]), 'HK', context())).toMatchObject({
      lane: 'YELLOW',
      ruleIds: ['HK_DUTIABLE_COMMODITY'],
    });
  });

  it('Macau import: consumption tax on spirits, cigarettes and cigars; rice wine excepted but checked', () => {
    const spirits = item({
      ...WHISKY,
      quantity: 2,
      unitValue: '500.00',
      currency: 'HKD',
      volumeLitres: 1.4,
      netMassKg: 2.4,
      grossMassKg: 3,
    });
    const cigarettes = item({
      line: 2,
      hsCode: '240220',
      tariffCodes: { HK: '24022000', MO: '24022000' },
      description: 'Cigarettes',
      quantity: 2,
      unit: 'MIL',
      unitValue: '300.00',
      currency: 'MOP',
      netMassKg: 1.6,
      grossMassKg: 2,
    });
    const cigars = item({
      line: 3,
      hsCode: '240210',
      tariffCodes: { HK: '24021000', MO: '24021000' },
      description: 'Cigars',
      quantity: 25,
      unitValue: '100.00',
      currency: 'MOP',
      netMassKg: 0.5,
      grossMassKg: 0.9,
    });
    const a = assess(generalTrade('HK', 'MO', [spirits, cigarettes, cigars]), 'MO', context());
    // Spirits: 10 % × MOP 1,030.00 + MOP 20 × 1.4 l = 131.00; cigarettes 2,000 × 1.50 = 3,000.00; cigars 0.5 kg × 4,326 = 2,163.00.
    expect(a.duties).toEqual([
      { code: 'MO_CONSUMPTION_TAX', amount: '5294.00', currency: 'MOP', ruleId: 'MO_CONSUMPTION_TAX' },
    ]);

    const riceWine = item({
      ...WHISKY,
      hsCode: '220890',
      tariffCodes: { HK: '22089000', MO: '22089000' },
      description: 'Guilin rice wine 米酒, 500 ml',
      quantity: 2,
      unitValue: '80.00',
      currency: 'MOP',
      volumeLitres: 1,
      netMassKg: 1,
      grossMassKg: 1.6,
    });
    const r = assess(generalTrade('HK', 'MO', [riceWine]), 'MO', context());
    expect(r).toMatchObject({ lane: 'YELLOW', ruleIds: ['MO_RICE_WINE_EXCEPTION'], duties: [] });
  });
});

describe('rule catalogue', () => {
  it('explains every rule an assessment can record', () => {
    for (const id of [
      'PROHIBITED_GOODS',
      'RESTRICTED_GOODS',
      'USCC_CHECKSUM_MISMATCH',
      'CBEC_ORDER_NO_MISMATCH',
      'CBEC_PAYMENT_AMOUNT_MISMATCH',
      'CBEC_AMOUNT_PAID_MISMATCH',
      'CBEC_PAYER_NOT_BUYER',
      'CBEC_SINGLE_LIMIT_EXCEEDED',
      'CBEC_INDIVISIBLE_ITEM_OVER_LIMIT',
      'CBEC_ANNUAL_LIMIT_EXCEEDED',
      'CBEC_NOT_ON_POSITIVE_LIST',
      'CBEC_POSITIVE_LIST_1210_ONLY',
      'CBEC_TARIFF_RATE_UNKNOWN',
      'CBEC_TAX',
      'UNDERVALUATION',
      'MASS_VALUE_INCONSISTENT',
      'FIRST_TIME_CONSIGNOR',
      'AEO_FACILITATION',
      'ELOCK_BROKEN',
      'ELOCK_MISMATCH',
      'QUARANTINE_RESERVED',
      'RISK_TARGET',
      'RANDOM',
      'HK_LIQUOR_DUTY',
      'HK_DUTIABLE_COMMODITY',
      'HK_DECLARATION_CHARGE',
      'MO_CONSUMPTION_TAX',
      'MO_RICE_WINE_EXCEPTION',
    ]) {
      expect(explain(id)).toMatchObject({
        id,
        text: expect.any(String),
        source: expect.stringContaining('domain.md'),
      });
    }
  });
});
