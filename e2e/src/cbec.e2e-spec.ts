import { randomUUID } from 'node:crypto';
import { AuthorityStack, PLATFORM_KEYS } from './support/authority-stack';
import { participant, file, retailDeclaration, waitForDeclaration } from './support/declarations';

const BUYER = '11010519491231002X';

/** The mainland CBEC annual limit, race-free across concurrent filings at GZ and at HK. */
describe('CBEC annual quota at GZ', () => {
  let stack: AuthorityStack;

  beforeAll(async () => {
    stack = await AuthorityStack.start({ RANDOM_SELECTION: 'off' });
  });

  afterAll(() => stack?.stop());

  const order = (amount: string) => {
    const d = retailDeclaration();
    d.items[0]!.quantity = 1;
    d.items[0]!.unitValue = amount;
    d.ecommerce!.order.amountPaid = amount;
    d.ecommerce!.payment.amount = amount;
    return d;
  };

  const enquire = (authority: 'GZ' | 'HK', buyerIdNumber: string) =>
    fetch(`${stack.url(authority)}/api/v1/cbec/quota`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': PLATFORM_KEYS['shop-a'] },
      body: JSON.stringify({ buyerIdNumber }),
    });

  async function quota() {
    const res = await enquire('GZ', BUYER);
    expect(res.status).toBe(200);
    return (await res.json()) as { year: number; used: string; remaining: string; currency: string };
  }

  it('lets exactly the declarations that fit pass, whatever the interleaving, and a return restores quota', async () => {
    const filings = await Promise.all(
      Array.from({ length: 20 }, (_, i) => file(stack.url(i % 2 === 0 ? 'GZ' : 'HK'), order('2000.00'))),
    );
    expect(filings.map((f) => f.status)).toEqual(Array(20).fill(201));
    const finals = await Promise.all(
      filings.map((f) =>
        waitForDeclaration(stack.url('GZ'), f.body.id, (d) =>
          d.participants.some((p) => p.authority === 'GZ' && ['RELEASED', 'REJECTED'].includes(p.status)),
        ),
      ),
    );
    const gz = finals.map((d) => participant(d, 'GZ'));
    const released = gz.filter((p) => p.status === 'RELEASED');
    const rejected = gz.filter((p) => p.status === 'REJECTED');
    for (const p of rejected) expect(p.reasons.map((r) => r.ruleId)).toContain('CBEC_ANNUAL_LIMIT_EXCEEDED');

    const q = await quota();
    const used = Number(q.used);
    const each = used / released.length;
    // Everything counted passed, nothing that passed was left uncounted, and no further one fits.
    expect(released.length).toBeGreaterThan(0);
    expect(rejected.length).toBeGreaterThan(0);
    expect(used).toBeLessThanOrEqual(26000);
    expect(used + each).toBeGreaterThan(26000);
    expect(Number(q.remaining)).toBeCloseTo(26000 - used, 2);
    expect(q.currency).toBe('CNY');

    const returned = finals[gz.indexOf(released[0])]!['id'] as string;
    const res = await fetch(`${stack.url('GZ')}/api/v1/declarations/${returned}/returns`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': PLATFORM_KEYS['shop-a'] },
      body: JSON.stringify({ returnedAt: new Date().toISOString(), reason: 'wrong size' }),
    });
    expect(res.status).toBe(201);
    expect(Number((await quota()).used)).toBeCloseTo(used - each, 2);
    const twice = await fetch(`${stack.url('GZ')}/api/v1/declarations/${returned}/returns`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': PLATFORM_KEYS['shop-a'] },
      body: JSON.stringify({ returnedAt: new Date().toISOString(), reason: 'again' }),
    });
    expect(twice.status).toBe(422);
  });

  // The 30-day window itself, end to end, is in real-inputs-officers.e2e-spec.ts (a release in the past).
  it('reads the return date strictly: in the future, impossible or without offset → 422 at /returnedAt', async () => {
    const filed = await file(stack.url('GZ'), order('100.00'));
    const id = filed.body.id;
    await waitForDeclaration(stack.url('GZ'), id, (d) => d.status === 'CLEARED' || d.status === 'REJECTED');
    const returning = (returnedAt: unknown, declarationId = id) =>
      fetch(`${stack.url('GZ')}/api/v1/declarations/${declarationId}/returns`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': PLATFORM_KEYS['shop-a'] },
        body: JSON.stringify({ returnedAt, reason: 'late' }),
      });
    for (const [returnedAt, code] of [
      [new Date(Date.now() + 31 * 86_400_000).toISOString(), 'TIME_IN_FUTURE'],
      ['2026-02-30T10:00:00+08:00', 'TIME_INVALID'],
      ['2026-03-20T10:00:00', 'TIME_INVALID'],
    ] as const) {
      const res = await returning(returnedAt);
      expect(res.status).toBe(422);
      expect((await res.json()) as { errors: unknown[] }).toMatchObject({
        errors: [{ pointer: '/returnedAt', code }],
      });
    }
    const other = await returning(new Date().toISOString(), randomUUID());
    expect(other.status).toBe(404);
  });

  it('answers the quota only at GZ and only for a valid ID number', async () => {
    const bad = await enquire('GZ', '123');
    expect(bad.status).toBe(422);
    expect(await bad.json()).toMatchObject({
      errors: [{ pointer: '/buyerIdNumber', code: 'RESIDENT_ID_INVALID' }],
    });
    const hk = await enquire('HK', BUYER);
    expect(hk.status).toBe(404);
    // The ID number in a URL is refused for good, whoever asks.
    const byQuery = await fetch(`${stack.url('GZ')}/api/v1/cbec/quota?buyerIdNumber=${BUYER}`, {
      headers: { 'x-api-key': PLATFORM_KEYS['shop-a'] },
    });
    expect(byQuery.status).toBe(410);
    expect(await byQuery.json()).toMatchObject({
      status: 410,
      replacement: { method: 'POST', href: '/api/v1/cbec/quota' },
    });
  });
});
