import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { boundedCollect, MetricsRegistry, SERVICE_CONFIG, type ServiceConfig } from '@gba/runtime';
import { Counter, Gauge } from 'prom-client';
import { type Delivery, DeliveryStore } from './notification-ports';
import { WebhookThread } from './webhook-thread';

/** Injection token of the dispatcher's sender (default: a `WebhookThread` of its own). */
export const WEBHOOK_THREAD = Symbol('WEBHOOK_THREAD');

/** Acknowledged notifications are kept this long, then removed (issue 12). */
export const ACKNOWLEDGED_RETENTION_DAYS = 30;
const CLEAN_UP_EVERY_MS = 60 * 60 * 1000;
/** Subscribers this process serves at once (each with at most one delivery in flight). */
const CONCURRENT_SUBSCRIBERS = 32;
/** The poll when no new notification is signalled (see `DeliveryStore.listenForNew`). */
const IDLE_PAUSE_MS = 200;
/** Notifications read per statement for one subscriber (sent one at a time, in order). */
const WINDOW = 50;
/** A lease lasts the request timeout and this much more. */
const LEASE_MARGIN_MS = 5000;
/**
 * A delivery starts only this soon after the statement that took or renewed the lease was sent
 * (the time taken by that statement counts), so that it ends, and its outcome is recorded, within
 * the lease: one delivery is never in flight twice.
 */
const START_WITHIN_MS = 3000;
const BACKLOG_READ_TIMEOUT_MS = 1000;

/**
 * The pause before the next attempt after `failures` consecutive failures (1 after the first):
 * exponential from `baseMs`, capped at `maxMs`, with "equal jitter" (half fixed, half random) so
 * that subscribers failing together do not retry together. A blocked subscriber waits `maxMs`
 * (jittered) between its attempts.
 */
