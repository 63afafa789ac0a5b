import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { Client } from 'pg';
import { AuthorityStack, entryOf, PLATFORM_KEYS } from './support/authority-stack';
import { file, retailDeclaration, waitForDeclaration } from './support/declarations';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Overload is 503 with Retry-After, never 500; readiness follows the database, not the pool or Kafka. */
describe('overload and readiness', () => {
  let stack: AuthorityStack;
  let hkDb: Client;

  beforeAll(async () => {
    // A small pool and short waits, so that a held lock exhausts it quickly.
    stack = await AuthorityStack.start({
      RANDOM_SELECTION: 'off',
      DATABASE_POOL_SIZE: '2',
      DATABASE_POOL_WAIT_MS: '300',
      DATABASE_LOCK_TIMEOUT_MS: '2000',
    });
    hkDb = new Client({ connectionString: stack.environment('HK')['DATABASE_URL'] });
    await hkDb.connect();
  });

  afterAll(async () => {
    await hkDb?.end();
    await stack?.stop();
  });

  const fileWith = (key: string, body: unknown) =>
    fetch(`${stack.url('HK')}/api/v1/declarations`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-api-key': PLATFORM_KEYS['shop-a'],
        'idempotency-key': key,
      },
      body: JSON.stringify(body),
    });

  it('answers 503 with Retry-After while the database is locked and the pool exhausted; ready stays 200', async () => {
    const filings = Array.from({ length: 8 }, () => ({
      key: randomUUID(),
      body: retailDeclaration({ origin: 'HK', destination: 'CN' }),
    }));
    // Another session holds the outbox table: every filing waits for its lock (2 s at most),
    // holding one of the two pooled connections; the others wait for a connection (0.3 s at most).
    await hkDb.query('BEGIN');
    await hkDb.query('LOCK TABLE outbox IN ACCESS EXCLUSIVE MODE');
    let answers: { status: number; retryAfter: string | null; type: string; body: Record<string, unknown> }[];
    let ready: Response;
    try {
      const sent = Promise.all(
        filings.map(async ({ key, body }) => {
          const res = await fileWith(key, body);
          const json = (await res.json()) as Record<string, unknown>;
          return {
            status: res.status,
            retryAfter: res.headers.get('retry-after'),
            type: res.headers.get('content-type') ?? '',
            body: json,
          };
        }),
      );
      await sleep(150);
      const started = Date.now();
      ready = await fetch(`${stack.url('HK')}/health/ready`);
      expect(Date.now() - started).toBeLessThan(1500);
      answers = await sent;
    } finally {
      await hkDb.query('ROLLBACK');
    }
    expect(ready.status).toBe(200);
    expect(answers.map((a) => a.status)).toEqual(filings.map(() => 503));
    for (const answer of answers) {
      expect(answer.type).toContain('application/problem+json');
      expect(Number(answer.retryAfter)).toBeGreaterThanOrEqual(1);
      expect(answer.body).toMatchObject({ status: 503, type: expect.stringMatching(/\/unavailable$/) });
    }
    const details = answers.map((a) => String(a.body['detail']));
    expect(details.some((d) => d.includes('(lock-timeout)'))).toBe(true);
    expect(details.some((d) => d.includes('(pool-exhausted)'))).toBe(true);
    expect(stack.output('HK')).toMatch(/"level":40[^\n]*request refused for now: temporary failure/);
    expect(stack.output('HK')).not.toMatch(/"level":50[^\n]*request failed/);

    // The lock is gone: the same requests, retried with the same keys, are filed, once each.
    const retried = await Promise.all(filings.map(({ key, body }) => fileWith(key, body)));
    expect(retried.map((r) => r.status)).toEqual(filings.map(() => 201));
  });

  it("delays partners' events while its database is stalled by a lock for 20 s, and dead-letters none", async () => {
    const gzDb = new Client({ connectionString: stack.environment('GZ')['DATABASE_URL'] });
    await gzDb.connect();
    /** The sum of every sample of /metrics that the pattern matches (0 when none). */
    const metric = async (pattern: RegExp) => {
      const text = await (await fetch(`${stack.url('GZ')}/metrics`)).text();
      const global = new RegExp(pattern.source, 'gm');
      return [...text.matchAll(global)].reduce((sum, m) => sum + Number(m[1]), 0);
    };
    try {
      // GZ's inbox is locked: every partner event GZ tries to apply meets lock_timeout (2 s here).
      await gzDb.query('BEGIN');
      await gzDb.query('LOCK TABLE inbox IN ACCESS EXCLUSIVE MODE');
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        const filed = await file(stack.url('HK'), retailDeclaration({ origin: 'HK', destination: 'CN' }));
        expect(filed.status).toBe(201);
        ids.push(filed.body.id);
      }
      // The lock is held at least 20 s, and until GZ has met it (on a loaded machine its consumer
      // may reach these events late). Which temporary failure GZ meets first depends on the load
      // (the lock, or its tiny pool running dry behind it); any must be retried, none dead-lettered.
      const temporaryFailures = () =>
        metric(/^gba_consumer_temporary_failures_total\{kind="[a-z-]+"\} (\d+)$/m);
      const lockedAt = Date.now();
      while (
        Date.now() - lockedAt < 20000 ||
        ((await temporaryFailures()) === 0 && Date.now() - lockedAt < 60000)
      )
        await sleep(1000);
      expect(await temporaryFailures()).toBeGreaterThan(0);
      expect(await metric(/^gba_dead_letters_total (\d+)$/m)).toBe(0);
      await gzDb.query('COMMIT');

      for (const id of ids) {
        const atGz = await waitForDeclaration(stack.url('GZ'), id, (d) => d.status === 'CLEARED', 60000);
        const entries = (atGz.history as { authority: string; type: string }[]).map(
          (h) => `${h.authority}:${h.type}`,
        );
        expect(entries.sort()).toEqual(
          [
            'GZ:ASSESSMENT_COMPLETED',
            'GZ:CLEARANCE_DECIDED',
            'HK:ASSESSMENT_COMPLETED',
            'HK:CLEARANCE_DECIDED',
            'HK:DECLARATION_FILED',
          ].sort(),
        );
        await waitForDeclaration(stack.url('HK'), id, (d) => d.status === 'CLEARED', 60000);
      }
      expect(await metric(/^gba_dead_letters_total (\d+)$/m)).toBe(0);
      expect(stack.output('GZ')).not.toMatch(/message sent to the dead-letter topic/);
    } finally {
      await gzDb.query('ROLLBACK').catch(() => undefined);
      await gzDb.end();
    }
  }, 150000);

  it('stays ready but degraded, with a metric and a log line, while Kafka is unreachable', async () => {
    // A second HK instance whose broker address answers nothing: its database is fine.
    const port = await freePort();
    const output: string[] = [];
    const child: ChildProcess = spawn(process.execPath, [entryOf('HK')], {
      env: {
        ...stack.environment('HK'),
        PORT: String(port),
        KAFKA_BROKERS: `127.0.0.1:${await freePort()}`,
        // A locked table fails its queries quickly (for the outbox gauges below).
        DATABASE_LOCK_TIMEOUT_MS: '200',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (c: Buffer) => output.push(c.toString()));
    child.stderr!.on('data', (c: Buffer) => output.push(c.toString()));
    try {
      let res: Response | undefined;
      const deadline = Date.now() + 60000;
      while (Date.now() < deadline) {
        res = await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => undefined);
        if (res) break;
        await sleep(250);
      }
      expect(res?.status).toBe(200);
      const body = (await res!.json()) as Record<string, unknown>;
      expect(body).toMatchObject({
        status: 'degraded',
        details: { database: { status: 'up' }, kafka: { status: 'down' } },
        degraded: { kafka: expect.any(String) },
      });
      expect(output.join('')).toMatch(/degraded: kafka unavailable; still ready/);
      /** Answers `path` of the instance on the dead broker, with how long it took (ms). */
      const timed = async (path: string) => {
        const started = Date.now();
        const answer = await fetch(`http://127.0.0.1:${port}${path}`);
        const text = await answer.text();
        return { status: answer.status, text, ms: Date.now() - started };
      };
      // Neither probe nor scrape waits for the broker: Kafka is checked in the background, and
      // the consumer-lag gauge is read for 1 s at most (k8s probes time out after 1 s, scrapes 10 s).
      for (let i = 0; i < 3; i++) {
        const ready = await timed('/health/ready');
        expect(ready.status).toBe(200);
        expect(JSON.parse(ready.text)).toMatchObject({
          status: 'degraded',
          details: { kafka: { status: 'down' } },
        });
        expect(ready.ms).toBeLessThan(1000);
        const scrape = await timed('/metrics');
        expect(scrape.status).toBe(200);
        expect(scrape.text).toMatch(/^gba_degraded\{reason="kafka"\} 1$/m);
        expect(scrape.ms).toBeLessThan(3000);
      }
      // Filing still works: the outbox keeps the events until the broker is back.
      const filed = await fetch(`http://127.0.0.1:${port}/api/v1/declarations`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-api-key': PLATFORM_KEYS['shop-a'],
          'idempotency-key': randomUUID(),
        },
        body: JSON.stringify(retailDeclaration({ origin: 'HK', destination: 'CN' })),
      });
      expect(filed.status).toBe(201);
      const live = await fetch(`http://127.0.0.1:${port}/health/live`);
      expect(await live.json()).toEqual({ status: 'ok' });

      // The outbox gauges cannot be read (their table is locked: lock_timeout): the scrape still
      // answers 200 with every other metric, and the failure is logged once.
      await hkDb.query('BEGIN');
      try {
        await hkDb.query('LOCK TABLE outbox IN ACCESS EXCLUSIVE MODE');
        for (let i = 0; i < 3; i++) {
          const scrape = await timed('/metrics');
          expect(scrape.status).toBe(200);
          expect(scrape.ms).toBeLessThan(3000);
          expect(scrape.text).toMatch(/^gba_degraded\{reason="kafka"\} 1$/m);
          expect(scrape.text).toMatch(/^process_cpu_user_seconds_total /m);
          expect(scrape.text).toMatch(/^gba_outbox_published_total /m);
        }
      } finally {
        await hkDb.query('ROLLBACK');
      }
      const logged = output.join('');
      expect(logged).toMatch(/"level":40[^\n]*gba_outbox_backlog: not read/);
      expect(logged.match(/gba_outbox_backlog: not read/g)).toHaveLength(1);
      // The table is free again: the gauge reads again.
      expect((await timed('/metrics')).text).toMatch(/^gba_outbox_backlog \d+$/m);
      expect(output.join('')).toMatch(/gba_outbox_backlog: read again/);

      // The healthy instance is not degraded.
      const healthy = (await (await fetch(`${stack.url('HK')}/health/ready`)).json()) as Record<
        string,
        unknown
      >;
      expect(healthy['status']).toBe('ok');
      expect(await (await fetch(`${stack.url('HK')}/metrics`)).text()).toMatch(
        /^gba_degraded\{reason="kafka"\} 0$/m,
      );
    } finally {
      child.kill('SIGKILL');
    }
  });
});
