import { cbecBuyerKey, isCbecReturnInTime } from './cbec-ledger';

describe('CBEC annual ledger', () => {
  it('keys buyers by a keyed hash of the ID number, never in clear', () => {
    const key = cbecBuyerKey('11010519491231002X', 'gz-ledger-secret');
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(key).not.toContain('11010519491231002X');
    expect(cbecBuyerKey('11010519491231002X', 'gz-ledger-secret')).toBe(key);
    expect(cbecBuyerKey('11010519491231002X', 'another-secret')).not.toBe(key);
    expect(() => cbecBuyerKey('11010519491231002X', '')).toThrow(RangeError);
  });

  it.each([
    ['the same day', '2026-03-01T10:00:00+08:00', true],
    ['day 30', '2026-03-31T23:59:59+08:00', true],
    ['day 31', '2026-04-01T00:00:00+08:00', false],
    ['before release', '2026-02-28T10:00:00+08:00', false],
  ])('a return on %s after release is in time: %s', (_name, returnedAt, inTime) => {
    expect(isCbecReturnInTime('2026-03-01T09:00:00+08:00', returnedAt)).toBe(inTime);
  });
});
