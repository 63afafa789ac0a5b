import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { type DeclarationRecord, notificationsOwed, type PlatformNotification } from '@gba/clearance-domain';
import type { Authority } from '@gba/standards';
import { inUnitOfWork, SERVICE_CONFIG, type ServiceConfig } from '@gba/runtime';
import { Client } from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import {
  type BlockedSubscriber,
  type Delivery,
  DeliveryStore,
  type NotificationPage,
  type NotificationStatusFilter,
  NotificationStore,
  type NotificationView,
} from '../../use-cases/notifications/notification-ports';
import { PersonalData } from './personal-data';
import { iso } from './sql';

/**
 * Stores the notifications a unit of work owes the platforms with ONE statement, in the unit's
 * transaction (so a change and its notification commit together or not at all). `seq` orders them.
 */
export async function insertNotifications(
  manager: EntityManager,
  notifications: readonly PlatformNotification[],
): Promise<void> {
  if (notifications.length === 0) return;
  // The same statement signals NEW_NOTIFICATIONS; PostgreSQL delivers it at commit (not at all on
  // a rollback), waking the dispatchers listening (`listenForNew`).
  await manager.query(
    `WITH stored AS (
       INSERT INTO notifications (id, platform_id, declaration_id, type, body)
       SELECT (n->>'id')::uuid, n->>'platformId', (n->>'declarationId')::uuid, n->>'type', n - 'platformId'
         FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS t(n, i) ORDER BY i
       RETURNING 1)
     SELECT pg_notify('${NEW_NOTIFICATIONS}', '') WHERE EXISTS (SELECT 1 FROM stored)`,
    [JSON.stringify(notifications)],
  );
}

/** The PostgreSQL notification channel signalled when notifications are stored. */
export const NEW_NOTIFICATIONS = 'gba_new_notifications';

/**
 * The unit of work's hook: the notifications `authority` owes for the change from `before` (the
 * records as loaded) to `after` (those changed), computed by the domain and written with one
 * statement (none when nothing is owed).
 */
export function saveNotifications(
  manager: EntityManager,
  authority: Authority,
  before: ReadonlyMap<string, DeclarationRecord>,
  after: readonly DeclarationRecord[],
): Promise<void> {
  return insertNotifications(manager, notificationsOwed(authority, before, after, randomUUID, new Date()));
}

/** The opaque cursor of a page: the `seq` of its last item. */
const encodeCursor = (seq: string): string => Buffer.from(`n:${seq}`, 'utf8').toString('base64url');
function decodeCursor(cursor: string): string | null {
  const match = /^n:(\d{1,18})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return match?.[1] ?? null;
}

/** The pull queue: a platform's notifications in this authority's database. */
@Injectable()
export class PostgresNotificationStore extends NotificationStore {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async list(
    platformId: string,
    query: { status?: NotificationStatusFilter; limit: number; after?: string },
  ): Promise<NotificationPage | null> {
    const after = query.after === undefined ? '0' : decodeCursor(query.after);
    if (after === null) return null;
    const rows: { seq: string; body: NotificationView; acknowledged_at: string | null }[] =
      await inUnitOfWork('query', () =>
        this.dataSource.query(
          `SELECT seq, body, ${iso('acknowledged_at')} AS acknowledged_at FROM notifications
            WHERE platform_id = $1 AND seq > $2
              AND ($3::text IS NULL OR ($3 = 'pending') = (acknowledged_at IS NULL))
            ORDER BY seq LIMIT $4`,
          [platformId, after, query.status ?? null, query.limit + 1],
        ),
      );
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      items: page.map((r) => ({ ...r.body, acknowledgedAt: r.acknowledged_at })),
      nextCursor: rows.length > query.limit && last ? encodeCursor(last.seq) : null,
    };
  }

  async acknowledge(platformId: string, ids: readonly string[]): Promise<string[]> {
    const rows: { id: string }[] = await inUnitOfWork('platform-action', () =>
      this.dataSource.query(
        `WITH mine AS (SELECT id FROM notifications WHERE platform_id = $1 AND id = ANY($2::uuid[])),
              acked AS (UPDATE notifications n SET acknowledged_at = now() FROM mine
                         WHERE n.id = mine.id AND n.acknowledged_at IS NULL)
         SELECT id FROM mine`,
        [platformId, ids],
      ),
    );
    return rows.map((r) => r.id);
  }
}

