import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { connect, createServer } from 'node:net';
import { AuthorityStack, entryOf, PLATFORM_KEYS } from './support/authority-stack';
import { retailDeclaration } from './support/declarations';

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
// The limit of this suite: 60 requests per 60 s window per platform key, a window far longer than
// the test needs, so no assertion depends on the machine's speed.
const QUOTA = 60;
const WINDOW = 60;

interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown> | undefined;
}

async function send(url: string, init: RequestInit = {}): Promise<Answer> {
  const res = await fetch(url, init);
  const text = await res.text();
  const json = /json/.test(res.headers.get('content-type') ?? '') && text ? JSON.parse(text) : undefined;
  return { status: res.status, headers: res.headers, body: json as Record<string, unknown> | undefined };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('request correlation and the shared rate limit', () => {
  let stack: AuthorityStack;

  beforeAll(async () => {
    stack = await AuthorityStack.start({
      RATE_LIMIT_PER_SECOND: String(QUOTA / WINDOW),
      RATE_LIMIT_BURST: String(QUOTA),
    });
  });

  afterAll(() => stack?.stop());

  /** Waits for HK's request log line that carries `id` (written once the answer is sent). */
  async function loggedLine(id: string): Promise<Record<string, unknown>> {
    for (let i = 0; i < 100; i++) {
      const line = stack
        .output('HK')
        .split('\n')
        .find((l) => l.includes(`"id":"${id}"`) && l.includes('"res"'));
      if (line) return JSON.parse(line) as Record<string, unknown>;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`no request log line with id ${id}`);
  }

  function expectCorrelated(answer: Answer, requestId?: string): { requestId: string; traceId: string } {
    const traceparent = answer.headers.get('traceparent') ?? '';
    expect(traceparent).toMatch(TRACEPARENT);
    const [, traceId, spanId] = TRACEPARENT.exec(traceparent)!;
    expect(traceId).not.toMatch(/^0+$/);
    expect(spanId).not.toMatch(/^0+$/);
    const id = answer.headers.get('x-request-id') ?? '';
    if (requestId) expect(id).toBe(requestId);
    else expect(id).toMatch(UUID);
    return { requestId: id, traceId: traceId! };
  }

  it('names a 201 by the caller’s X-Request-Id, in the caller’s trace, and logs it', async () => {
    const requestId = `platform-${randomBytes(6).toString('hex')}`;
    const callerTrace = randomBytes(16).toString('hex');
    const answer = await send(`${stack.url('HK')}/api/v1/declarations`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-api-key': PLATFORM_KEYS['shop-a'],
        'idempotency-key': randomUUID(),
        'x-request-id': requestId,
        traceparent: `00-${callerTrace}-00f067aa0ba902b7-01`,
      },
      body: JSON.stringify(retailDeclaration()),
    });
    expect(answer.status).toBe(201);
    const { traceId } = expectCorrelated(answer, requestId);
    // The server span is a child in the caller's trace, not the caller's own span.
    expect(traceId).toBe(callerTrace);
    expect(answer.headers.get('traceparent')).not.toContain('00f067aa0ba902b7');
    const line = await loggedLine(requestId);
    expect(line).toMatchObject({ req: { id: requestId, method: 'POST' }, res: { statusCode: 201 } });
  });

  it('names a 422, a 404 and a 401 with an id of their own, in the problem’s instance and the log', async () => {
    const hk = stack.url('HK');
    const answers = {
      422: await send(`${hk}/api/v1/declarations`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-api-key': PLATFORM_KEYS['shop-a'],
          'idempotency-key': randomUUID(),
        },
        body: JSON.stringify({ ...retailDeclaration(), items: [] }),
      }),
      404: await send(`${hk}/api/v1/declarations/${randomUUID()}`, {
        headers: { 'x-api-key': PLATFORM_KEYS['shop-a'] },
      }),
      // An X-Request-Id that is not well formed (a space, too long) is replaced, not echoed.
      401: await send(`${hk}/api/v1/declarations/${randomUUID()}`, {
        headers: { 'x-request-id': `has space ${'x'.repeat(200)}` },
      }),
    };
    const ids = new Set<string>();
    for (const [status, answer] of Object.entries(answers)) {
      expect(answer.status).toBe(Number(status));
      expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const { requestId } = expectCorrelated(answer);
      expect(answer.body!['instance']).toBe(`urn:gba:request:${requestId}`);
      const line = await loggedLine(requestId);
      expect(line).toMatchObject({ req: { id: requestId }, res: { statusCode: Number(status) } });
      ids.add(requestId);
    }
    expect(ids.size).toBe(3);
  });

  it('names the answers of health and metrics too', async () => {
    for (const path of ['/health/live', '/health/ready', '/metrics']) {
      const answer = await send(`${stack.url('HK')}${path}`, { headers: { 'x-request-id': 'probe-1' } });
      expect(answer.status).toBe(200);
      expectCorrelated(answer, 'probe-1');
    }
  });

  it('names the answer to a request Node cannot even parse (no request to take an id from)', async () => {
    const { port } = new URL(stack.url('HK'));
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () =>
        socket.write('GET /health/live HTTP/1.1\r\nHost: x\r\nX-Request-Id: mine\r\nBad Header\r\n\r\n'),
      );
      let text = '';
      socket.on('data', (c: Buffer) => (text += c.toString()));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400 /);
    const requestId = /\r\nX-Request-Id: ([^\r]+)\r\n/.exec(raw)?.[1] ?? '';
    expect(requestId).toMatch(UUID);
    expect(raw).toMatch(/\r\ntraceparent: 00-[0-9a-f]{32}-[0-9a-f]{16}-00\r\n/);
    const body = JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4)) as { instance: string };
    expect(body.instance).toBe(`urn:gba:request:${requestId}`);
  });

  it('keeps one budget per key across two processes of the service on one database, visible in RateLimit fields', async () => {
    // A second HK process on the same database: two replicas behind a load balancer.
    const port = await freePort();
    const output: string[] = [];
    const second: ChildProcess = spawn(process.execPath, [entryOf('HK')], {
      env: { ...stack.environment('HK'), PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    second.stdout!.on('data', (c: Buffer) => output.push(c.toString()));
    second.stderr!.on('data', (c: Buffer) => output.push(c.toString()));
    try {
      for (let i = 0; ; i++) {
        const ready = await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => null);
        if (ready?.status === 200) break;
        if (i > 240 || second.exitCode !== null)
          throw new Error(`second HK did not start:\n${output.join('')}`);
        await new Promise((r) => setTimeout(r, 250));
      }
      const replicas = [stack.url('HK'), `http://127.0.0.1:${port}`];
      const get = (base: string) =>
        send(`${base}/api/v1/declarations/${randomUUID()}`, {
          headers: { 'x-api-key': PLATFORM_KEYS['shop-b'] },
        });

      const remaining: number[] = [];
      for (let i = 0; i < QUOTA; i++) {
        const answer = await get(replicas[i % 2]!);
        expect(answer.status).toBe(404); // within the budget: the request reaches its handler
        expect(answer.headers.get('ratelimit-policy')).toBe(`"platform";q=${QUOTA};w=${WINDOW}`);
        const fields = /^"platform";r=(\d+);t=(\d+)$/.exec(answer.headers.get('ratelimit') ?? '');
        expect(fields).not.toBeNull();
        expect(Number(fields![2])).toBeGreaterThanOrEqual(1);
        expect(Number(fields![2])).toBeLessThanOrEqual(WINDOW);
        remaining.push(Number(fields![1]));
      }
      // One count across both processes: each sees what the other spent.
      expect(remaining).toEqual(Array.from({ length: QUOTA }, (_, i) => QUOTA - 1 - i));

      for (const base of replicas) {
        const refused = await get(base);
        expect(refused.status).toBe(429);
        expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        const retryAfter = Number(refused.headers.get('retry-after'));
        expect(retryAfter).toBeGreaterThanOrEqual(1);
        expect(retryAfter).toBeLessThanOrEqual(WINDOW);
        expect(refused.headers.get('ratelimit-policy')).toBe(`"platform";q=${QUOTA};w=${WINDOW}`);
        expect(refused.headers.get('ratelimit')).toBe(`"platform";r=0;t=${retryAfter}`);
        const { requestId } = expectCorrelated(refused);
        expect(refused.body).toMatchObject({ status: 429, instance: `urn:gba:request:${requestId}` });
      }
      // Another platform's budget is untouched.
      const other = await send(`${replicas[1]}/api/v1/declarations/${randomUUID()}`, {
        headers: { 'x-api-key': PLATFORM_KEYS['shop-a'] },
      });
      expect(other.status).toBe(404);
      expect(other.headers.get('ratelimit')).toMatch(/^"platform";r=\d+;t=\d+$/);
    } finally {
      second.kill('SIGTERM');
      await new Promise((resolve) =>
        second.exitCode !== null ? resolve(null) : second.once('exit', resolve),
      );
    }
  });
});
