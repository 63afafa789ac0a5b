import { join } from 'node:path';
import { sampleDeclaration, sampleResidentId } from '@gba/testing';
import { AuthorityStack, PLATFORM_KEYS } from './support/authority-stack';
import { file, getDeclaration, participant } from './support/declarations';
import { hs256Token, problemViolations, riskTargetBody, send } from './support/security';

/**
 * Real inputs of issue 11, kinds 5, 6 and 8, on the real services:
 * - officer tokens signed with the right secret but made for another application (`aud`, `iss`)
 *   or dated in the future (`nbf`, `iat`) → 401;
 * - the CBEC quota asked by POST (the ID number in the body) and only about a platform's own
 *   buyers; the old GET with the ID number in the URL → 410;
 * - a return on calendar day 30 at 23:30 (UTC+8) of an import released at 23:00 on day 0 is in
 *   time (more than 30 × 24 hours later), on day 31 at 00:00 it is late.
 *
 * The release must lie 30 days in the past: the stack first runs on a clock shifted back 32 days
 * (support/shifted-clock.cjs, preloaded by the test into the service processes), files and
 * releases through the real flow at 23:00 UTC+8 of that day, then GZ is restarted on the real
 * clock to take the returns and enquiries.
 */
const DAY_MS = 86_400_000;
const UTC8_MS = 8 * 3_600_000;
const BUYER = sampleResidentId(9_610_030);
const OTHER_BUYER = sampleResidentId(9_610_031);

/** 00:00 UTC+8 of the local day `days` after the one of `ms`, as epoch ms. */
const localMidnight = (ms: number, days: number) =>
  Math.floor((ms + UTC8_MS) / DAY_MS) * DAY_MS - UTC8_MS + days * DAY_MS;
/** RFC 3339 in UTC+8 of an instant, as a platform in the mainland would write it. */
const utc8 = (ms: number) => `${new Date(ms + UTC8_MS).toISOString().slice(0, 19)}+08:00`;