export function retryDelayMs(
  failures: number,
  settings: { retryBaseMs: number; retryMaxMs: number },
  blocked: boolean,
  random: () => number = Math.random,
): number {
  const ceiling = blocked
    ? settings.retryMaxMs
    : Math.min(settings.retryMaxMs, settings.retryBaseMs * 2 ** Math.min(failures - 1, 30));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * Pushes notifications to subscribed platforms, signed as Standard Webhooks prescribes. Delivery
 * state lives in PostgreSQL (`DeliveryStore`), so a restart loses nothing: each pass leases due
 * subscribers (SKIP LOCKED, so several instances share the work and a subscriber is served by one
 * at a time, one delivery in flight), sends each its OLDEST pending notifications in order (on the
 * webhook thread, `WebhookThread`), and records the outcomes as sets: 2xx delivers (the next
 * window is read ahead, under the renewed lease, by the statement that records the previous one);
 * anything else schedules a retry of the same notification (exponential backoff with jitter), and
 * after `blockAfter` consecutive failures the subscriber is blocked: its oldest notification alone
 * is retried every `retryMaxMs` until one attempt succeeds, then the rest flow again in order. A
 * process killed mid-window leaves the lease to expire (timeout + 5 s); what it sent and had not
 * recorded yet (at most two windows) is then sent again with the same `webhook-id`s.
 */
@Injectable()
export class NotificationDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('notifications');
  private readonly delivered: Counter;
  private readonly failed: Counter;
  private running = false;
  private loop: Promise<void> | undefined;
  /** The chains of the subscribers this process serves now. */
  private readonly serving = new Set<Promise<void>>();
  private wake: (() => void) | undefined;
  /** New notifications were signalled since the pass began. */
  private signalled = false;
  private listening: Promise<{ close(): Promise<void> } | undefined> | undefined;
  private lastCleanUp = 0;
  private readonly thread: Pick<WebhookThread, 'send' | 'stop'>;

  constructor(
    private readonly store: DeliveryStore,
    metrics: MetricsRegistry,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    /** Where runs are sent (a worker thread of their own; another sender in unit tests). */
    @Optional() @Inject(WEBHOOK_THREAD) thread?: Pick<WebhookThread, 'send' | 'stop'>,
  ) {
    this.thread = thread ?? new WebhookThread();
    this.delivered = new Counter({
      name: 'notifications_delivered_total',
      help: 'Notifications pushed to platforms and answered 2xx',
      registers: [metrics.registry],
    });
    this.failed = new Counter({
      name: 'notifications_failed_total',
      help: 'Failed push attempts (non-2xx, timeout, refused or unreachable target)',
      registers: [metrics.registry],
    });
    const backlog = () => store.backlog();
    new Gauge({
      name: 'notifications_pending',
      help: 'Notifications neither acknowledged nor delivered',
      registers: [metrics.registry],
      collect: boundedCollect<Gauge>('notifications_pending', BACKLOG_READ_TIMEOUT_MS, async (gauge) => {
        gauge.set((await backlog()).pending);
      }),
    });
    new Gauge({
      name: 'notifications_oldest_pending_age_seconds',
      help: 'Age of the oldest notification neither acknowledged nor delivered (0 when none)',
      registers: [metrics.registry],
      collect: boundedCollect<Gauge>(
        'notifications_oldest_pending_age_seconds',
        BACKLOG_READ_TIMEOUT_MS,
        async (gauge) => {
          gauge.set((await backlog()).oldestAgeSeconds);
        },
      ),
    });
  }

  onApplicationBootstrap(): void {
    this.running = true;
    // New notifications wake the dispatcher at once; the poll (IDLE_PAUSE_MS) remains for when
    // the listening connection is lost or a signal came during a pass.
    this.listening = this.store
      .listenForNew(() => {
        this.signalled = true;
        this.wake?.();
      })
      .catch((err: unknown) => {
        this.logger.warn({ err }, `not listening for new notifications: ${(err as Error).message}`);
        return undefined;
      });
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.thread.stop();
    await this.loop;
    await (await this.listening)?.close();
  }

  private async run(): Promise<void> {
    while (this.running) {
      let claimed = 0;
      this.signalled = false;
      try {
        claimed = await this.pass();
        await this.cleanUpNowAndThen();
      } catch (err) {
        this.logger.warn({ err }, `notification dispatch pass failed: ${(err as Error).message}`);
      }
      // Claim again at once while there was work and room; else after a pause, or when a
      // subscriber's queue runs dry (its chain ends) and makes room.
      const idle = claimed === 0 && !this.signalled;
      if (this.running && (idle || this.serving.size >= CONCURRENT_SUBSCRIBERS)) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, IDLE_PAUSE_MS);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    }
    await Promise.all(this.serving);
  }

  /**
   * Leases due subscribers (as many as there is room for) and starts serving each; returns how
   * many. Each is served in its own chain: its oldest notification, and after a 2xx the next one
   * under the same renewed lease, until its queue is empty or an attempt fails.
   */
  async pass(): Promise<number> {
    const room = CONCURRENT_SUBSCRIBERS - this.serving.size;
    if (room <= 0) return 0;
    const leasedAt = Date.now();
    const due = await this.store.claimDue(room, this.leaseMs, WINDOW);
    for (const first of due) {
      const chain: Promise<void> = this.serve(first, leasedAt)
        .catch((err: unknown) =>
          this.logger.warn(
            { err, platformId: first.platformId },
            `webhook delivery failed: ${(err as Error).message}`,
          ),
        )
        .finally(() => {
          this.serving.delete(chain);
          this.wake?.();
        });
      this.serving.add(chain);
    }
    return due.length;
  }

  private get leaseMs(): number {
    return this.config.notifications.timeoutMs + LEASE_MARGIN_MS;
  }

  /**
   * Serves one leased subscriber until its queue is empty, an attempt fails or the service stops.
   * The window in hand is sent on the webhook thread (one delivery at a time, in order) while, if
   * the subscriber is flowing, ONE statement records the previous window's deliveries, renews the
   * lease and reads ahead the next window (leaving out the one being sent): a statement per
   * window, overlapped with the sending. The deliveries of a window are thus recorded as a set,
   * after it was sent: a process killed in between sends them again once its lease has expired,
   * with the same `webhook-id` (at least once; receivers deduplicate on it).
   */
  private async serve(first: Delivery, leasedAt: number): Promise<void> {
    const { notifications: settings, mode } = this.config;
    let current: Delivery | null = first;
    let currentLeasedAt = leasedAt;
    /** Delivered (2xx) and not recorded yet. */
    let unrecorded: string[] = [];
    try {
      while (current && this.running) {
        const inHand: Delivery = current;
        const sending = this.thread.send({
          url: inHand.url,
          secret: inHand.secret,
          notifications: inHand.notifications,
          timeoutMs: settings.timeoutMs,
          mode,
          startBy: currentLeasedAt + START_WITHIN_MS,
        });
        const askedAt = Date.now();
        const flowing = !inHand.blocked && inHand.failures === 0;
        const recording = unrecorded;
        const ahead: Promise<{ recorded: boolean; next: Delivery | null }> = flowing
          ? this.store
              .delivered(
                inHand,
                recording,
                this.leaseMs,
                WINDOW,
                inHand.notifications.map((n) => n.id),
              )
              .then(
                (next) => ({ recorded: true, next }),
                (err: unknown) => {
                  this.logger.warn({ err }, `reading ahead failed: ${(err as Error).message}`);
                  return { recorded: false, next: null };
                },
              )
          : Promise.resolve({ recorded: false, next: null });
        const [outcome, read] = await Promise.all([sending, ahead]);
        if (read.recorded) unrecorded = [];
        unrecorded = [...unrecorded, ...outcome.delivered];
        this.delivered.inc(outcome.delivered.length);
        if (outcome.failure) {
          await this.recordFailure(inHand, unrecorded, outcome.failure, outcome.delivered.length > 0);
          unrecorded = [];
          return;
        }
        if (inHand.blocked && outcome.delivered.length > 0) {
          this.logger.log({ platformId: inHand.platformId }, 'webhook subscriber unblocked');
        }
        if (outcome.delivered.length === inHand.notifications.length && read.next) {
          // All sent; the next window was read (and the lease renewed) while they were.
          current = read.next;
          currentLeasedAt = askedAt;
          continue;
        }
        if (unrecorded.length === 0) {
          // None could start (the lease was taken too long ago: a slow statement), or stopping.
          await this.store.release(inHand);
          return;
        }
        // The queue's end, a window cut short (lease time or stopping), or no read-ahead: record
        // and read afresh (anything left unsent comes first again).
        const renewedAt = Date.now();
        const recorded = unrecorded;
        current = await this.store.delivered(inHand, recorded, this.running ? this.leaseMs : 0, WINDOW);
        unrecorded = [];
        currentLeasedAt = renewedAt;
      }
    } finally {
      // Stopping with deliveries not recorded yet: recorded, and the lease left to expire at once.
      if (unrecorded.length > 0 && current) await this.store.delivered(current, unrecorded, 0, WINDOW);
    }
  }

  /** Records a failed attempt after `delivered` succeeded: a retry scheduled, maybe a block. */
  private async recordFailure(
    delivery: Delivery,
    delivered: string[],
    failure: { id: string; error: string },
    afterSuccess: boolean,
  ): Promise<void> {
    const settings = this.config.notifications;
    this.failed.inc();
    const failures = afterSuccess ? 1 : delivery.failures + 1;
    const block = failures >= settings.blockAfter;
    const at = new Date(Date.now() + retryDelayMs(failures, settings, block));
    await this.store.failed(
      delivery,
      { delivered, failed: failure.id, error: failure.error },
      { at, failures, block },
    );
    if (block && !delivery.blocked) {
      this.logger.warn(
        { platformId: delivery.platformId, failures, error: failure.error },
        'webhook subscriber blocked: only its oldest notification is retried until it succeeds',
      );
    }
  }

  private async cleanUpNowAndThen(): Promise<void> {
    if (Date.now() - this.lastCleanUp < CLEAN_UP_EVERY_MS) return;
    this.lastCleanUp = Date.now();
    const before = new Date(Date.now() - ACKNOWLEDGED_RETENTION_DAYS * 24 * 3600 * 1000);
    const removed = await this.store.purgeAcknowledged(before);
    if (removed > 0) this.logger.log({ removed }, 'acknowledged notifications older than 30 days removed');
  }
}
