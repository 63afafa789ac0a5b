import { randomUUID } from 'node:crypto';
import type { PlatformNotification } from '@gba/clearance-domain';
import { decodeEvent } from '@gba/contracts';
import type { ServiceConfig } from '@gba/runtime';
import { createTestDatabase, sampleDeclaration, sampleResidentId } from '@gba/testing';
import { DataSource } from 'typeorm';
import { ApplyPartnerEvents } from '../../use-cases/apply-partner-events/apply-partner-events.handler';
import { ClearanceFactory } from '../../use-cases/clearance-factory';
import type { ClearanceMetrics } from '../../use-cases/clearance-metrics';
import { FileDeclarations } from '../../use-cases/file-declarations/file-declarations.handler';
import type { StoreUnit, UnitKind } from '../../use-cases/ports';
import { CLEARANCE_ENTITIES, CLEARANCE_MIGRATIONS } from '../../schema';
import { factFromEvent } from '../events/fact-mapper';
import type { Delivery } from '../../use-cases/notifications/notification-ports';
import {
  insertNotifications,
  PostgresDeliveryStore,
  PostgresNotificationStore,
} from './notifications.repository';
import { PostgresClearanceStore } from './postgres-clearance.store';
import { PostgresSubscriptionStore } from './subscriptions.repository';

const ignore = (): void => undefined;
const metrics = { filed: { inc: ignore }, decisions: { inc: ignore } } as unknown as ClearanceMetrics;
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

async function service(authority: 'HK' | 'GZ') {
  const databaseUrl = await createTestDatabase(`notify_${authority.toLowerCase()}`);
  const dataSource = new DataSource({
    type: 'postgres',
    url: databaseUrl,
    entities: CLEARANCE_ENTITIES,
    migrations: CLEARANCE_MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    extra: { max: 3 },
  });
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  const config = {
    authority,
    databaseUrl,
    piiKey: 'a-pii-key-of-at-least-thirty-two-characters',
    topicPrefix: 'notify-test.',
    randomSelection: false,
    selectionKey: 'a-selection-key-of-16+',
  } as ServiceConfig;
  const store = new PostgresClearanceStore(dataSource, config);
  const clearances = new ClearanceFactory(config, metrics);
  /** The same store, but every unit of work fails after its writes (rolled back). */
  class FailingStore extends PostgresClearanceStore {
    override run<T>(kind: UnitKind, work: (unit: StoreUnit) => Promise<T>): Promise<T> {
      return super.run(kind, async (unit) => {
        await work(unit);
        throw new Error('failed after its writes');
      });
    }
  }
  return {
    dataSource,
    filing: new FileDeclarations(store, clearances, metrics),
    failingFiling: new FileDeclarations(new FailingStore(dataSource, config), clearances, metrics),
    partnerEvents: new ApplyPartnerEvents(store, clearances),
    notifications: new PostgresNotificationStore(dataSource),
    subscriptions: new PostgresSubscriptionStore(dataSource, config),
    deliveries: new PostgresDeliveryStore(dataSource, config),
    /** Every fact in this service's outbox, as a partner receives them. */
    async outbox() {
      const rows: { payload: Buffer }[] = await dataSource.query('SELECT payload FROM outbox ORDER BY id');
      const topic = `gba.${authority.toLowerCase()}.events.v1`;
      return rows.map((r) => ({ fact: factFromEvent(decodeEvent(r.payload)), topic }));
    },
  };
}

const COUNT = 3;