interface ClaimedRow {
  platform_id: string;
  url: string;
  secret: string;
  failures: number;
  blocked: boolean;
  lease: string;
  bodies: Omit<PlatformNotification, 'platformId'>[] | null;
}

/**
 * The subscriber's pending notifications of its event types, oldest first, at most `$window`
 * (one while blocked), leaving out `$skip` (those the same statement just recorded as delivered:
 * its snapshot still shows them pending). `s` is the subscription row.
 */
const WINDOW = `(SELECT jsonb_agg(body ORDER BY seq) FROM (
     SELECT x.body, x.seq FROM notifications x
      WHERE x.platform_id = s.platform_id AND x.acknowledged_at IS NULL AND x.type = ANY(s.events)
        AND x.id <> ALL($skip::uuid[])
      ORDER BY x.seq LIMIT CASE WHEN s.blocked THEN 1 ELSE $window::int END) w) AS bodies`;

/**
 * The push dispatcher's state: per subscriber its consecutive failures, next attempt, lease and
 * block; per notification its attempts and delivery. Pending = not acknowledged (by pull or push).
 */
@Injectable()
export class PostgresDeliveryStore extends DeliveryStore {
  private readonly personalData: PersonalData;

  private readonly databaseUrl: string;
  private readonly logger = new Logger('notifications');

