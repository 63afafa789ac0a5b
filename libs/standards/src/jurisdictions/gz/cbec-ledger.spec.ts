import { createHmac } from 'node:crypto';
import { STANDARD_2024_2 } from '../../config/standards';
import { cbecBuyerKey, cbecQuotaYear, isCbecReturnInTime } from './cbec-ledger';

describe('CBEC annual ledger', () => {
  it('keys buyers by a keyed hash of the ID number, never in clear', () => {
    const key = cbecBuyerKey('11010519491231002X', 'gz-ledger-secret');
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(key).not.toContain('11010519491231002X');
    expect(cbecBuyerKey('11010519491231002X', 'gz-ledger-secret')).toBe(key);
    expect(cbecBuyerKey('11010519491231002X', 'another-secret')).not.toBe(key);
    expect(() => cbecBuyerKey('11010519491231002X', '')).toThrow(RangeError);
  });

  // Keys as GZ's ledger rows hold them: PersonalData(PII_KEY).keyedHash(id) of @gba/clearance,
  // computed with that class and recorded here, so that a change of either side breaks this test.
  it.each([
    [
      'gz-ledger-secret',
      '11010519491231002X',
      '4666dda94ef93778ac09818b7a9888af4d851fb8525aabf79c02a458cb62219a',
    ],
    [
      'gz-ledger-secret',
      '11010519491231002x',
      '4666dda94ef93778ac09818b7a9888af4d851fb8525aabf79c02a458cb62219a',
    ],
    [
      'gz-ledger-secret',
      '110105194912310038',
      '5eb856e0cd6bc5b6d811d38646774ac6d9e385a8e0171e884351f0eb65fcedcd',
    ],
    [
      'dev-pii-key-change-me',
      '11010519491231002X',
      'd9fd3a2327494e3006823b19a1bcd2daec63d43d9ed52c7f2313d3d40bc828ba',
    ],
  ])('under secret %s, buyer %s has the stored key %s', (secret, idNumber, stored) => {
    expect(cbecBuyerKey(idNumber, secret)).toBe(stored);
  });

  it('is HMAC-SHA256 of the upper-cased ID number: x and X are one buyer', () => {
    const expected = createHmac('sha256', 'k').update('11010519491231002X').digest('hex');
    expect(cbecBuyerKey('11010519491231002x', 'k')).toBe(expected);
  });

  it.each([
    ['mainland new year, 00:00 UTC+8', '2025-12-31T16:00:00Z', 2026],
    ['one millisecond before it', '2025-12-31T15:59:59.999Z', 2025],
    ['a Date', new Date('2026-06-30T12:00:00+08:00'), 2026],
    ['epoch milliseconds', Date.UTC(2026, 11, 31, 16), 2027],
  ])('counts the quota by the mainland calendar year: %s', (_name, at, year) => {
    expect(cbecQuotaYear(at)).toBe(year);
  });

  it('refuses an instant that is not one', () => {
    expect(() => cbecQuotaYear('2026-13-01T00:00:00Z')).toThrow(RangeError);
    expect(() => cbecQuotaYear(new Date(NaN))).toThrow(RangeError);
  });
});

describe('CBEC return window: 30 calendar days of release, UTC+8', () => {
  const released = '2026-03-01T09:00:00+08:00';

  it.each([
    ['the same day, before the hour of release', released, '2026-03-01T08:00:00+08:00', true],
    ['the same day', released, '2026-03-01T10:00:00+08:00', true],
    ['day 29', released, '2026-03-30T23:59:59+08:00', true],
    ['day 30 at its first second', released, '2026-03-31T00:00:00+08:00', true],
    ['day 30 at its last millisecond', released, '2026-03-31T23:59:59.999+08:00', true],
    ['day 31 at its first second', released, '2026-04-01T00:00:00+08:00', false],
    ['day 31', released, '2026-04-01T10:00:00+08:00', false],
    ['the day before release', released, '2026-02-28T10:00:00+08:00', false],
    // Midnight in UTC+8 is 16:00 UTC: the calendar day turns there, not at 00:00 UTC.
    ['day 30, given in UTC just before 16:00', '2026-03-01T01:00:00Z', '2026-03-31T15:59:59Z', true],
    ['day 31, given in UTC from 16:00', '2026-03-01T01:00:00Z', '2026-03-31T16:00:00Z', false],
    // Released late on day 0 (UTC+8) though still the previous day in UTC.
    ['released 23:30 UTC+8, day 30 at 23:00', '2026-03-01T15:30:00Z', '2026-03-31T15:00:00Z', true],
    ['released 23:30 UTC+8, day 31 at 00:30', '2026-03-01T15:30:00Z', '2026-03-31T16:30:00Z', false],
    // More than 30 × 24 hours yet still on day 30: in time (a millisecond window refused it).
    [
      'released 00:05, returned 30 days and 23 hours later',
      '2026-03-01T00:05:00+08:00',
      '2026-03-31T23:05:00+08:00',
      true,
    ],
    // Across a month end and the new year in UTC+8.
    ['day 30 across the new year', '2025-12-15T20:00:00+08:00', '2026-01-14T23:59:00+08:00', true],
    ['day 31 across the new year', '2025-12-15T20:00:00+08:00', '2026-01-15T00:00:00+08:00', false],
  ])('%s: in time %s', (_name, releasedAt, returnedAt, inTime) => {
    expect(isCbecReturnInTime(releasedAt, returnedAt, STANDARD_2024_2)).toBe(inTime);
  });

  it('takes Dates as the ledger stores them, and the window from the standard', () => {
    const at = new Date('2026-03-01T09:00:00+08:00');
    expect(isCbecReturnInTime(at, new Date('2026-03-31T23:00:00+08:00'))).toBe(true);
    expect(isCbecReturnInTime(at, new Date('2026-04-01T00:00:00+08:00'))).toBe(false);
    const sevenDays = { ...STANDARD_2024_2, cbec: { ...STANDARD_2024_2.cbec, returnWindowDays: 7 } };
    expect(isCbecReturnInTime(at, new Date('2026-03-08T23:00:00+08:00'), sevenDays)).toBe(true);
    expect(isCbecReturnInTime(at, new Date('2026-03-09T00:00:00+08:00'), sevenDays)).toBe(false);
  });

  it('refuses an instant that is not one', () => {
    expect(() => isCbecReturnInTime('2026-03-01', '2026-03-02T00:00:00Z')).toThrow(RangeError);
  });
});
