import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { boundedCollect, MetricsRegistry, SERVICE_CONFIG, type ServiceConfig } from '@gba/runtime';
import { Counter, Gauge } from 'prom-client';
import { type Delivery, DeliveryStore } from './notification-ports';
import { postWebhook, signedHeaders, webhookPayload } from './webhook-sender';

/** Acknowledged notifications are kept this long, then removed (issue 12). */
export const ACKNOWLEDGED_RETENTION_DAYS = 30;
const CLEAN_UP_EVERY_MS = 60 * 60 * 1000;
/** Subscribers this process serves at once (each with at most one delivery in flight). */
const CONCURRENT_SUBSCRIBERS = 32;
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
 * at a time, one delivery in flight), sends each its OLDEST pending notification, and records the
 * outcome: 2xx delivers it (the next one follows at once, under the renewed lease, read by the
 * same statement that recorded the delivery); anything else schedules a retry of the
 * same notification (exponential backoff with jitter), and after `blockAfter` consecutive failures
 * the subscriber is blocked: its oldest notification alone is retried every `retryMaxMs` until one
 * attempt succeeds, then the rest flow again in order. A process killed mid-delivery leaves the
 * lease to expire (timeout + 5 s); the notification is then sent again with the same `webhook-id`.
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
  private lastCleanUp = 0;

  constructor(
    private readonly store: DeliveryStore,
    metrics: MetricsRegistry,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {
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
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      let claimed = 0;
      try {
        claimed = await this.pass();
        await this.cleanUpNowAndThen();
      } catch (err) {
        this.logger.warn({ err }, `notification dispatch pass failed: ${(err as Error).message}`);
      }
      // Claim again at once while there was work and room; else after a pause, or when a
      // subscriber's queue runs dry (its chain ends) and makes room.
      if (this.running && (claimed === 0 || this.serving.size >= CONCURRENT_SUBSCRIBERS)) {
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

  private async serve(first: Delivery, leasedAt: number): Promise<void> {
    let window: { delivery: Delivery; leasedAt: number } | null = { delivery: first, leasedAt };
    while (window) window = await this.deliverWindow(window.delivery, window.leasedAt);
  }

  /**
   * Sends the window's notifications one at a time, in order, until one fails, the lease needs
   * renewing (none starts later than START_WITHIN_MS after the lease was asked for) or the service
   * stops; records the outcome with one statement and returns the next window with when its lease
   * was asked for (none after a failure or at the end of the queue).
   */
  private async deliverWindow(
    delivery: Delivery,
    leasedAt: number,
  ): Promise<{ delivery: Delivery; leasedAt: number } | null> {
    const { notifications: settings, mode } = this.config;
    const done: string[] = [];
    for (const notification of delivery.notifications) {
      if (!this.running || Date.now() - leasedAt > START_WITHIN_MS) break;
      const payload = webhookPayload(notification);
      const headers = signedHeaders(delivery.secret, notification.id, new Date(), payload);
      const outcome = await postWebhook(delivery.url, headers, payload, settings.timeoutMs, mode);
      if (outcome.ok) {
        done.push(notification.id);
        this.delivered.inc();
        continue;
      }
      this.failed.inc();
      const failures = done.length > 0 ? 1 : delivery.failures + 1;
      const block = failures >= settings.blockAfter;
      const at = new Date(Date.now() + retryDelayMs(failures, settings, block));
      await this.store.failed(
        delivery,
        { delivered: done, failed: notification.id, error: outcome.error },
        { at, failures, block },
      );
      if (block && !delivery.blocked) {
        this.logger.warn(
          { platformId: delivery.platformId, failures, error: outcome.error },
          'webhook subscriber blocked: only its oldest notification is retried until it succeeds',
        );
      }
      return null;
    }
    if (delivery.blocked && done.length > 0) {
      this.logger.log({ platformId: delivery.platformId }, 'webhook subscriber unblocked');
    }
    if (done.length === 0) {
      // The lease was taken too long ago to start one (a slow statement), or the service stops.
      await this.store.release(delivery);
      return null;
    }
    // Stopping after some: they are recorded and the lease left to expire at once.
    const renewedAt = Date.now();
    const next = await this.store.delivered(delivery, done, this.running ? this.leaseMs : 0, WINDOW);
    return this.running && next ? { delivery: next, leasedAt: renewedAt } : null;
  }

  private async cleanUpNowAndThen(): Promise<void> {
    if (Date.now() - this.lastCleanUp < CLEAN_UP_EVERY_MS) return;
    this.lastCleanUp = Date.now();
    const before = new Date(Date.now() - ACKNOWLEDGED_RETENTION_DAYS * 24 * 3600 * 1000);
    const removed = await this.store.purgeAcknowledged(before);
    if (removed > 0) this.logger.log({ removed }, 'acknowledged notifications older than 30 days removed');
  }
}