  constructor(
    private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) config: ServiceConfig,
  ) {
    super();
    this.personalData = new PersonalData(config.piiKey);
    this.databaseUrl = config.databaseUrl;
  }

  async claimDue(limit: number, leaseMs: number, window: number): Promise<Delivery[]> {
    const rows: ClaimedRow[] = await this.dataSource.query(
      `WITH due AS (
         SELECT s.platform_id FROM notification_subscriptions s
          WHERE s.next_attempt_at <= now() AND (s.lease_until IS NULL OR s.lease_until < now())
            AND EXISTS (SELECT 1 FROM notifications n WHERE n.platform_id = s.platform_id
                          AND n.acknowledged_at IS NULL AND n.type = ANY(s.events))
          ORDER BY s.next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED),
       claimed AS (
         UPDATE notification_subscriptions s
            SET lease = gen_random_uuid(), lease_until = now() + $2 * interval '1 millisecond'
           FROM due WHERE s.platform_id = due.platform_id
         RETURNING s.platform_id, s.url, s.secret, s.events, s.failures, s.blocked_at IS NOT NULL AS blocked, s.lease)
       SELECT s.platform_id, s.url, s.secret, s.failures, s.blocked, s.lease, ${WINDOW.replace('$skip', "'{}'").replace('$window', '$3')}
         FROM claimed s`,
      [limit, leaseMs, window],
    );
    return rows.flatMap((r) => this.deliveryOf(r));
  }

  async delivered(
    delivery: Delivery,
    ids: readonly string[],
    leaseMs: number,
    window: number,
    inFlight: readonly string[] = [],
  ): Promise<Delivery | null> {
    // One statement: the notifications delivered, the subscriber reset, its lease renewed, and its
    // next window of pending notifications read (past those being sent).
    const rows: ClaimedRow[] = await this.dataSource.query(
      `WITH n AS (
         UPDATE notifications SET delivered_at = now(), acknowledged_at = coalesce(acknowledged_at, now()),
                attempts = attempts + 1, last_error = NULL
          WHERE platform_id = $1 AND id = ANY($2::uuid[])),
       s AS (
         UPDATE notification_subscriptions SET failures = 0, blocked_at = NULL, last_error = NULL,
                next_attempt_at = now(), lease_until = now() + $4 * interval '1 millisecond'
          WHERE platform_id = $1 AND lease = $3
         RETURNING platform_id, url, secret, events, failures, false AS blocked, lease)
       SELECT s.platform_id, s.url, s.secret, s.failures, s.blocked, s.lease, ${WINDOW.replace('$skip', '$6').replace('$window', '$5')}
         FROM s`,
      [delivery.platformId, ids, delivery.lease, leaseMs, window, [...ids, ...inFlight]],
    );
    const [next] = rows.flatMap((r) => this.deliveryOf(r));
    if (next) return next;
    // Kept while a window is being sent under it.
    if (inFlight.length === 0) await this.release(delivery);
    return null;
  }

  async listenForNew(onNew: () => void): Promise<{ close(): Promise<void> }> {
    const client = new Client({ connectionString: this.databaseUrl, connectionTimeoutMillis: 3000 });
    client.on('notification', onNew);
    // A lost connection ends the listening; the dispatcher's poll still finds the notifications.
    client.on('error', (err) => this.logger.warn({ err }, `notification listener lost: ${err.message}`));
    await client.connect();
    await client.query(`LISTEN ${NEW_NOTIFICATIONS}`);
    return { close: () => client.end().catch(() => undefined) };
  }

  async release(delivery: Delivery): Promise<void> {
    await this.dataSource.query(
      'UPDATE notification_subscriptions SET lease = NULL, lease_until = NULL WHERE platform_id = $1 AND lease = $2',
      [delivery.platformId, delivery.lease],
    );
  }

  async failed(
    delivery: Delivery,
    outcome: { delivered: readonly string[]; failed: string; error: string },
    retry: { at: Date; failures: number; block: boolean },
  ): Promise<void> {
    // Only the lease's holder records (a late one after its lease expired changes nothing).
    await this.dataSource.query(
      `WITH s AS (
         UPDATE notification_subscriptions SET failures = $5, last_error = $4, next_attempt_at = $6,
                blocked_at = CASE WHEN $7 THEN coalesce(blocked_at, now()) ELSE NULL END,
                lease = NULL, lease_until = NULL
          WHERE platform_id = $1 AND lease = $3
         RETURNING platform_id),
       d AS (
         UPDATE notifications SET delivered_at = now(), acknowledged_at = coalesce(acknowledged_at, now()),
                attempts = attempts + 1, last_error = NULL
          WHERE platform_id = $1 AND id = ANY($8::uuid[]))
       UPDATE notifications SET attempts = attempts + 1, last_error = $4
        WHERE id = $2 AND platform_id IN (SELECT platform_id FROM s)`,
      [
        delivery.platformId,
        outcome.failed,
        delivery.lease,
        outcome.error.slice(0, 500),
        retry.failures,
        retry.at,
        retry.block,
        outcome.delivered,
      ],
    );
  }

  private deliveryOf(r: ClaimedRow): Delivery[] {
    if (!r.bodies || r.bodies.length === 0) return [];
    return [
      {
        platformId: r.platform_id,
        url: r.url,
        secret: this.personalData.decrypt(r.secret),
        failures: r.failures,
        blocked: r.blocked,
        lease: r.lease,
        notifications: r.bodies.map((body) => ({ ...body, platformId: r.platform_id })),
      },
    ];
  }

  async blocked(platformId?: string): Promise<BlockedSubscriber[]> {
    return this.dataSource.query(
      `SELECT s.platform_id AS "platformId", s.url, ${iso('s.blocked_at')} AS "blockedAt", s.failures,
              s.last_error AS "lastError", ${iso('s.next_attempt_at')} AS "nextAttemptAt",
              (SELECT count(*)::int FROM notifications n
                WHERE n.platform_id = s.platform_id AND n.acknowledged_at IS NULL AND n.type = ANY(s.events)) AS pending
         FROM notification_subscriptions s
        WHERE s.blocked_at IS NOT NULL AND ($1::text IS NULL OR s.platform_id = $1)
        ORDER BY s.blocked_at`,
      [platformId ?? null],
    );
  }

  async unblock(platformId?: string): Promise<string[]> {
    const rows: { platform_id: string }[] = await this.dataSource.query(
      `WITH unblocked AS (
         UPDATE notification_subscriptions SET blocked_at = NULL, failures = 0, next_attempt_at = now()
          WHERE blocked_at IS NOT NULL AND ($1::text IS NULL OR platform_id = $1)
         RETURNING platform_id)
       SELECT platform_id FROM unblocked ORDER BY platform_id`,
      [platformId ?? null],
    );
    return rows.map((r) => r.platform_id);
  }

  async backlog(): Promise<{ pending: number; oldestAgeSeconds: number }> {
    const [row]: { pending: number; age: number | null }[] = await this.dataSource.query(
      `SELECT count(*)::int AS pending, extract(epoch FROM now() - min(created_at))::float8 AS age
         FROM notifications WHERE acknowledged_at IS NULL`,
    );
    return { pending: row?.pending ?? 0, oldestAgeSeconds: Math.max(0, row?.age ?? 0) };
  }

  async purgeAcknowledged(before: Date): Promise<number> {
    const [row]: { removed: number }[] = await this.dataSource.query(
      `WITH removed AS (DELETE FROM notifications WHERE acknowledged_at < $1 RETURNING 1)
       SELECT count(*)::int AS removed FROM removed`,
      [before],
    );
    return row?.removed ?? 0;
  }
}
