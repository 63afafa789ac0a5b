import fc from 'fast-check';
import {
  epochDay,
  instantMs,
  isoUtc,
  isRealDate,
  localDay,
  parseRfc3339,
  readDateTime,
  readFullDate,
} from './time';

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

  it.each([
    ['2027-02-30T00:00:00Z', 'DATE_IMPOSSIBLE'],
    ['2026-02-29T00:00:00Z', 'DATE_IMPOSSIBLE'],
    ['1900-02-29T00:00:00Z', 'DATE_IMPOSSIBLE'],
    ['2026-13-01T00:00:00Z', 'DATE_IMPOSSIBLE'],
    ['2026-00-10T00:00:00Z', 'DATE_IMPOSSIBLE'],
    ['2026-04-31T00:00:00+08:00', 'DATE_IMPOSSIBLE'],
    ['2026-01-00T00:00:00Z', 'DATE_IMPOSSIBLE'],
    ['2026-03-01T24:00:00Z', 'TIME_IMPOSSIBLE'],
    ['2026-03-01T23:60:00Z', 'TIME_IMPOSSIBLE'],
    ['2026-03-01T23:59:61Z', 'TIME_IMPOSSIBLE'],
    ['2026-03-01T08:00:00+24:00', 'TIME_IMPOSSIBLE'],
    ['2026-03-01T08:00:00+08:60', 'TIME_IMPOSSIBLE'],
    ['2016-12-31T23:59:60Z', 'LEAP_SECOND'],
    ['2027-01-15T08:00:00', 'OFFSET_MISSING'],
    ['2027-01-15T08:00:00.250', 'OFFSET_MISSING'],
    ['2027-01-15T08:00', 'FORMAT'],
    ['2027-01-15 08:00:00Z', 'FORMAT'],
    ['2027-01-15T08:00:00+0800', 'FORMAT'],
    ['2027-01-15T08:00:00+08', 'FORMAT'],
    ['2027-01-15T08:00:00.Z', 'FORMAT'],
    ['2027-01-15T08:00:00.1234567890Z', 'FORMAT'],
    ['2027-1-15T08:00:00Z', 'FORMAT'],
    ['+2027-01-15T08:00:00Z', 'FORMAT'],
    ['2027-01-15T08:00:00ZZ', 'FORMAT'],
    ['２０２７-01-15T08:00:00Z', 'FORMAT'],
    ['Fri, 15 Jan 2027 08:00:00 GMT', 'FORMAT'],
    ['2027-01-15', 'FORMAT'],
    ['', 'FORMAT'],
    [1768464000000, 'FORMAT'],
    [null, 'FORMAT'],
  ])('refuses %p as %s, with a reason to send back', (v, problem) => {
    const r = readDateTime(v);
    expect(r).toEqual({ ok: false, problem, detail: expect.any(String) });
    if (typeof v === 'string') expect(parseRfc3339(v)).toBeNaN();
  });

  it('reads a date-time with its offset, never in the server zone', () => {
    expect(readDateTime('2027-01-15T08:00:00+08:00')).toEqual({ ok: true, ms: Date.UTC(2027, 0, 15, 0) });
    expect(readDateTime('2027-01-15T08:00:00-00:00')).toEqual({ ok: true, ms: Date.UTC(2027, 0, 15, 8) });
  });

  it.each([
    ['2026-02-28', Date.UTC(2026, 1, 28) / 86_400_000],
    ['2024-02-29', Date.UTC(2024, 1, 29) / 86_400_000],
    ['2000-02-29', Date.UTC(2000, 1, 29) / 86_400_000],
  ])('reads the full-date %s', (s, day) => {
    expect(readFullDate(s)).toEqual({ ok: true, day });
  });

  it.each([
    ['2026-02-30', 'DATE_IMPOSSIBLE'],
    ['2100-02-29', 'DATE_IMPOSSIBLE'],
    ['2026-13-01', 'DATE_IMPOSSIBLE'],
    ['2026-2-3', 'FORMAT'],
    ['2026-02-03T00:00:00Z', 'FORMAT'],
    [20260203, 'FORMAT'],
  ])('refuses the full-date %p as %s', (v, problem) => {
    expect(readFullDate(v)).toMatchObject({ ok: false, problem });
  });

  const datePart = fc.record({
    y: fc.integer({ min: 1, max: 9999 }),
    m: fc.integer({ min: 1, max: 12 }),
    d: fc.integer({ min: 1, max: 31 }),
  });
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');

  it('property: a real date formatted as RFC 3339 parses back to the same instant as Date.UTC', () => {
    fc.assert(
      fc.property(
        datePart.filter(({ y, m, d }) => isRealDate(y, m, d)),
        fc.integer({ min: 0, max: 86_399_999 }),
        fc.integer({ min: -23 * 60 - 59, max: 23 * 60 + 59 }),
        ({ y, m, d }, msOfDay, offset) => {
          const time = `${pad(Math.floor(msOfDay / 3_600_000))}:${pad(Math.floor(msOfDay / 60_000) % 60)}:${pad(Math.floor(msOfDay / 1000) % 60)}.${pad(msOfDay % 1000, 3)}`;
          const zone = `${offset < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
          const utc = new Date(0);
          utc.setUTCFullYear(y, m - 1, d);
          const expected = utc.getTime() + msOfDay - offset * 60_000;
          expect(readDateTime(`${pad(y, 4)}-${pad(m)}-${pad(d)}T${time}${zone}`)).toEqual({
            ok: true,
            ms: expected,
          });
        },
      ),
    );
  });

  it('property: a day the calendar does not have is refused as DATE_IMPOSSIBLE, never rolled over', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          datePart.filter(({ y, m, d }) => !isRealDate(y, m, d)),
          fc.record({
            y: fc.integer({ min: 1, max: 9999 }),
            m: fc.integer({ min: 13, max: 99 }),
            d: fc.integer({ min: 1, max: 28 }),
          }),
        ),
        ({ y, m, d }) => {
          const date = `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
          expect(readDateTime(`${date}T00:00:00Z`)).toMatchObject({ ok: false, problem: 'DATE_IMPOSSIBLE' });
          expect(readFullDate(date)).toMatchObject({ ok: false, problem: 'DATE_IMPOSSIBLE' });
        },
      ),
    );
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
