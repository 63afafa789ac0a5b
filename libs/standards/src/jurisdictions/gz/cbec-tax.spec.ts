import fc from 'fast-check';
import { cbecTax, fullImportTax } from './cbec-tax';

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