describe('notifications in PostgreSQL: written with the change, pulled, pushed', () => {
  let hk: Awaited<ReturnType<typeof service>>;
  let gz: Awaited<ReturnType<typeof service>>;
  let ids: string[];

  beforeAll(async () => {
    hk = await service('HK');
    gz = await service('GZ');
    const filed = await hk.filing.file(
      'shop-a',
      Array.from({ length: COUNT }, (_, n) => ({
        idempotencyKey: `n-${n}`,
        declaration: sampleDeclaration(
          { origin: 'HK', destination: 'CN' },
          { serial: n, buyerIdNumber: sampleResidentId(n), platformRef: `REF-${n}` },
        ),
      })),
    );
    ids = filed.map((o) => (o.kind === 'filed' ? o.declaration.id : ''));
    await gz.partnerEvents.apply(await hk.outbox());
    await hk.partnerEvents.apply(await gz.outbox());
  });

  afterAll(async () => {
    await hk?.dataSource.destroy();
    await gz?.dataSource.destroy();
  });

  it('stores one notification per change at the authority filed with, none at the partner', async () => {
    const rows: { declaration_id: string; type: string; platform_id: string }[] = await hk.dataSource.query(
      'SELECT declaration_id, type, platform_id FROM notifications ORDER BY seq',
    );
    expect(rows.map((r) => [r.declaration_id, r.type, r.platform_id])).toEqual([
      ...ids.map((id) => [id, 'ACCEPTED', 'shop-a']),
      ...ids.map((id) => [id, 'CLEARED', 'shop-a']),
    ]);
    expect(await gz.dataSource.query('SELECT * FROM notifications')).toEqual([]);
  });

  it('commits a notification with its change or not at all', async () => {
    const declaration = sampleDeclaration(
      { origin: 'HK', destination: 'CN' },
      { serial: 99, buyerIdNumber: sampleResidentId(99), platformRef: 'REF-ROLLED-BACK' },
    );
    await expect(
      hk.failingFiling.file('shop-a', [{ idempotencyKey: 'rolled-back', declaration }]),
    ).rejects.toThrow('failed after its writes');
    const count = async (table: string) =>
      (
        await hk.dataSource.query(
          `SELECT count(*)::int AS n FROM ${table} WHERE ${table === 'notifications' ? "body->>'platformRef'" : 'platform_ref'} = 'REF-ROLLED-BACK'`,
        )
      )[0].n;
    expect([await count('declarations'), await count('notifications')]).toEqual([0, 0]);
  });

  it('adds none when a fetch is redelivered (nothing changed)', async () => {
    await hk.partnerEvents.apply(await gz.outbox());
    const [{ n }] = await hk.dataSource.query('SELECT count(*)::int AS n FROM notifications');
    expect(n).toBe(2 * COUNT);
  });

  it('pulls oldest first in pages, per platform, and acknowledges only its own', async () => {
    const first = await hk.notifications.list('shop-a', { status: 'pending', limit: 4 });
    expect(first!.items.map((i) => [i.declarationId, i.type])).toEqual([
      ...ids.map((id) => [id, 'ACCEPTED']),
      [ids[0], 'CLEARED'],
    ]);
    expect(first!.items[0]).toMatchObject({
      platformRef: 'REF-0',
      status: 'IN_PROGRESS',
      acknowledgedAt: null,
    });
    const second = await hk.notifications.list('shop-a', {
      status: 'pending',
      limit: 4,
      after: first!.nextCursor!,
    });
    expect(second!.items.map((i) => i.type)).toEqual(['CLEARED', 'CLEARED']);
    expect(second!.nextCursor).toBeNull();
    expect(await hk.notifications.list('shop-b', { limit: 50 })).toEqual({ items: [], nextCursor: null });
    expect(await hk.notifications.list('shop-a', { limit: 5, after: 'not-a-cursor' })).toBeNull();

    const firstId = first!.items[0]!.id;
    expect(await hk.notifications.acknowledge('shop-b', [firstId])).toEqual([]);
    expect(await hk.notifications.acknowledge('shop-a', [firstId])).toEqual([firstId]);
    const pending = await hk.notifications.list('shop-a', { status: 'pending', limit: 50 });
    expect(pending!.items.map((i) => i.id)).not.toContain(firstId);
    const acknowledged = await hk.notifications.list('shop-a', { status: 'acknowledged', limit: 50 });
    expect(acknowledged!.items.map((i) => i.id)).toEqual([firstId]);
    expect(acknowledged!.items[0]!.acknowledgedAt).toMatch(/Z$/);
  });

  it('leases a subscriber its oldest pending notification, one at a time, and keeps the secret sealed', async () => {
    const subscribed = await hk.subscriptions.put('shop-a', {
      url: 'https://platform.example/hook',
      events: ['ACCEPTED', 'CLEARED'],
      secret: SECRET,
    });
    expect(subscribed).toMatchObject({ url: 'https://platform.example/hook', blockedAt: null });
    const [stored] = await hk.dataSource.query('SELECT secret FROM notification_subscriptions');
    expect(stored.secret).not.toContain(SECRET.slice(6));

    const pending = (await hk.notifications.list('shop-a', { status: 'pending', limit: 50 }))!.items;
    const idsOf = (d: Delivery | null | undefined) => d?.notifications.map((n) => n.id);
    const past = () => new Date(Date.now() - 1);
    const [delivery] = await hk.deliveries.claimDue(10, 60_000, 2);
    expect(delivery).toMatchObject({ platformId: 'shop-a', secret: SECRET, failures: 0, blocked: false });
    expect(idsOf(delivery)).toEqual([pending[0]!.id, pending[1]!.id]); // the oldest, in order
    // Leased: no second delivery to the same subscriber while this one is in flight.
    expect(await hk.deliveries.claimDue(10, 60_000, 2)).toEqual([]);
    // Given up without an attempt: claimed again at once, nothing counted.
    await hk.deliveries.release(delivery!);
    const [reclaimed] = await hk.deliveries.claimDue(10, 60_000, 2);
    expect(idsOf(reclaimed)).toEqual(idsOf(delivery));
    expect(reclaimed!.lease).not.toBe(delivery!.lease);
    await hk.deliveries.release(delivery!); // a stale lease: changes nothing
    expect(await hk.deliveries.claimDue(10, 60_000, 2)).toEqual([]);

    // Failures: the same notification again, and after the last one the subscriber blocked.
    const failure = (error: string) => ({ delivered: [], failed: pending[0]!.id, error });
    await hk.deliveries.failed(reclaimed!, failure('HTTP 500'), { at: past(), failures: 1, block: false });
    const [again] = await hk.deliveries.claimDue(10, 60_000, 2);
    expect(idsOf(again)![0]).toBe(pending[0]!.id);
    expect(again!.failures).toBe(1);
    // Not the lease's holder any more: changes nothing.
    await hk.deliveries.failed(delivery!, failure('stale'), { at: past(), failures: 9, block: true });
    expect(await hk.deliveries.blocked()).toEqual([]);
    await hk.deliveries.failed(again!, failure('HTTP 503'), { at: past(), failures: 2, block: true });
    expect(await hk.deliveries.blocked('shop-a')).toEqual([
      expect.objectContaining({
        platformId: 'shop-a',
        failures: 2,
        lastError: 'HTTP 503',
        pending: pending.length,
      }),
    ]);
    // Blocked: only the oldest is tried.
    const [retried] = await hk.deliveries.claimDue(10, 60_000, 2);
    expect(retried).toMatchObject({ blocked: true });
    expect(idsOf(retried)).toEqual([pending[0]!.id]);
    const later = new Date(Date.now() + 60_000);
    await hk.deliveries.failed(retried!, failure('timeout'), { at: later, failures: 3, block: true });
    expect(await hk.deliveries.claimDue(10, 60_000, 2)).toEqual([]); // not due yet
    // The operator clears the block: due now, the full window again.
    expect(await hk.deliveries.unblock('shop-b')).toEqual([]);
    expect(await hk.deliveries.unblock('shop-a')).toEqual(['shop-a']);
    const [unblocked] = await hk.deliveries.claimDue(10, 60_000, 2);
    expect(unblocked).toMatchObject({ blocked: false, failures: 0 });
    expect(idsOf(unblocked)).toEqual([pending[0]!.id, pending[1]!.id]);

    // Successes are recorded with one statement that hands over the next window, same lease.
    const next = await hk.deliveries.delivered(unblocked!, [pending[0]!.id, pending[1]!.id], 60_000, 2);
    expect(idsOf(next)).toEqual([pending[2]!.id, pending[3]!.id]);
    expect(next).toMatchObject({ failures: 0, blocked: false, lease: unblocked!.lease, secret: SECRET });
    expect(await hk.deliveries.claimDue(10, 60_000, 2)).toEqual([]); // still one in flight at most
    const stateOf = async (id: string) =>
      (
        await hk.dataSource.query(
          'SELECT attempts, delivered_at IS NOT NULL AS delivered, acknowledged_at IS NOT NULL AS acknowledged FROM notifications WHERE id = $1',
          [id],
        )
      )[0];
    expect(await stateOf(pending[0]!.id)).toEqual({ attempts: 4, delivered: true, acknowledged: true });
    // One delivered, the next failed: the first recorded, the failure counted afresh.
    await hk.deliveries.failed(
      next!,
      { delivered: [pending[2]!.id], failed: pending[3]!.id, error: 'HTTP 500' },
      { at: past(), failures: 1, block: false },
    );
    expect(await stateOf(pending[2]!.id)).toEqual({ attempts: 1, delivered: true, acknowledged: true });
    expect(await stateOf(pending[3]!.id)).toEqual({ attempts: 1, delivered: false, acknowledged: false });
    const [{ failures, lease }] = await hk.dataSource.query(
      'SELECT failures, lease FROM notification_subscriptions WHERE platform_id = $1',
      ['shop-a'],
    );
    expect({ failures, lease }).toEqual({ failures: 1, lease: null });
  });

  it('reads the next window ahead of the one in flight, in order, and a crash before recording re-sends the same ids', async () => {
    // At GZ (no other subscriber there), a platform with five pending notifications.
    await gz.subscriptions.put('shop-r', {
      url: 'https://platform.example/hook',
      events: ['ACCEPTED'],
      secret: SECRET,
    });
    const pending = Array.from({ length: 5 }, () => randomUUID());
    await insertNotifications(
      gz.dataSource.manager,
      pending.map((id, n) => ({
        id,
        platformId: 'shop-r',
        declarationId: randomUUID(),
        platformRef: `R-${n}`,
        type: 'ACCEPTED',
        status: 'IN_PROGRESS',
        authority: 'HK',
        participants: [],
        reasons: [],
        occurredAt: new Date().toISOString(),
      })) as unknown as PlatformNotification[],
    );
    const pendingNow = async () =>
      (await gz.notifications.list('shop-r', { status: 'pending', limit: 50 }))!.items.map((n) => n.id);
    expect(await pendingNow()).toEqual(pending);
    const idsOf = (d: Delivery | null | undefined) => d?.notifications.map((n) => n.id);
    const leaseOf = async () =>
      (
        await gz.dataSource.query('SELECT lease FROM notification_subscriptions WHERE platform_id = $1', [
          'shop-r',
        ])
      )[0].lease as string | null;

    const [first] = await gz.deliveries.claimDue(10, 60_000, 2);
    expect(idsOf(first)).toEqual(pending.slice(0, 2));
    // While the first window is sent, the next is read ahead under the same lease, in order.
    const ahead = await gz.deliveries.delivered(first!, [], 60_000, 2, idsOf(first));
    expect(idsOf(ahead)).toEqual(pending.slice(2, 4));
    expect(ahead!.lease).toBe(first!.lease);
    expect(await gz.deliveries.claimDue(10, 60_000, 2)).toEqual([]);

    // The process dies after sending the first window, before recording it: once its lease has
    // expired, the same notifications (the same webhook-ids) are sent again, oldest first.
    await gz.dataSource.query(
      `UPDATE notification_subscriptions SET lease_until = now() - interval '1 second' WHERE platform_id = $1`,
      ['shop-r'],
    );
    const [resumed] = await gz.deliveries.claimDue(10, 60_000, 2);
    expect(idsOf(resumed)).toEqual(pending.slice(0, 2));
    expect(resumed!.lease).not.toBe(first!.lease);

    // Reading ahead at the end of the queue: nothing further, and the lease is kept for the
    // window still being sent; recording that window then releases it.
    const rest = pending.slice(2);
    expect(await gz.deliveries.delivered(resumed!, idsOf(resumed)!, 60_000, 50, rest)).toBeNull();
    expect(await leaseOf()).toBe(resumed!.lease);
    expect(await gz.deliveries.claimDue(10, 60_000, 2)).toEqual([]);
    expect(await gz.deliveries.delivered(resumed!, rest, 60_000, 50)).toBeNull();
    expect(await leaseOf()).toBeNull();
    expect(await pendingNow()).toEqual([]);
    expect(await gz.subscriptions.remove('shop-r')).toBe(true);
  });

  it('pushes only the subscribed event types, counts the backlog and purges old acknowledged ones', async () => {
    await hk.subscriptions.put('shop-a', {
      url: 'https://platform.example/hook',
      events: ['CLEARED'],
      secret: SECRET,
    });
    const cleared: { id: string }[] = await hk.dataSource.query(
      `SELECT id FROM notifications WHERE type = 'CLEARED' AND acknowledged_at IS NULL ORDER BY seq`,
    );
    const backlog = await hk.deliveries.backlog();
    expect(cleared.length).toBeGreaterThan(0);
    expect(backlog.pending).toBe(cleared.length); // what is left pending is CLEARED
    // Only the subscribed types are pushed: none of ACCEPTED is pending.
    await hk.subscriptions.put('shop-a', {
      url: 'https://platform.example/hook',
      events: ['ACCEPTED'],
      secret: SECRET,
    });
    expect(await hk.deliveries.claimDue(10, 60_000, 1)).toEqual([]);
    await hk.subscriptions.put('shop-a', {
      url: 'https://platform.example/hook',
      events: ['CLEARED'],
      secret: SECRET,
    });
    // A chain: each delivery hands over the next CLEARED one, then none, and the lease is released.
    const chain: string[] = [];
    let delivery: Delivery | null = (await hk.deliveries.claimDue(10, 60_000, 1))[0] ?? null;
    while (delivery) {
      const ids = delivery.notifications.map((n) => n.id);
      expect(delivery.notifications.map((n) => n.type)).toEqual(['CLEARED']);
      chain.push(...ids);
      delivery = await hk.deliveries.delivered(delivery, ids, 60_000, 1);
    }
    expect(chain).toEqual(cleared.map((c) => c.id));
    const [{ lease }] = await hk.dataSource.query('SELECT lease FROM notification_subscriptions');
    expect(lease).toBeNull();
    expect(await hk.deliveries.claimDue(10, 60_000, 1)).toEqual([]);
    const after = await hk.deliveries.backlog();
    const [{ n }] = await hk.dataSource.query(
      'SELECT count(*)::int AS n FROM notifications WHERE acknowledged_at IS NULL',
    );
    expect(after.pending).toBe(n);
    expect(after.pending).toBe(backlog.pending - cleared.length);
    expect(after.oldestAgeSeconds).toBeGreaterThanOrEqual(0);
    expect(await hk.deliveries.purgeAcknowledged(new Date(Date.now() - 1000 * 3600))).toBe(0);
    const [{ acked }] = await hk.dataSource.query(
      'SELECT count(*)::int AS acked FROM notifications WHERE acknowledged_at IS NOT NULL',
    );
    expect(await hk.deliveries.purgeAcknowledged(new Date(Date.now() + 1000))).toBe(acked);
    expect(await hk.subscriptions.remove('shop-a')).toBe(true);
    expect(await hk.subscriptions.get('shop-a')).toBeNull();
    expect(await hk.subscriptions.remove('shop-a')).toBe(false);
  });
  it('signals listeners when notifications are stored, at commit, and not for a rolled-back change', async () => {
    let signals = 0;
    const listener = await hk.deliveries.listenForNew(() => signals++);
    try {
      const declaration = (serial: number, platformRef: string) =>
        sampleDeclaration(
          { origin: 'HK', destination: 'CN' },
          { serial, buyerIdNumber: sampleResidentId(serial), platformRef },
        );
      await expect(
        hk.failingFiling.file('shop-s', [{ idempotencyKey: 's-0', declaration: declaration(200, 'S-0') }]),
      ).rejects.toThrow('failed after its writes');
      await hk.filing.file('shop-s', [{ idempotencyKey: 's-1', declaration: declaration(201, 'S-1') }]);
      const deadline = Date.now() + 10_000;
      while (signals === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      // Signals arrive in commit order: one from the rolled-back unit would have come first.
      expect(signals).toBe(1);
    } finally {
      await listener.close();
    }
  });
});
