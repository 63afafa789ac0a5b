import { hkDeclarationCharge } from './declaration-charge';

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
