import fc from 'fast-check';
import { divRound, formatUnits, numberToUnits, toUnits } from './decimal';

describe('exact decimals', () => {
  it.each([
    ['150.00', 2, 15000n],
    ['150', 2, 15000n],
    ['0.5', 4, 5000n],
    ['0', 2, 0n],
    ['123456789012345.6789', 4, 1234567890123456789n],
  ])('toUnits(%s, %d) = %s', (s, scale, units) => {
    expect(toUnits(s, scale)).toBe(units);
  });

  it.each(['', '-1', '01', '1.', '.5', '1.2.3', '1e3', ' 1', '1,5'])('rejects %j', (s) => {
    expect(() => toUnits(s, 2)).toThrow(RangeError);
  });

  it('rejects more decimal places than the scale and non-strings', () => {
    expect(() => toUnits('0.001', 2)).toThrow(/decimal places/);
    expect(() => toUnits(5 as unknown as string, 2)).toThrow(RangeError);
  });

  it.each([
    [0.1, 6, 100000n],
    [0.6, 6, 600000n],
    [2, 6, 2000000n],
    [1234.567891, 6, 1234567891n],
    [999999999.999999, 6, 999999999999999n],
  ])('numberToUnits(%d, %d) = %s: the decimal the sender wrote', (n, scale, units) => {
    expect(numberToUnits(n, scale)).toBe(units);
  });

  it('refuses numbers more precise than the scale', () => {
    expect(() => numberToUnits(0.1234567, 6)).toThrow(RangeError);
    expect(() => numberToUnits(1e-7, 6)).toThrow(RangeError);
  });

  it('formats with exactly the scale', () => {
    expect(formatUnits(2730n, 2)).toBe('27.30');
    expect(formatUnits(5n, 2)).toBe('0.05');
    expect(formatUnits(-5n, 2)).toBe('-0.05');
    expect(formatUnits(7n, 0)).toBe('7');
  });

  it.each([
    [25n, 10n, 'half-up', 3n],
    [24n, 10n, 'half-up', 2n],
    [21n, 10n, 'up', 3n],
    [20n, 10n, 'up', 2n],
    [29n, 10n, 'down', 2n],
  ] as const)('divRound(%s, %s, %s) = %s', (n, d, mode, q) => {
    expect(divRound(n, d, mode)).toBe(q);
  });

  it('property: parse ∘ format is the identity', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 19n }), fc.integer({ min: 0, max: 6 }), (units, scale) => {
        expect(toUnits(formatUnits(units, scale), scale)).toBe(units);
      }),
    );
  });
});