describe('real inputs: officer tokens, personal data in URLs, the return window (issue 11: 5, 6, 8)', () => {
  let stack: AuthorityStack;
  /** 00:00 UTC+8 of the day of release (day 0), 32 days ago. */
  let day0: number;
  let releasedAt: string;
  let inTime: string;
  let late: string;
  let otherPlatformsImport: string;

  const json = (key: keyof typeof PLATFORM_KEYS) => ({
    'content-type': 'application/json',
    'x-api-key': PLATFORM_KEYS[key],
  });
  const enquire = (buyerIdNumber: string, key: keyof typeof PLATFORM_KEYS = 'shop-a') =>
    send(`${stack.url('GZ')}/api/v1/cbec/quota`, {
      method: 'POST',
      headers: json(key),
      body: JSON.stringify({ buyerIdNumber }),
    });
  const returning = (id: string, returnedAt: string) =>
    send(`${stack.url('GZ')}/api/v1/declarations/${id}/returns`, {
      method: 'POST',
      headers: json('shop-a'),
      body: JSON.stringify({ returnedAt, reason: 'does not fit' }),
    });

  /** Polls GZ, as the platform that filed it, until GZ has released the import. */
  async function releasedAtGz(id: string, platform: keyof typeof PLATFORM_KEYS) {
    const deadline = Date.now() + 60000;
    while (Date.now() < deadline) {
      const { status, body } = await getDeclaration(stack.url('GZ'), id, platform);
      if (status === 200 && participant(body, 'GZ').status === 'RELEASED') return body;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`GZ never released ${id}`);
  }

  beforeAll(async () => {
    const now = Date.now();
    day0 = localMidnight(now, -32);
    // The services' clock reads 23:00 UTC+8 of day 0 when they start.
    const offset = day0 + 23 * 3_600_000 - now;
    stack = await AuthorityStack.start({
      RANDOM_SELECTION: 'off',
      NODE_OPTIONS: `--require ${join(__dirname, 'support/shifted-clock.cjs')}`,
      GBA_TEST_CLOCK_OFFSET_MS: String(offset),
    });
    const retail = (buyerIdNumber: string) => sampleDeclaration(undefined, { buyerIdNumber });
    const filed = await Promise.all([
      file(stack.url('GZ'), retail(BUYER)),
      file(stack.url('GZ'), retail(BUYER)),
      file(stack.url('GZ'), retail(OTHER_BUYER), undefined, 'shop-b'),
    ]);
    expect(filed.map((f) => f.status)).toEqual([201, 201, 201]);
    const released = await Promise.all(
      filed.map((f, i) => releasedAtGz(f.body.id, i === 2 ? 'shop-b' : 'shop-a')),
    );
    [inTime, late, otherPlatformsImport] = released.map((d) => d.id);
    releasedAt = participant(released[0]!, 'GZ').decidedAt as string;

    // Back to the real clock: GZ alone takes the returns and enquiries.
    await stack.signal('GZ', 'SIGTERM');
    const env = stack.environment('GZ');
    delete env['NODE_OPTIONS'];
    delete env['GBA_TEST_CLOCK_OFFSET_MS'];
    await stack.launch('GZ');
  }, 180000);

  afterAll(() => stack?.stop());

  describe('kind 5: officer tokens for someone else', () => {
    const createTarget = async (token: string) =>
      send(`${stack.url('GZ')}/api/v1/risk/targets`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(riskTargetBody()),
      });
    const supervisor = (options: Parameters<typeof hs256Token>[2]) =>
      hs256Token('GZ', ['officer', 'supervisor'], options);
    const nowS = () => Math.floor(Date.now() / 1000);

    it.each([
      [
        'another application’s audience and issuer, the right secret',
        () => supervisor({ audience: 'payroll-app', issuer: 'https://idp.other.example' }),
        'token is from another issuer ("iss")',
      ],
      [
        'another audience',
        () => supervisor({ audience: 'payroll-app' }),
        'token is for another audience ("aud")',
      ],
      [
        'another issuer',
        () => supervisor({ issuer: 'https://idp.other.example' }),
        'token is from another issuer ("iss")',
      ],
      [
        'not valid before an hour from now',
        () => supervisor({ notBefore: nowS() + 3600 }),
        'token is not valid yet ("nbf")',
      ],
      [
        'issued an hour from now',
        () => supervisor({ issuedAt: nowS() + 3600, expiresIn: nowS() + 7200 }),
        'token is issued in the future ("iat")',
      ],
    ])('refuses a risk target by a token %s → 401 saying why', async (_name, token, detail) => {
      const answer = await createTarget(await token());
      expect(answer.status).toBe(401);
      expect(problemViolations(answer)).toEqual([]);
      expect(JSON.parse(answer.text)).toMatchObject({ status: 401, detail });
    });

    it('accepts the same supervisor with this system’s audience and issuer, nbf and iat within the skew', async () => {
      const answer = await createTarget(
        await supervisor({ notBefore: nowS() + 10, issuedAt: nowS() + 10, expiresIn: '10m' }),
      );
      expect(answer.status).toBe(201);
    });
  });

  describe('kind 6: personal data never in a URL, a platform sees only its own buyers', () => {
    it('answers the quota of its own buyer by POST', async () => {
      const answer = await enquire(BUYER);
      expect(answer.status).toBe(200);
      const quota = JSON.parse(answer.text) as { year: number; used: string; remaining: string };
      // Both imports were counted in the quota year of day 0 (the mainland's calendar year): this
      // year's quota shows them unless day 0 fell in the previous year.
      const sameYear =
        new Date(day0 + UTC8_MS).getUTCFullYear() === new Date(Date.now() + UTC8_MS).getUTCFullYear();
      expect(Number(quota.used) > 0).toBe(sameYear);
      expect(Number(quota.used) + Number(quota.remaining)).toBeCloseTo(26000, 2);
      expect(quota).toMatchObject({ currency: 'CNY' });
    });

    it('refuses the quota of another platform’s buyer (403) and of an unknown one alike', async () => {
      for (const buyer of [OTHER_BUYER, sampleResidentId(9_610_099)]) {
        const answer = await enquire(buyer);
        expect(answer.status).toBe(403);
        expect(problemViolations(answer)).toEqual([]);
      }
      expect((await enquire(OTHER_BUYER, 'shop-b')).status).toBe(200);
    });

    it('answers the GET with the ID number in its query 410, pointing to the POST, and logs no ID number', async () => {
      const answer = await send(`${stack.url('GZ')}/api/v1/cbec/quota?buyerIdNumber=${BUYER}`, {
        headers: { 'x-api-key': PLATFORM_KEYS['shop-a'] },
      });
      expect(answer.status).toBe(410);
      expect(problemViolations(answer)).toEqual([]);
      expect(JSON.parse(answer.text)).toMatchObject({
        replacement: { method: 'POST', href: '/api/v1/cbec/quota' },
        // The instance names the request by its id, never by its query.
        instance: expect.stringMatching(/^urn:gba:request:[0-9a-f-]{36}$/),
      });
      expect(answer.text).not.toContain(BUYER);
      for (const authority of ['GZ', 'HK', 'MO'] as const) {
        expect(stack.output(authority)).not.toContain(BUYER);
        expect(stack.output(authority)).not.toContain(OTHER_BUYER);
      }
      // The request log line is written once the answer is sent: wait for it.
      const logged = '/api/v1/cbec/quota?buyerIdNumber=[redacted]';
      for (let i = 0; i < 50 && !stack.output('GZ').includes(logged); i++)
        await new Promise((r) => setTimeout(r, 100));
      expect(stack.output('GZ')).toContain(logged);
    });
  });

  describe('kind 8: the return window is the standard’s, in calendar days (UTC+8)', () => {
    it('released at 23:00 UTC+8 on day 0, through the real flow', () => {
      const released = Date.parse(releasedAt);
      expect(released).toBeGreaterThanOrEqual(day0 + 23 * 3_600_000);
      expect(released).toBeLessThan(day0 + 23.5 * 3_600_000);
    });

    it('accepts a return on day 30 at 23:30 (more than 30 × 24 hours after release)', async () => {
      const returnedAt = utc8(day0 + 30 * DAY_MS + 23.5 * 3_600_000);
      expect(Date.parse(returnedAt) - Date.parse(releasedAt)).toBeGreaterThan(30 * DAY_MS);
      const answer = await returning(inTime, returnedAt);
      expect(answer.status).toBe(201);
      expect(JSON.parse(answer.text)).toMatchObject({
        declarationId: inTime,
        returnedAt: new Date(returnedAt).toISOString(),
        currency: 'CNY',
      });
    });

    it('refuses a return on day 31 at 00:00 with RETURN_NOT_ALLOWED at /returnedAt', async () => {
      const answer = await returning(late, utc8(day0 + 31 * DAY_MS));
      expect(answer.status).toBe(422);
      expect(problemViolations(answer)).toEqual([]);
      expect(JSON.parse(answer.text)).toMatchObject({
        errors: [{ pointer: '/returnedAt', code: 'RETURN_NOT_ALLOWED' }],
      });
    });

    it('refuses an impossible return date and one without offset (the standard’s strict reader)', async () => {
      for (const returnedAt of ['2026-02-30T23:30:00+08:00', utc8(day0 + DAY_MS).slice(0, 19)]) {
        const answer = await returning(late, returnedAt);
        expect(answer.status).toBe(422);
        expect(JSON.parse(answer.text)).toMatchObject({
          errors: [{ pointer: '/returnedAt', code: 'TIME_INVALID' }],
        });
      }
    });

    it('lets only the platform that filed an import return it', async () => {
      const answer = await returning(otherPlatformsImport, utc8(day0 + DAY_MS));
      expect(answer.status).toBe(404);
    });
  });
});
