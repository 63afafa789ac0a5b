import type { PlatformNotification } from '@gba/clearance-domain';
import { MetricsRegistry, type ServiceConfig } from '@gba/runtime';
import { NotificationDispatcher } from './notification-dispatcher';
import { type BlockedSubscriber, type Delivery, DeliveryStore } from './notification-ports';
import type { DeliveryRun, RunOutcome } from './webhook-sender';

/**
 * One subscriber's delivery state in memory, with the semantics the PostgreSQL store promises
 * (unit tests only; the repository's own behaviour is tested against PostgreSQL).
 */
class MemoryDeliveryStore extends DeliveryStore {
  readonly queue: string[];
  readonly recorded: string[] = [];
  lease: string | null = null;
  failures = 0;
  nextAttemptAt = 0;
  /** Each `delivered` call: the ids it recorded and those it was told are in flight. */
  readonly statements: { ids: string[]; inFlight: string[] }[] = [];
  readonly failedCalls: { delivered: string[]; failed: string }[] = [];
  private leases = 0;

  constructor(count: number) {
    super();
    this.queue = Array.from({ length: count }, (_, n) => `n-${String(n).padStart(4, '0')}`);
  }

  private window(skip: readonly string[], size: number): Delivery | null {
    const pending = this.queue.filter((id) => !this.recorded.includes(id) && !skip.includes(id));
    if (pending.length === 0 || !this.lease) return null;
    return {
      platformId: 'shop-a',
      url: 'https://platform.example/hook',
      secret: 'whsec_x',
      failures: this.failures,
      blocked: false,
      lease: this.lease,
      notifications: pending
        .slice(0, size)
        .map((id) => ({ id, platformId: 'shop-a' }) as PlatformNotification),
    };
  }

  async claimDue(_limit: number, _leaseMs: number, window: number): Promise<Delivery[]> {
    if (this.lease || Date.now() < this.nextAttemptAt) return [];
    this.lease = `lease-${++this.leases}`;
    const delivery = this.window([], window);
    if (!delivery) this.lease = null;
    return delivery ? [delivery] : [];
  }

  async delivered(
    delivery: Delivery,
    ids: readonly string[],
    _leaseMs: number,
    window: number,
    inFlight: readonly string[] = [],
  ): Promise<Delivery | null> {
    this.statements.push({ ids: [...ids], inFlight: [...inFlight] });
    this.recorded.push(...ids);
    if (delivery.lease !== this.lease) return null;
    this.failures = 0;
    const next = this.window([...ids, ...inFlight], window);
    if (!next && inFlight.length === 0) this.lease = null;
    return next;
  }

  async failed(
    delivery: Delivery,
    outcome: { delivered: readonly string[]; failed: string; error: string },
    retry: { at: Date; failures: number; block: boolean },
  ): Promise<void> {
    if (delivery.lease !== this.lease) return;
    this.failedCalls.push({ delivered: [...outcome.delivered], failed: outcome.failed });
    this.recorded.push(...outcome.delivered);
    this.failures = retry.failures;
    this.nextAttemptAt = retry.at.getTime();
    this.lease = null;
  }

  listenForNew(): Promise<{ close(): Promise<void> }> {
    return Promise.resolve({ close: () => Promise.resolve() });
  }

  async release(delivery: Delivery): Promise<void> {
    if (delivery.lease === this.lease) this.lease = null;
  }

  async blocked(): Promise<BlockedSubscriber[]> {
    return [];
  }
  async unblock(): Promise<string[]> {
    return [];
  }
  async backlog() {
    return { pending: this.queue.length - this.recorded.length, oldestAgeSeconds: 0 };
  }
  async purgeAcknowledged(): Promise<number> {
    return 0;
  }
}

/** A sender that answers 2xx to every delivery but `failing`, logging what it sent, in order. */
class RecordingSender {
  readonly sent: string[] = [];
  inFlight = 0;
  mostInFlight = 0;
  constructor(private readonly failing: string | null = null) {}

  async send(run: DeliveryRun): Promise<RunOutcome> {
    const delivered: string[] = [];
    for (const notification of run.notifications) {
      this.inFlight++;
      this.mostInFlight = Math.max(this.mostInFlight, this.inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      this.inFlight--;
      this.sent.push(notification.id);
      if (notification.id === this.failing)
        return { delivered, failure: { id: notification.id, error: 'HTTP 500' } };
      delivered.push(notification.id);
    }
    return { delivered, failure: null };
  }
  stop(): Promise<void> {
    return Promise.resolve();
  }
}

const config = {
  mode: 'development',
  notifications: { timeoutMs: 5000, retryBaseMs: 60_000, retryMaxMs: 600_000, blockAfter: 5 },
} as unknown as ServiceConfig;

async function dispatchUntil(store: MemoryDeliveryStore, sender: RecordingSender, done: () => boolean) {
  const dispatcher = new NotificationDispatcher(store, new MetricsRegistry(), config, sender);
  dispatcher.onApplicationBootstrap();
  const deadline = Date.now() + 20_000;
  while (!done() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  await dispatcher.onApplicationShutdown();
}

describe('NotificationDispatcher: windows read ahead, outcomes recorded in sets', () => {
  it('sends every notification once, in order, one at a time, reading each next window while one is sent', async () => {
    const store = new MemoryDeliveryStore(170);
    const sender = new RecordingSender();
    await dispatchUntil(store, sender, () => store.recorded.length === 170 && store.lease === null);
    expect(sender.sent).toEqual(store.queue);
    expect(sender.mostInFlight).toBe(1);
    expect([...store.recorded].sort()).toEqual(store.queue);
    // Windows of 50: each read ahead while the one before was in flight, recording the one before it.
    expect(store.statements.filter((s) => s.inFlight.length > 0).map((s) => s.inFlight.length)).toEqual([
      50, 50, 50, 20,
    ]);
    expect(store.statements[1]).toEqual({
      ids: store.queue.slice(0, 50),
      inFlight: store.queue.slice(50, 100),
    });
  });

  it('stops at a failure: what was read ahead is not sent, the delivered ones are recorded, the failed one comes next', async () => {
    const store = new MemoryDeliveryStore(130);
    const sender = new RecordingSender(store.queue[70]!);
    await dispatchUntil(store, sender, () => store.failedCalls.length === 1);
    expect(sender.sent).toEqual(store.queue.slice(0, 71));
    expect(store.failedCalls).toEqual([{ delivered: store.queue.slice(50, 70), failed: store.queue[70] }]);
    expect([...store.recorded].sort()).toEqual(store.queue.slice(0, 70));
    expect(store.failures).toBe(1);
    // The next claim (once due) starts at the failed one.
    store.nextAttemptAt = 0;
    const [next] = await store.claimDue(1, 1000, 50);
    expect(next!.notifications[0]!.id).toBe(store.queue[70]);
  });
});
