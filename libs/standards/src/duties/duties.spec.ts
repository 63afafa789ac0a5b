import fc from 'fast-check';
import { lookupFor } from '../config/lookup';
import { STANDARD_2024_1, STANDARD_2024_2 } from '../config/standards';
import { cbecTax, fullImportTax } from './cbec-tax';
import { hkDeclarationCharge, hkExcise } from './hk';
import { macauConsumptionTax } from './macau';
import { convertCents, rateTableFor } from './valuation';
import { epochDay } from '../time';

describe('CBEC retail import tax (within the limits)', () => {
  it.each([
    // (consumption-tax rate + 13 %) ÷ (1 − rate) × 70 %, on the price actually paid.
    ['300.00', '0', { customsDuty: '0.00', consumptionTax: '0.00', vat: '27.30', total: '27.30' }], // 9.1 %
    ['5000.00', '0', { customsDuty: '0.00', consumptionTax: '0.00', vat: '455.00', total: '455.00' }],
    ['1000.00', '0.10', { customsDuty: '0.00', consumptionTax: '77.78', vat: '101.11', total: '178.89' }], // wine: 17.89 %
    ['1000.00', '0.20', { customsDuty: '0.00', consumptionTax: '175.00', vat: '113.75', total: '288.75' }], // spirits: 28.875 %
    ['0.05', '0', { customsDuty: '0.00', consumptionTax: '0.00', vat: '0.00', total: '0.00' }], // 0.00455 → 0.00
    ['0.06', '0', { customsDuty: '0.00', consumptionTax: '0.00', vat: '0.01', total: '0.01' }], // 0.00546 → 0.01 half-up
  ])('on CNY %s at consumption tax %s', (value, rate, tax) => {
    expect(cbecTax(value, rate)).toEqual(tax);
  });

  it('taxes in full without the reduction: tariff, consumption tax on value + duty, VAT on all', () => {
    // A ¥6,000 smartphone: tariff 0 (ITA), no consumption tax, VAT 13 % = 780.00.
    expect(fullImportTax('6000.00', { tariffRate: '0' })).toEqual({
      customsDuty: '0.00',
      consumptionTax: '0.00',
      vat: '780.00',
      total: '780.00',
    });
    // ¥6,000 of skin care at 1 % MFN: duty 60.00, VAT 13 % of 6,060.00 = 787.80.
    expect(fullImportTax('6000.00', { tariffRate: '0.01' })).toEqual({
      customsDuty: '60.00',
      consumptionTax: '0.00',
      vat: '787.80',
      total: '847.80',
    });
    // With 10 % consumption tax: CT = 6,060 × 0.1 / 0.9 = 673.33; VAT = 13 % × 6,733.33 = 875.33.
    expect(fullImportTax('6000.00', { tariffRate: '0.01', consumptionTaxRate: '0.10' }).total).toBe(
      '1608.66',
    );
  });

  it('property: total = value × combined rate, rounded half-up to the fen', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10_000_000n }),
        fc.constantFrom(0n, 100_000n, 150_000n, 200_000n),
        (cents, ct) => {
          const value = `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`;
          const rate = `0.${String(ct).padStart(6, '0')}`;
          // exact: cents × (ct + 0.13) × 0.7 / (1 − ct), in millionths
          const numerator = cents * (ct + 130_000n) * 700_000n;
          const denominator = (1_000_000n - ct) * 1_000_000n;
          const expected = (2n * numerator + denominator) / (2n * denominator);
          expect(cbecTax(value, rate).total).toBe(
            `${expected / 100n}.${String(expected % 100n).padStart(2, '0')}`,
          );
        },
      ),
    );
  });
});

describe('HK duty on liquor', () => {
  it.each([
    ['HK$200 at 100 % + HK$300 at 10 %', { valueHkd: '500.00', alcoholPercent: 40 }, '230.00'],
    ['at or below HK$200: 100 %', { valueHkd: '150.00', alcoholPercent: 40 }, '150.00'],
    ['exactly HK$200', { valueHkd: '200.00', alcoholPercent: 40 }, '200.00'],
    ['ABV exactly 30 %: not dutiable', { valueHkd: '500.00', alcoholPercent: 30 }, '0.00'],
    ['just above 30 %', { valueHkd: '500.00', alcoholPercent: 30.01 }, '230.00'],
    ['wine', { valueHkd: '500.00', alcoholPercent: 13.5 }, '0.00'],
    [
      'two bottles: HK$200 each at 100 %',
      { valueHkd: '1000.00', alcoholPercent: 40, containers: 2 },
      '460.00',
    ],
    [
      '1.5-litre bottle: per litre, HK$300 at 100 %',
      { valueHkd: '900.00', alcoholPercent: 40, containers: 1, litres: 1.5 },
      '360.00',
    ],
    [
      'two 0.7-litre bottles: per container',
      { valueHkd: '900.00', alcoholPercent: 40, containers: 2, litres: 1.4 },
      '450.00',
    ],
    ['10 % of HK$100.05 = 10.005, half-up', { valueHkd: '300.05', alcoholPercent: 40 }, '210.01'],
  ])('%s', (_case, liquor, duty) => {
    expect(hkExcise(liquor, STANDARD_2024_2)).toBe(duty);
  });

  it('is a flat 100 % under the standard in force before 2024-10-16', () => {
    expect(hkExcise({ valueHkd: '500.00', alcoholPercent: 40 }, STANDARD_2024_1)).toBe('500.00');
    expect(hkExcise({ valueHkd: '500.00', alcoholPercent: 30 }, STANDARD_2024_1)).toBe('0.00');
  });
});

