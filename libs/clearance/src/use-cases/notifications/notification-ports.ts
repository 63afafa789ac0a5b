import type { NotificationType, PlatformNotification } from '@gba/clearance-domain';

/** A notification as a platform pulls it: the change, and when the platform acknowledged it. */
export interface NotificationView extends Omit<PlatformNotification, 'platformId'> {
  /** RFC 3339, UTC; null while pending. A 2xx push delivery acknowledges it too. */
  acknowledgedAt: string | null;
}

export type NotificationStatusFilter = 'pending' | 'acknowledged';

export interface NotificationPage {
  items: NotificationView[];
  /** Opaque; null on the last page. */
  nextCursor: string | null;
}

/** A platform's push subscription as the platform sees it (never the secret). */
export interface SubscriptionView {
  url: string;
  events: NotificationType[];
  /** RFC 3339, UTC. */
  createdAt: string;
  /** RFC 3339, UTC: since when deliveries are blocked (repeated failures); null when flowing. */
  blockedAt: string | null;
}

/**
 * The head of one subscriber's queue (its oldest pending notifications, one while it is blocked),
 * leased to one dispatcher: sent one at a time, in order.
 */
export interface Delivery {
  platformId: string;
  url: string;
  /** The signing secret in clear (`whsec_…`). */
  secret: string;
  /** Consecutive failed attempts before this one. */
  failures: number;
  blocked: boolean;
  /** The lease token: only its holder records the outcome. */
  lease: string;
  /** Oldest first; never empty. */
  notifications: PlatformNotification[];
}

/** A blocked subscriber, for operators. */
export interface BlockedSubscriber {
  platformId: string;
  url: string;
  blockedAt: string;
  failures: number;
  lastError: string | null;
  /** Notifications waiting for it. */
  pending: number;
  nextAttemptAt: string;
}

/** Pull queue of notifications (PostgreSQL in production). */
export abstract class NotificationStore {
  /** A platform's notifications, oldest first, `limit` after the cursor `after`. Null: bad cursor. */
  abstract list(
    platformId: string,
    query: { status?: NotificationStatusFilter; limit: number; after?: string },
  ): Promise<NotificationPage | null>;
  /** Acknowledges the platform's own notifications among `ids`; returns those it holds. */
  abstract acknowledge(platformId: string, ids: readonly string[]): Promise<string[]>;
}

/** Push subscriptions (PostgreSQL in production); the secret is kept sealed. */
export abstract class SubscriptionStore {
  /** Creates or replaces the platform's subscription, with a new secret and a fresh delivery state. */
  abstract put(
    platformId: string,
    subscription: { url: string; events: NotificationType[]; secret: string },
  ): Promise<SubscriptionView>;
  abstract get(platformId: string): Promise<SubscriptionView | null>;
  /** False when there was none. */
  abstract remove(platformId: string): Promise<boolean>;
}

/** Delivery state of the push dispatcher (PostgreSQL in production: survives restarts). */
export abstract class DeliveryStore {
  /**
   * Leases up to `limit` subscribers that have a pending notification of their events and whose
   * next attempt is due and lease free, each with its oldest `window` such notifications (one
   * while blocked), for `leaseMs`. Several dispatchers may run: a subscriber is leased to one at a
   * time.
   */
  abstract claimDue(limit: number, leaseMs: number, window: number): Promise<Delivery[]>;
  /**
   * 2xx answers: the notifications `ids` delivered (and acknowledged), the subscriber flowing
   * again, its lease renewed for `leaseMs`. Returns its next window (the caller goes on with it):
   * its oldest pending notifications but `inFlight` (a window being sent while this reads ahead),
   * or null when there are none, with the lease released unless `inFlight` is being sent under it.
   */
  abstract delivered(
    delivery: Delivery,
    ids: readonly string[],
    leaseMs: number,
    window: number,
    inFlight?: readonly string[],
  ): Promise<Delivery | null>;
  /**
   * A failed attempt at `failed` after `delivered` succeeded: the lease released, the same
   * notification retried at `retry.at`, `retry.failures` the consecutive failures so far, and
   * the subscriber blocked when `retry.block`.
   */
  abstract failed(
    delivery: Delivery,
    outcome: { delivered: readonly string[]; failed: string; error: string },
    retry: { at: Date; failures: number; block: boolean },
  ): Promise<void>;
  /**
   * Calls `onNew` whenever notifications have been stored (after their transaction committed), on
   * a connection of its own until `close`; a lost connection ends it (a poll must remain).
   */
  abstract listenForNew(onNew: () => void): Promise<{ close(): Promise<void> }>;
  /** Gives the lease up without an attempt (nothing recorded: the same window is claimed again). */
  abstract release(delivery: Delivery): Promise<void>;
  /** Blocked subscribers (of one platform, or all). */
  abstract blocked(platformId?: string): Promise<BlockedSubscriber[]>;
  /** Clears blocks (of one platform, or all): the next attempt is now. Returns the platforms. */
  abstract unblock(platformId?: string): Promise<string[]>;
  /** Pending notifications and the age of the oldest one not pushed yet, for /metrics. */
  abstract backlog(): Promise<{ pending: number; oldestAgeSeconds: number }>;
  /** Removes notifications acknowledged before `before`; returns how many. */
  abstract purgeAcknowledged(before: Date): Promise<number>;
}
