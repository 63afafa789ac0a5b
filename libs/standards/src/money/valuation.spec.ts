import { lookupFor } from '../config/lookup';
import { STANDARD_2024_2 } from '../config/standards';
import { epochDay } from '../time';
import { convertCents, rateTableFor } from './valuation';

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