describe('HK declaration charge', () => {
  it.each([
    ['0', '0.20'],
    ['1000.00', '0.20'],
    ['46000.00', '0.20'], // exactly HK$46,000
    ['46000.01', '0.40'], // + 0.125 for the part of HK$1,000 → 0.325 → rounded up to 0.40
    ['47000.00', '0.40'],
    ['47000.01', '0.50'], // 0.20 + 2 × 0.125 = 0.45 → 0.50
    ['54000.00', '1.20'], // 0.20 + 8 × 0.125 = 1.20
    ['1644000.00', '200.00'], // 0.20 + 1,598 × 0.125 = 199.95 → 200.00
    ['1643000.00', '199.90'], // 0.20 + 1,597 × 0.125 = 199.825 → 199.90
    ['99999999.99', '200.00'], // capped
  ])('on HK$%s → HK$%s', (value, charge) => {
    expect(hkDeclarationCharge(value)).toBe(charge);
  });

  it('refuses a malformed value', () => {
    expect(() => hkDeclarationCharge('46,000')).toThrow(RangeError);
    expect(() => hkDeclarationCharge('-1')).toThrow(RangeError);
  });
});

describe('Macau consumption tax', () => {
  it.each([
    [
      'whisky: 10 % of CIF + MOP 20 × 0.7 l',
      { hsCode: '220830', cifValueMop: '1000.00', alcoholPercent: 40, litres: 0.7 },
      '114.00',
    ],
    [
      'ABV exactly 30 %: taxed',
      { hsCode: '220830', cifValueMop: '1000.00', alcoholPercent: 30, litres: 1 },
      '120.00',
    ],
    ['below 30 %', { hsCode: '220830', cifValueMop: '1000.00', alcoholPercent: 29.99, litres: 1 }, '0.00'],
    [
      'rice wine excepted',
      { hsCode: '220600', cifValueMop: '500.00', alcoholPercent: 35, litres: 0.5, riceWine: true },
      '0.00',
    ],
    [
      'wine (2204) is not in the list',
      { hsCode: '220421', cifValueMop: '500.00', alcoholPercent: 14, litres: 0.75 },
      '0.00',
    ],
    [
      'heading 2204 even at 40 %',
      { hsCode: '220421', cifValueMop: '500.00', alcoholPercent: 40, litres: 0.75 },
      '0.00',
    ],
    ['cigarettes: MOP 1.50 × 200 sticks', { hsCode: '240220', cifValueMop: '300.00', sticks: 200 }, '300.00'],
    ['other cigarettes', { hsCode: '240290', cifValueMop: '30.00', sticks: 20 }, '30.00'],
    ['cigars: MOP 4,326 × 0.5 kg', { hsCode: '240210', cifValueMop: '3000.00', netMassKg: 0.5 }, '2163.00'],
    ['cigars: 1.7304 → 1.73', { hsCode: '240210', cifValueMop: '3000.00', netMassKg: 0.0004 }, '1.73'],
    ['other goods', { hsCode: '330499', cifValueMop: '300.00' }, '0.00'],
  ])('%s', (_case, goods, tax) => {
    expect(macauConsumptionTax(goods)).toBe(tax);
  });
});

describe('valuation', () => {
  const lk = lookupFor(STANDARD_2024_2);
  const table2024 = rateTableFor(lk, epochDay('2024-06-30'));
  const table2025 = rateTableFor(lk, epochDay('2025-01-01'));

  it('uses the exchange-rate table in force on the day', () => {
    expect(convertCents(10000n, 'USD', 'CNY', table2024, lk)).toBe(71000n);
    expect(convertCents(10000n, 'USD', 'CNY', table2025, lk)).toBe(71900n);
    expect(() => rateTableFor(lk, epochDay('2022-12-31'))).toThrow(/no exchange-rate table/);
  });

  it('converts to MOP through the HKD peg of 1.03, rounding once', () => {
    expect(convertCents(10000n, 'HKD', 'MOP', table2024, lk)).toBe(10300n);
    expect(convertCents(10000n, 'USD', 'MOP', table2024, lk)).toBe(80443n); // 7.81 × 1.03 = 8.0443
    expect(convertCents(10000n, 'MOP', 'HKD', table2024, lk)).toBe(9709n);
    expect(convertCents(10000n, 'MOP', 'MOP', table2024, lk)).toBe(10000n);
  });
});
