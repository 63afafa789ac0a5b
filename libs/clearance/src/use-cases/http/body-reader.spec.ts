import { BodyReader } from './body-reader';

describe('BodyReader', () => {
  const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();

  it.each([
    ['2027-02-30T00:00:00Z', 'DATE_IMPOSSIBLE'],
    ['2027-13-01T00:00:00Z', 'DATE_IMPOSSIBLE'],
    ['2027-01-15T24:00:00Z', 'TIME_IMPOSSIBLE'],
    ['2027-01-15T08:00:00', 'OFFSET_MISSING'],
    ['2027-01-15', 'FORMAT'],
    [1800000000000, 'FORMAT'],
  ])('futureTime refuses %p (%s) with the reason, never rolling it over', (value, _problem) => {
    const body = new BodyReader({ expiresAt: value });
    expect(Number.isNaN(body.futureTime('expiresAt').getTime())).toBe(true);
    expect(body.errors).toEqual([
      { pointer: '/expiresAt', code: 'TIME_INVALID', detail: expect.stringMatching(/^An RFC 3339 time: .+/) },
    ]);
  });

  it('futureTime reads the offset, and refuses the past', () => {
    const body = new BodyReader({ at: '2099-01-15T08:00:00+08:00', past: '2020-01-01T00:00:00Z' });
    expect(body.futureTime('at').toISOString()).toBe('2099-01-15T00:00:00.000Z');
    body.futureTime('past');
    expect(body.errors.map((e) => [e.pointer, e.code])).toEqual([['/past', 'TIME_NOT_IN_FUTURE']]);
    expect(new BodyReader({ at: inAnHour() }).errors).toEqual([]);
  });

  it('close refuses server-owned and unknown members with their pointers', () => {
    const body = new BodyReader({ reason: 'r', setBy: 'x', 'lane~/': 1 });
    body.close(['reason', 'lane'], ['setBy']);
    expect(body.errors.map((e) => [e.pointer, e.code])).toEqual([
      ['/setBy', 'FIELD_SERVER_OWNED'],
      ['/lane~0~1', 'FIELD_UNKNOWN'],
    ]);
  });

  it('close adds nothing for a body that is not an object (already refused at the root)', () => {
    const body = new BodyReader(['reason']);
    body.close(['reason']);
    expect(body.errors.map((e) => e.code)).toEqual(['OBJECT_REQUIRED']);
  });
});
