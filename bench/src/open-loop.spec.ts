import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { offerAll, offers } from './open-loop';
import type { Stack } from './stack';
import type { DecisionTracker, Filed } from './tracker';

describe('offers', () => {
  it('schedules rate × duration single filings, the kinds in turn, each with its own key and reference', () => {
    const list = offers(8, 2, 'r1', 100);
    expect(list).toHaveLength(16);
    expect(list.map((o) => o.dueMs)).toEqual(Array.from({ length: 16 }, (_, i) => i * 125));
    expect(new Set(list.map((o) => o.kind.filedWith))).toEqual(new Set(['GZ', 'HK', 'MO']));
    expect(list.slice(0, 4).map((o) => o.kind.name)).toEqual([
      'HK→CN @HK',
      'HK→CN @GZ',
      'CN→MO @GZ',
      'HK→MO @MO',
    ]);
    expect(new Set(list.map((o) => o.idempotencyKey)).size).toBe(16);
    const refs = list.map((o) => (JSON.parse(o.body) as { platformRef: string }).platformRef);
    expect(new Set(refs).size).toBe(16);
  });
});

describe('offerAll', () => {
  const DELAY_MS = 400;
  let server: Server;
  let baseUrl: string;
  let inFlight = 0;
  let maxInFlight = 0;
  const seen: { key: string | undefined; url: string | undefined }[] = [];

  beforeAll(async () => {
    // A slow service: every filing is answered 201 after DELAY_MS, the third with a 503.
    server = createServer((req, res) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const n = seen.push({ key: req.headers['idempotency-key'] as string | undefined, url: req.url });
      req.resume();
      req.on('end', () =>
        setTimeout(() => {
          inFlight--;
          if (n === 3) {
            res.writeHead(503, { 'content-type': 'application/problem+json', 'retry-after': '1' });
            res.end(JSON.stringify({ type: 'about:blank', title: 'overloaded', status: 503 }));
            return;
          }
          res.writeHead(201, { 'content-type': 'application/json' });
          res.end(
            JSON.stringify({
              id: `d-${n}`,
              participants: [{ authority: 'HK' }, { authority: 'GZ' }],
            }),
          );
        }, DELAY_MS),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('sends on schedule while earlier filings are unanswered, and counts latency from the scheduled time', async () => {
    const service = { baseUrl };
    const stack = { services: { GZ: service, HK: service, MO: service }, apiKey: 'k' } as unknown as Stack;
    const followed: Filed[] = [];
    const tracker = { follow: (f: Filed) => followed.push(f) } as unknown as DecisionTracker;

    const schedule = offers(20, 1, 'r2', 0); // 20 filings, one every 50 ms, each answered after 400 ms
    const log = await offerAll(schedule, stack, tracker, 10_000);

    // Open loop: about 8 requests were waiting at once; a closed loop of one would have had 1.
    expect(maxInFlight).toBeGreaterThanOrEqual(5);
    expect(seen.every((s) => s.url === '/api/v1/declarations')).toBe(true);
    expect(new Set(seen.map((s) => s.key)).size).toBe(20);
    for (const a of log.attempts) {
      expect(a.sentAt - a.scheduledAt).toBeLessThan(100);
      expect(a.answeredAt - a.scheduledAt).toBeGreaterThanOrEqual(DELAY_MS - 1);
    }
    const scheduled = log.attempts.map((a) => a.scheduledAt - log.start).sort((x, y) => x - y);
    scheduled.forEach((t, i) => expect(t).toBeCloseTo(schedule[i].dueMs, 6));
    expect(log.statuses).toEqual({ '201': 19, '503': 1 });
    expect(log.filed).toHaveLength(19);
    expect(followed).toHaveLength(19);
    expect(followed[0].participants).toEqual(['HK', 'GZ']);
    expect(
      followed.every(
        (f) => f.sentAt === log.attempts.find((a) => a.answeredAt === f.answeredAt)!.scheduledAt,
      ),
    ).toBe(true);
  });
});
