// Delivery latency of platform notifications (issue 12): the benchmark's own stack in development
// mode, a webhook receiver on loopback subscribed at each authority for the bench platform, and
// single filings offered open-loop at a fixed rate (default 100/s for 30 s; the benchmark's four
// kinds over the three services). For every notification the receiver gets, the latency is
//   change → receiver: from the transaction that stored it (notifications.created_at, the unit of
//   work's start) to its arrival at the receiver (same host, same clock);
//   fact → receiver: from the occurredAt of the fact that caused it (for a partner's fact this
//   includes the Kafka hop to the authority filed with).
// Usage (after node tools/build.mjs): node dist/bench/src/notifications-latency.js [--rate 100] [--duration 30] [--drain]
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { offerAll, offers } from './open-loop';
import { percentiles } from './stats';
import { dropDatabase, ownStack } from './stack';
import { DecisionTracker, untilFinal } from './tracker';

type Authority = 'GZ' | 'HK' | 'MO';

const RECEIVER = `
const http = require('node:http');
const server = http.createServer((req, res) => {
  const at = Date.now();
  let raw = '';
  req.on('data', (c) => (raw += c));
  req.on('end', () => {
    const { data } = JSON.parse(raw);
    process.stdout.write(JSON.stringify({ id: req.headers['webhook-id'], at, occurredAt: data.occurredAt, type: data.type }) + '\\n');
    res.writeHead(204).end();
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\\n'));
`;
const AUTHORITIES: Authority[] = ['GZ', 'HK', 'MO'];

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rate: { type: 'string', default: '100' },
      duration: { type: 'string', default: '30' },
      // Subscribe only once every filing is final: every notification is then a backlog pushed as
      // fast as one subscriber's deliveries go (one in flight), and deliveredPerSByAuthority is
      // the dispatcher's capacity (the latencies then mean nothing).
      drain: { type: 'boolean', default: false },
    },
  });
  const rate = Number(values.rate);
  const duration = Number(values.duration);
  const loadAtStart = loadavg();

  // The receiver runs in a process of its own, so that this one's load (the open loop, the
  // Kafka tracker) does not delay its answers; it reports each arrival as a JSON line.
  const received = new Map<string, { at: number; occurredAt: string; type: string }>();
  let duplicates = 0;
  const receiver = spawn(process.execPath, ['-e', RECEIVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: receiver.stdout });
  const port = await new Promise<number>((resolve) => lines.once('line', (l) => resolve(Number(l))));
  lines.on('line', (line) => {
    const { id, at, occurredAt, type } = JSON.parse(line) as {
      id: string;
      at: number;
      occurredAt: string;
      type: string;
    };
    if (received.has(id)) duplicates++;
    else received.set(id, { at, occurredAt, type });
  });
  const hookUrl = `http://127.0.0.1:${port}/hook`;

  process.env['NODE_ENV'] = 'development'; // http to loopback allowed (the stack passes the environment on)
  const databases = { GZ: 'gba_notif_gz', HK: 'gba_notif_hk', MO: 'gba_notif_mo' };
  const stack = await ownStack({ label: 'notif', ports: { GZ: 3301, HK: 3302, MO: 3303 }, databases });
  const tracker = new DecisionTracker(
    stack.kafkaBrokers,
    stack.topicPrefix,
    `notif-${randomBytes(3).toString('hex')}`,
  );
  try {
    const subscribeAll = async () => {
      for (const authority of AUTHORITIES) {
        const put = () =>
          fetch(`${stack.services[authority].baseUrl}/api/v1/notifications/subscription`, {
            method: 'PUT',
            headers: { 'content-type': 'application/json', 'x-api-key': stack.apiKey },
            body: JSON.stringify({
              url: hookUrl,
              events: [
                'ACCEPTED',
                'ASSESSED',
                'DOCUMENTS_REQUESTED',
                'INSPECTION_SCHEDULED',
                'RELEASED',
                'HELD',
                'REJECTED',
                'CLEARED',
              ],
            }),
          });
        let res = await put();
        // Right after the filings the platform's rate limit may still be spent: wait as told.
        while (res.status === 429) {
          await new Promise((r) => setTimeout(r, Number(res.headers.get('retry-after') ?? 1) * 1000));
          res = await put();
        }
        if (res.status !== 200)
          throw new Error(`subscription at ${authority}: ${res.status} ${await res.text()}`);
      }
    };
    if (!values.drain) await subscribeAll();
    await tracker.start();
    const schedule = offers(rate, duration, randomBytes(3).toString('hex'), 0);
    process.stderr.write(`[notif] offering ${schedule.length} filings at ${rate}/s\n`);
    const log = await offerAll(schedule, stack, tracker, 10_000);
    await untilFinal(log.filed, 120_000, stack);
    const drainFrom = Date.now();
    if (values.drain) await subscribeAll();

    // Every stored notification, with when its transaction stored it.
    const stored: { id: string; created: number; authority: Authority }[] = [];
    for (const authority of AUTHORITIES) {
      const client = new Client({
        connectionString: `postgres://postgres@127.0.0.1:5432/${databases[authority]}`,
      });
      await client.connect();
      const deadline = Date.now() + 180_000;
      for (;;) {
        const { rows } = await client.query<{ n: string }>(
          'SELECT count(*) AS n FROM notifications WHERE acknowledged_at IS NULL',
        );
        if (Number(rows[0]?.n) === 0 || Date.now() > deadline) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      const { rows } = await client.query<{ id: string; created: string }>(
        `SELECT id, (extract(epoch FROM created_at) * 1000)::float8 AS created FROM notifications`,
      );
      for (const r of rows) stored.push({ id: r.id, created: Number(r.created), authority });
      await client.end();
    }
    // Recorded as delivered means answered 2xx; the receiver's report of it may still be on its
    // way through the pipe from its process.
    const reportedBy = Date.now() + 10_000;
    while (stored.some((st) => !received.has(st.id)) && Date.now() < reportedBy) {
      await new Promise((r) => setTimeout(r, 100));
    }
    const fromChange: number[] = [];
    const fromFact: number[] = [];
    let missing = 0;
    for (const s of stored) {
      const got = received.get(s.id);
      if (!got) {
        missing++;
        continue;
      }
      fromChange.push(got.at - s.created);
      fromFact.push(got.at - Date.parse(got.occurredAt));
    }
    // Failed attempts (timeouts, refused connections) explain retries and their backoff.
    const failedAttempts: Record<string, number> = {};
    for (const authority of AUTHORITIES) {
      const metrics = await (await fetch(`${stack.services[authority].baseUrl}/metrics`)).text();
      failedAttempts[authority] = Number(/^notifications_failed_total (\S+)$/m.exec(metrics)?.[1] ?? NaN);
    }
    const byAuthority: Record<string, unknown> = {};
    /** Per authority: arrival rate, notifications per second from its first arrival to its last. */
    const deliveredPerS: Record<string, number> = {};
    for (const authority of AUTHORITIES) {
      const mine = stored.filter((s) => s.authority === authority && received.has(s.id));
      byAuthority[authority] = percentiles(mine.map((s) => (received.get(s.id)?.at ?? 0) - s.created));
      const arrivalsOf = mine.map((s) => received.get(s.id)?.at ?? 0);
      const seconds = (Math.max(...arrivalsOf) - Math.min(...arrivalsOf)) / 1000;
      deliveredPerS[authority] = seconds > 0 ? Math.round((mine.length / seconds) * 10) / 10 : 0;
    }
    const filedOk = log.attempts.filter((a) => a.httpStatus === 201).length;
    const arrivals = [...received.values()].map((r) => r.at);
    const createdTimes = stored.map((s) => s.created);
    const span = (times: number[]) => (Math.max(...times) - Math.min(...times)) / 1000;
    const filingLatency = log.attempts
      .filter((a) => a.httpStatus === 201)
      .map((a) => a.answeredAt - a.scheduledAt);
    process.stdout.write(
      `${JSON.stringify(
        {
          rate,
          duration,
          filed: filedOk,
          statuses: log.statuses,
          notificationsStored: stored.length,
          /** of those stored (a receiver on a reused loopback port may also get a stale subscriber's) */
          notificationsReceived: stored.filter((st) => received.has(st.id)).length,
          missing,
          duplicates,
          /** seconds from the first to the last notification stored, and received */
          storedOverS: span(createdTimes),
          receivedOverS: span(arrivals),
          filingResponseMs: percentiles(filingLatency),
          failedAttempts,
          changeToReceiverMs: percentiles(fromChange),
          changeToReceiverMsByAuthority: byAuthority,
          deliveredPerSByAuthority: deliveredPerS,
          ...(values.drain ? { drainedInS: (Math.max(...arrivals) - drainFrom) / 1000 } : {}),
          /** the machine's 1, 5 and 15 minute load averages at the start and at the end */
          loadAverage: {
            start: loadAtStart.map((l) => Math.round(l * 10) / 10),
            end: loadavg().map((l) => Math.round(l * 10) / 10),
          },
          factToReceiverMs: percentiles(fromFact),
        },
        null,
        2,
      )}\n`,
    );
  } finally {
    await tracker.stop();
    await stack.stop();
    for (const database of Object.values(databases)) dropDatabase(database);
    receiver.kill();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
