import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PlatformNotification } from '@gba/clearance-domain';
import { Webhook } from 'standardwebhooks';
import { type DeliveryRun, sendInOrder } from './webhook-sender';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

/** A loopback receiver answering `statusOf(n)` to its n-th request (0-based), recording each. */
async function receiver(statusOf: (n: number) => number) {
  const got: { id: string; port: number; verified: boolean }[] = [];
  let inFlight = 0;
  let mostInFlight = 0;
  const server: Server = createServer((req: IncomingMessage, res) => {
    inFlight++;
    mostInFlight = Math.max(mostInFlight, inFlight);
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      let verified = true;
      try {
        new Webhook(SECRET).verify(raw, req.headers as Record<string, string>);
      } catch {
        verified = false;
      }
      const n = got.length;
      got.push({ id: String(req.headers['webhook-id']), port: req.socket.remotePort ?? 0, verified });
      // Answer on a later turn, so that a sender not waiting for it would overlap the next one.
      setImmediate(() => {
        inFlight--;
        res.writeHead(statusOf(n)).end();
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    got,
    mostInFlight: () => mostInFlight,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const notifications = (count: number): PlatformNotification[] =>
  Array.from({ length: count }, (_, n) => ({
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    platformId: 'shop-a',
    declarationId: '00000000-0000-4000-8000-000000000099',
    platformRef: `SHOP-${n}`,
    type: 'ACCEPTED',
    status: 'IN_PROGRESS',
    participants: [],
    reasons: [],
    occurredAt: new Date(0).toISOString(),
  })) as unknown as PlatformNotification[];

const runOf = (url: string, count: number, extra: Partial<DeliveryRun> = {}): DeliveryRun => ({
  url,
  secret: SECRET,
  notifications: notifications(count),
  timeoutMs: 5000,
  mode: 'development',
  startBy: Date.now() + 60_000,
  ...extra,
});

describe('sending a run of deliveries (sendInOrder)', () => {
  it('sends in order, one at a time, signed, over one kept-alive connection', async () => {
    const hook = await receiver(() => 204);
    try {
      const run = runOf(hook.url, 20);
      const outcome = await sendInOrder(run);
      expect(outcome).toEqual({ delivered: run.notifications.map((n) => n.id), failure: null });
      expect(hook.got.map((g) => g.id)).toEqual(run.notifications.map((n) => n.id));
      expect(hook.got.every((g) => g.verified)).toBe(true);
      expect(hook.mostInFlight()).toBe(1);
      expect(new Set(hook.got.map((g) => g.port)).size).toBe(1);
    } finally {
      await hook.close();
    }
  });

  it('stops at the first failure: those before delivered, the rest not sent', async () => {
    const hook = await receiver((n) => (n === 3 ? 503 : 200));
    try {
      const run = runOf(hook.url, 8);
      const ids = run.notifications.map((n) => n.id);
      expect(await sendInOrder(run)).toEqual({
        delivered: ids.slice(0, 3),
        failure: { id: ids[3], error: 'HTTP 503' },
      });
      expect(hook.got.map((g) => g.id)).toEqual(ids.slice(0, 4));
    } finally {
      await hook.close();
    }
  });

  it('starts none after startBy or once stopped, and sends nowhere production refuses', async () => {
    const hook = await receiver(() => 204);
    try {
      expect(await sendInOrder(runOf(hook.url, 3, { startBy: Date.now() - 1 }))).toEqual({
        delivered: [],
        failure: null,
      });
      let sent = 0;
      const stopAfterTwo = await sendInOrder(runOf(hook.url, 5), () => sent++ >= 2);
      expect(stopAfterTwo.delivered).toHaveLength(2);
      const refused = await sendInOrder(runOf(hook.url, 2, { mode: 'production' }));
      expect(refused).toEqual({
        delivered: [],
        failure: { id: notifications(1)[0]!.id, error: 'webhook target refused: http in production' },
      });
      expect(hook.got).toHaveLength(2);
    } finally {
      await hook.close();
    }
  });
});
