import fc from 'fast-check';
import { epochDay, instantMs, isoUtc, localDay, parseRfc3339 } from './time';

describe('time', () => {
  it.each([
    ['2026-03-01T08:00:00Z', Date.UTC(2026, 2, 1, 8)],
    ['2026-03-01T16:00:00+08:00', Date.UTC(2026, 2, 1, 8)],
    ['2026-03-01t08:00:00.123456z', Date.UTC(2026, 2, 1, 8, 0, 0, 123)],
    ['2026-03-01T08:00:00.5-01:30', Date.UTC(2026, 2, 1, 9, 30, 0, 500)],
    ['2024-02-29T00:00:00Z', Date.UTC(2024, 1, 29)],
  ])('parses %s', (s, ms) => {
    expect(parseRfc3339(s)).toBe(ms);
  });

  it.each([
    '2026-02-29T00:00:00Z',
    '2026-03-01 08:00:00Z',
    '2026-03-01T24:00:00Z',
    '2026-03-01T08:00:00',
    '2026-03-01T08:00:00+0800',
    '2026-03-01T08:00:00+24:00',
    '2026-03-01T08:00:00.Z',
    '2026-03-01',
    'yesterday',
  ])('rejects %s', (s) => {
    expect(parseRfc3339(s)).toBeNaN();
  });

  it('reads the local (UTC+8) calendar day', () => {
    expect(localDay('2024-10-15T15:59:59Z')).toBe(epochDay('2024-10-15'));
    expect(localDay('2024-10-15T16:00:00Z')).toBe(epochDay('2024-10-16'));
    expect(localDay(new Date('2024-10-15T16:00:00Z'))).toBe(epochDay('2024-10-16'));
  });

  it('refuses invalid instants and dates', () => {
    expect(() => instantMs('2026-13-01T00:00:00Z')).toThrow(RangeError);
    expect(() => instantMs(new Date(NaN))).toThrow(RangeError);
    expect(() => epochDay('2026-02-30')).toThrow(RangeError);
  });

  it('property: isoUtc writes what Date.prototype.toISOString writes, and parses back', () => {
    fc.assert(
      fc.property(fc.integer({ min: -30_000_000_000_000, max: 250_000_000_000_000 }), (ms) => {
        const iso = isoUtc(ms);
        expect(iso).toBe(new Date(ms).toISOString());
        expect(parseRfc3339(iso)).toBe(ms);
      }),
    );
  });
});
