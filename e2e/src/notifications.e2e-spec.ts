import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomInt, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { signOfficerToken } from '@gba/auth';
import { sampleDeclaration, sampleResidentId } from '@gba/testing';
import { Webhook } from 'standardwebhooks';
import { AuthorityStack, entryOf, OFFICER_JWT_SECRET, PLATFORM_KEYS } from './support/authority-stack';
import { file, waitForDeclaration } from './support/declarations';

type Platform = keyof typeof PLATFORM_KEYS;

interface Notification {
  id: string;
  declarationId: string;
  platformRef: string;
  type: string;
  status: string;
  authority: string | null;
  inspectingAuthority: string | null;
  participants: { authority: string; status: string; lane: string | null }[];
  reasons: { authority: string; ruleId: string; detail: string }[];
  occurredAt: string;
  acknowledgedAt?: string | null;
}

/** One request the receiver got, and what it answered. */
interface Received {
  platform: string;
  headers: Record<string, string>;
  raw: string;
  answered: number | 'held';
  notification: Notification;
}

/**
 * A platform's webhook receiver on loopback: records every request (headers and raw body) and
 * answers each path (one per platform) as the test says: a status, or `hold` (never answers).
 */
class Receiver {
  readonly received: Received[] = [];
  readonly answer = new Map<string, number | 'held'>();
  private readonly held: ServerResponse[] = [];
  private server!: Server;

  async start(): Promise<void> {
    this.server = createServer((req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const platform = (req.url ?? '/').slice(1);
        const raw = Buffer.concat(chunks).toString('utf8');
        const answered = this.answer.get(platform) ?? 200;
        const { data } = JSON.parse(raw) as { data: Notification };
        this.received.push({
          platform,
          headers: req.headers as Record<string, string>,
          raw,
          answered,
          notification: data,
        });
        if (answered === 'held') this.held.push(res);
        else res.writeHead(answered).end();
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  url(platform: Platform): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/${platform}`;
  }

  of(platform: Platform): Received[] {
    return this.received.filter((r) => r.platform === platform);
  }

  /** The notifications the platform's receiver answered 2xx, in the order they came. */
  delivered(platform: Platform): Notification[] {
    return this.of(platform)
      .filter((r) => r.answered === 200)
      .map((r) => r.notification);
  }

  async until(what: string, done: () => boolean, timeoutMs = 60000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`receiver: ${what} did not happen within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async stop(): Promise<void> {
    for (const res of this.held) res.destroy();
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

/** A declaration with a buyer of its own (no CBEC annual limit shared with other tests). */
const declaration = (consignorBrn = '12345678') => {
  const d = sampleDeclaration(
    { origin: 'HK', destination: 'CN' },
    { platformRef: `SHOP-${randomUUID().slice(0, 8)}`, buyerIdNumber: sampleResidentId(randomInt(1, 9999)) },
  );
  return { ...d, consignor: { ...d.consignor, businessRegistrationNumber: consignorBrn } };
};

describe('notifications to platforms: pushed, signed, retried, pulled', () => {
  let stack: AuthorityStack;
  const receiver = new Receiver();
  const secrets = new Map<Platform, string>();

  beforeAll(async () => {
    await receiver.start();
    stack = await AuthorityStack.start({
      RANDOM_SELECTION: 'off',
      NODE_ENV: 'development',
      NOTIFICATIONS_TIMEOUT_MS: '2000',
      NOTIFICATIONS_RETRY_BASE_MS: '100',
      NOTIFICATIONS_RETRY_MAX_MS: '800',
      NOTIFICATIONS_BLOCK_AFTER: '3',
    });
  });

  afterAll(async () => {
    await stack?.stop();
    await receiver.stop();
  });

  async function api(
    authority: 'HK' | 'GZ',
    method: string,
    path: string,
    platform: Platform = 'shop-a',
    body?: unknown,
  ) {
    const res = await fetch(`${stack.url(authority)}/api/v1${path}`, {
      method,
      headers: { 'content-type': 'application/json', 'x-api-key': PLATFORM_KEYS[platform] },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return {
      status: res.status,
      contentType: res.headers.get('content-type'),
      body: text ? JSON.parse(text) : undefined,
    };
  }

  /** Every notification of the platform at HK, oldest first, page by page. */
  async function pulled(platform: Platform, status?: 'pending' | 'acknowledged'): Promise<Notification[]> {
    const all: Notification[] = [];
    let cursor: string | null = null;
    do {
      const query = new URLSearchParams({
        limit: '7',
        ...(status ? { status } : {}),
        ...(cursor ? { cursor } : {}),
      });
      const page = await api('HK', 'GET', `/notifications?${query}`, platform);
      expect(page.status).toBe(200);
      all.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    return all;
  }

  async function subscribe(platform: Platform, events?: string[]) {
    const res = await api('HK', 'PUT', '/notifications/subscription', platform, {
      url: receiver.url(platform),
      events: events ?? [
        'ACCEPTED',
        'ASSESSED',
        'DOCUMENTS_REQUESTED',
        'INSPECTION_SCHEDULED',
        'RELEASED',
        'HELD',
        'REJECTED',
        'CLEARED',
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.secret).toMatch(/^whsec_/);
    secrets.set(platform, res.body.secret);
    return res.body;
  }

  /** Waits until the platform's pull queue at HK shows `type` for each of `ids`. */
  async function untilPulled(platform: Platform, ids: string[], type = 'CLEARED'): Promise<void> {
    const deadline = Date.now() + 60000;
    for (;;) {
      const all = await pulled(platform);
      if (ids.every((id) => all.some((n) => n.declarationId === id && n.type === type))) return;
      if (Date.now() > deadline) throw new Error(`${type} of ${ids.join(', ')} never pulled by ${platform}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  const verified = (platform: Platform, r: Received) =>
    new Webhook(secrets.get(platform) as string).verify(r.raw, r.headers);

  it('pushes the notifications of an HK → CN filing in order up to CLEARED, signed; pull shows the same', async () => {
    const created = await subscribe('shop-a');
    expect(created).toMatchObject({ url: receiver.url('shop-a'), blockedAt: null });
    const shown = await api('HK', 'GET', '/notifications/subscription');
    expect(shown.body).toEqual({
      url: receiver.url('shop-a'),
      events: created.events,
      createdAt: created.createdAt,
      blockedAt: null,
    });
    expect((await api('HK', 'GET', '/notifications/subscription', 'shop-b')).status).toBe(404);

    const filed = await file(stack.url('HK'), declaration());
    expect(filed.status).toBe(201);
    const id = filed.body.id;
    await receiver.until('CLEARED pushed', () =>
      receiver.delivered('shop-a').some((n) => n.declarationId === id && n.type === 'CLEARED'),
    );
    const pushed = receiver.of('shop-a').filter((r) => r.notification.declarationId === id);
    for (const r of pushed) {
      expect(verified('shop-a', r)).toMatchObject({ data: { id: r.headers['webhook-id'] } });
      expect(Math.abs(Number(r.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(300);
    }
    const mine = pushed.map((r) => r.notification);
    expect(mine[0]).toMatchObject({
      type: 'ACCEPTED',
      status: 'IN_PROGRESS',
      platformRef: filed.body.platformRef,
    });
    expect(mine.at(-1)).toMatchObject({ type: 'CLEARED', status: 'CLEARED', authority: null });
    expect(mine.at(-1)!.participants).toEqual([
      { authority: 'HK', status: 'RELEASED', lane: 'GREEN' },
      { authority: 'GZ', status: 'RELEASED', lane: 'GREEN' },
    ]);
    expect(new Set(mine.map((n) => n.id)).size).toBe(mine.length);
    expect(mine.map((n) => n.occurredAt)).toEqual([...mine.map((n) => n.occurredAt)].sort());

    // Pull serves the same notifications, in the same order; a 2xx push acknowledged each.
    const all = (await pulled('shop-a')).filter((n) => n.declarationId === id);
    expect(all.map(({ acknowledgedAt: _, ...n }) => n)).toEqual(mine);
    expect(all.every((n) => typeof n.acknowledgedAt === 'string')).toBe(true);
    expect((await pulled('shop-a', 'pending')).filter((n) => n.declarationId === id)).toEqual([]);
    // The partner tells the platform nothing: it filed with HK.
    const atGz = await api('GZ', 'GET', '/notifications');
    expect(atGz.body.items.filter((n: Notification) => n.declarationId === id)).toEqual([]);
  });

  it('tells a RED-lane declaration its inspection at HK, then its release after the result', async () => {
    const supervisor = await signOfficerToken({
      secret: OFFICER_JWT_SECRET,
      sub: 'GZ-supervisor',
      authority: 'GZ',
      roles: ['officer', 'supervisor'],
    });
    const target = await fetch(`${stack.url('GZ')}/api/v1/risk/targets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${supervisor}` },
      body: JSON.stringify({
        match: { partyId: '55667788' },
        lane: 'RED',
        reason: 'notifications e2e',
        expiresAt: new Date(Date.now() + 3600_000).toISOString(),
      }),
    });
    expect(target.status).toBe(201);
    const filed = await file(stack.url('HK'), declaration('55667788'));
    const id = filed.body.id;
    await receiver.until('INSPECTION_SCHEDULED pushed', () =>
      receiver.delivered('shop-a').some((n) => n.declarationId === id && n.type === 'INSPECTION_SCHEDULED'),
    );
    const scheduled = receiver
      .delivered('shop-a')
      .find((n) => n.declarationId === id && n.type === 'INSPECTION_SCHEDULED');
    expect(scheduled).toMatchObject({ authority: 'GZ', inspectingAuthority: 'HK', status: 'IN_PROGRESS' });
    expect(scheduled!.participants).toContainEqual({
      authority: 'GZ',
      status: 'AWAITING_INSPECTION',
      lane: 'RED',
    });
    expect(scheduled!.reasons.map((r) => r.ruleId)).toContain('RISK_TARGET');

    const officer = await signOfficerToken({
      secret: OFFICER_JWT_SECRET,
      sub: 'HK-officer-1',
      authority: 'HK',
      roles: ['officer'],
    });
    const tasks = await fetch(`${stack.url('HK')}/api/v1/inspections?limit=200`, {
      headers: { authorization: `Bearer ${officer}` },
    });
    const task = (
      (await tasks.json()) as { items: { id: string; declarationId: string; checks: string[] }[] }
    ).items.find((t) => t.declarationId === id);
    expect(task).toBeDefined();
    const recorded = await fetch(`${stack.url('HK')}/api/v1/inspections/${task!.id}/result`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${officer}` },
      body: JSON.stringify({
        location: 'HKHKG',
        method: 'physical',
        checks: task!.checks.map((check) => ({ check, outcome: 'pass' })),
        containerNumbers: ['CSQU3054383'],
        sealNumber: 'S99881',
        eLockId: 'EL000123',
        sealIntact: true,
        findings: [],
      }),
    });
    expect(recorded.status).toBe(201);
    await receiver.until('CLEARED after the inspection', () =>
      receiver.delivered('shop-a').some((n) => n.declarationId === id && n.type === 'CLEARED'),
    );
    const types = receiver
      .delivered('shop-a')
      .filter((n) => n.declarationId === id)
      .map((n) => n.type);
    expect(types[0]).toBe('ACCEPTED');
    expect(types.indexOf('INSPECTION_SCHEDULED')).toBeLessThan(types.indexOf('CLEARED'));
    const cleared = receiver.delivered('shop-a').find((n) => n.declarationId === id && n.type === 'CLEARED')!;
    expect(cleared.reasons.map((r) => r.ruleId)).toContain('MUTUAL_RECOGNITION');
  });

  it('retries a failing receiver, blocks it, retries only the oldest until it recovers, then delivers all in order once', async () => {
    receiver.answer.set('shop-b', 500);
    await subscribe('shop-b');
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const filed = await file(stack.url('HK'), declaration(), randomUUID(), 'shop-b');
      expect(filed.status).toBe(201);
      ids.push(filed.body.id);
    }
    await untilPulled('shop-b', ids);
    const blocked = async () =>
      (await api('HK', 'GET', '/notifications/subscription', 'shop-b')).body.blockedAt;
    await receiver.until('shop-b blocked after repeated 500s', () => receiver.of('shop-b').length >= 5);
    const deadline = Date.now() + 30000;
    while (!(await blocked()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(await blocked()).toEqual(expect.any(String));

    // The operators' view of the block.
    const command = await promisify(execFile)(
      process.execPath,
      [
        join(__dirname, '../../tools/service-command.mjs'),
        'notifications',
        'blocked',
        '--authority',
        'HK',
        '--platform',
        'shop-b',
      ],
      { env: stack.environment('HK') },
    );
    expect(command.stdout).toMatch(/^shop-b {2}blocked since .* HTTP 500/m);
    // An operator clears the block: tried again at once, still failing, so blocked again.
    const attemptsBefore = receiver.of('shop-b').length;
    const unblock = await promisify(execFile)(
      process.execPath,
      [join(__dirname, '../../tools/service-command.mjs'), 'notifications', 'unblock', '--authority', 'HK'],
      { env: stack.environment('HK') },
    );
    expect(unblock.stdout).toMatch(/^shop-b unblocked/m);
    await receiver.until('a retry after the unblock', () => receiver.of('shop-b').length > attemptsBefore);
    const reblocked = Date.now() + 30000;
    while (!(await blocked()) && Date.now() < reblocked) await new Promise((r) => setTimeout(r, 200));
    expect(await blocked()).toEqual(expect.any(String));

    // While failing, only the oldest notification was tried, again and again, with one id.
    const failing = receiver.of('shop-b');
    expect(new Set(failing.map((r) => r.headers['webhook-id'])).size).toBe(1);
    const oldest = (await pulled('shop-b', 'pending'))[0]!;
    expect(failing[0]!.headers['webhook-id']).toBe(oldest.id);
    for (const r of failing) verified('shop-b', r);

    receiver.answer.set('shop-b', 200);
    const expected = await pulled('shop-b');
    await receiver.until('every notification of shop-b delivered', () =>
      expected.every((n) => receiver.delivered('shop-b').some((d) => d.id === n.id)),
    );
    expect(await pulled('shop-b', 'pending')).toEqual([]);
    const delivered = receiver.delivered('shop-b');
    expect(delivered.map((n) => n.id)).toEqual(expected.map((n) => n.id)); // in order, none twice
    expect(await blocked()).toBeNull();

    // The operators' metrics count the same story.
    const metrics = await (await fetch(`${stack.url('HK')}/metrics`)).text();
    const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(metrics)?.[1]);
    expect(value('notifications_failed_total')).toBeGreaterThanOrEqual(failing.length);
    expect(value('notifications_delivered_total')).toBeGreaterThanOrEqual(delivered.length);
    expect(value('notifications_pending')).toBeGreaterThanOrEqual(0);
    expect(value('notifications_oldest_pending_age_seconds')).toBeGreaterThanOrEqual(0);
  });

  it('loses nothing when the dispatching service is killed mid-delivery: the repeat carries the same webhook-id', async () => {
    receiver.answer.set('shop-b', 'held');
    const before = receiver.of('shop-b').length;
    const filed = await file(stack.url('HK'), declaration(), randomUUID(), 'shop-b');
    expect(filed.status).toBe(201);
    const id = filed.body.id;
    await receiver.until('a delivery in flight', () => receiver.of('shop-b').length > before);
    const inFlight = receiver.of('shop-b')[before]!;
    expect(inFlight.notification.declarationId).toBe(id);
    expect((await stack.signal('HK', 'SIGKILL')).signal).toBe('SIGKILL');

    receiver.answer.set('shop-b', 200);
    await stack.launch('HK');
    await untilPulled('shop-b', [id]);
    await receiver.until('the interrupted notification delivered again', () =>
      receiver.delivered('shop-b').some((n) => n.id === inFlight.headers['webhook-id']),
    );
    const repeat = receiver
      .of('shop-b')
      .slice(before + 1)
      .find((r) => r.headers['webhook-id'] === inFlight.headers['webhook-id'])!;
    expect(repeat.raw).toBe(inFlight.raw);
    verified('shop-b', repeat);
    const all = (await pulled('shop-b')).filter((n) => n.declarationId === id);
    expect(all.at(-1)!.type).toBe('CLEARED');
    await receiver.until('every notification of the declaration delivered', () =>
      all.every((n) => receiver.delivered('shop-b').some((d) => d.id === n.id)),
    );
    const deliveredIds = receiver.delivered('shop-b').map((n) => n.id);
    expect(new Set(deliveredIds).size).toBe(deliveredIds.length);
  });

  it('pulls and acknowledges, and refuses bad subscriptions and queries with problem details', async () => {
    await api('HK', 'DELETE', '/notifications/subscription', 'shop-a');
    expect((await api('HK', 'DELETE', '/notifications/subscription', 'shop-a')).status).toBe(404);
    const filed = await file(stack.url('HK'), declaration());
    const id = filed.body.id;
    await waitForDeclaration(stack.url('HK'), id, (d) => d.status === 'CLEARED');
    const pending = (await pulled('shop-a', 'pending')).filter((n) => n.declarationId === id);
    expect(pending.map((n) => n.type)).toEqual(expect.arrayContaining(['ACCEPTED', 'CLEARED']));
    const foreign = randomUUID();
    const acked = await api('HK', 'POST', '/notifications/acknowledge', 'shop-a', {
      ids: [...pending.map((n) => n.id), foreign],
    });
    expect(acked.body).toEqual({ acknowledged: pending.map((n) => n.id), unknown: [foreign] });
    expect((await pulled('shop-a', 'pending')).filter((n) => n.declarationId === id)).toEqual([]);
    // Another platform cannot acknowledge them.
    const other = await api('HK', 'POST', '/notifications/acknowledge', 'shop-b', { ids: [pending[0]!.id] });
    expect(other.body).toEqual({ acknowledged: [], unknown: [pending[0]!.id] });

    const bad = await api('HK', 'PUT', '/notifications/subscription', 'shop-a', {
      url: 'http://10.0.0.8/hook',
      events: ['CLEARED', 'SHIPPED', 'CLEARED'],
    });
    expect(bad.status).toBe(422);
    expect(bad.contentType).toMatch(/application\/problem\+json/);
    expect(bad.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual([
      '/url',
      '/events/1',
      '/events/2',
    ]);
    const query = await api('HK', 'GET', '/notifications?status=done&limit=0&cursor=zzz', 'shop-a');
    expect(query.status).toBe(400);
    expect(query.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual([
      '/query/status',
      '/query/limit',
    ]);
    const cursor = await api('HK', 'GET', '/notifications?cursor=zzz', 'shop-a');
    expect(cursor.status).toBe(400);
    expect(cursor.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/query/cursor']);
    const ack = await api('HK', 'POST', '/notifications/acknowledge', 'shop-a', { ids: ['x'] });
    expect(ack.status).toBe(422);
    expect(ack.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/ids/0']);
  });

  it('refuses a private or loopback target in production mode (422)', async () => {
    // One more HK instance on the same database and topics, in production mode.
    const env = { ...stack.environment('HK'), NODE_ENV: 'production' };
    const port = 20000 + randomInt(0, 20000);
    const child: ChildProcess = spawn(process.execPath, [entryOf('HK')], {
      env: { ...env, PORT: String(port) },
      stdio: 'ignore',
    });
    try {
      const base = `http://127.0.0.1:${port}/api/v1`;
      const deadline = Date.now() + 60000;
      for (;;) {
        const ready = await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => null);
        if (ready?.status === 200) break;
        if (Date.now() > deadline || child.exitCode !== null)
          throw new Error('production-mode HK did not start');
        await new Promise((r) => setTimeout(r, 250));
      }
      for (const url of [
        receiver.url('shop-a'),
        'https://127.0.0.1/hook',
        'https://10.1.2.3/hook',
        'https://169.254.169.254/latest',
        'https://[::1]/hook',
        'https://localhost/hook',
      ]) {
        const res = await fetch(`${base}/notifications/subscription`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json', 'x-api-key': PLATFORM_KEYS['shop-a'] },
          body: JSON.stringify({ url, events: ['CLEARED'] }),
        });
        expect([url, res.status]).toEqual([url, 422]);
        const problem = (await res.json()) as { errors: { pointer: string; code: string }[] };
        expect(problem.errors).toEqual([expect.objectContaining({ pointer: '/url' })]);
      }
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
    }
  });
});
