import { randomUUID } from 'node:crypto';
import { Authority, createEvent, decodeEvent, type Event } from '@gba/contracts';
import { createTestDatabase, testInfrastructure } from '@gba/testing';
import { Kafka, logLevel } from 'kafkajs';
import { DataSource, type EntityManager } from 'typeorm';
import type { ReceivedEvent } from './event-consumer';
import { EventPublisher } from './event-publisher';
import { firstDelivery } from './inbox';
import { enqueueEvents, outboxBacklog } from './outbox';
import { OutboxRelay } from './outbox-relay';
import { MESSAGING_ENTITIES, MESSAGING_MIGRATIONS } from './persistence';
import { ensureTopics } from './topic-admin';
import { eventsTopic } from './topics';

const silent = {
  error: () => undefined,
  warn: () => undefined,
  info: () => undefined,
  debug: () => undefined,
};

async function eventually<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 20000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('transactional outbox and inbox on PostgreSQL and Kafka', () => {
  const infra = testInfrastructure();
  const topic = eventsTopic('GZ', `${infra.topicPrefix}${randomUUID().slice(0, 6)}.`);
  const kafka = new Kafka({
    clientId: 'outbox-int',
    brokers: infra.kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });
  const publisher = new EventPublisher(kafka);
  const seen: { event: Event; headers: Record<string, string> }[] = [];
  const reader = kafka.consumer({ groupId: `${topic}.reader` });
  let dataSource: DataSource;
  let databaseUrl: string;
  let relays: OutboxRelay[] = [];

  const relay = (pollIntervalMs = 200) => {
    const r = new OutboxRelay(dataSource, publisher, { databaseUrl, logger: silent, pollIntervalMs });
    relays.push(r);
    return r;
  };

  const event = (declarationId: string, n: number) =>
    createEvent({
      eventId: randomUUID(),
      declarationId,
      authority: Authority.GZ,
      occurredAt: new Date(Date.UTC(2026, 10, 25, 0, 0, n)).toISOString(),
      standardVersion: '2026.1',
      body: { case: 'clearanceDecided', value: { decidedBy: `step-${n}` } },
    });

  beforeAll(async () => {
    databaseUrl = await createTestDatabase('messaging_outbox');
    dataSource = new DataSource({
      type: 'postgres',
      url: databaseUrl,
      entities: MESSAGING_ENTITIES,
      migrations: MESSAGING_MIGRATIONS,
      migrationsTableName: 'schema_migrations',
    });
    await dataSource.initialize();
    await dataSource.runMigrations();
    await ensureTopics(kafka, [topic], 3, 1);
    await publisher.connect();
    await reader.connect();
    await reader.subscribe({ topic, fromBeginning: true });
    await reader.run({
      eachMessage: async ({ message }) => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(message.headers ?? {})) headers[k] = String(v);
        seen.push({ event: decodeEvent(message.value!), headers });
      },
    });
  });

  afterEach(async () => {
    await Promise.all(relays.map((r) => r.stop()));
    relays = [];
  });

  afterAll(async () => {
    await reader.disconnect();
    await publisher.disconnect();
    await dataSource.destroy();
  });

  it('publishes what a committed transaction wrote, in order, with its headers', async () => {
    const events = [1, 2, 3].map((n) => event('decl-order', n));
    await dataSource.transaction((m) => enqueueEvents(m, topic, events));
    expect(await relay().drain()).toBe(3);

    const got = await eventually(() => {
      const mine = seen.filter((s) => s.event.declarationId === 'decl-order');
      return mine.length === 3 ? mine : undefined;
    });
    expect(got.map((s) => s.event.eventId)).toEqual(events.map((e) => e.eventId));
    expect(got[0]!.headers['message-id']).toBe(events[0]!.eventId);
    const states = await dataSource.query(
      `SELECT DISTINCT status FROM outbox WHERE message_key = 'decl-order'`,
    );
    expect(states).toEqual([{ status: 'published' }]);
  });

  it('reports the backlog: how many events wait and how old the oldest is, none once drained', async () => {
    await relay().drain();
    expect(await outboxBacklog(dataSource)).toEqual({ pending: 0, oldestAgeSeconds: 0 });
    await dataSource.transaction((m) =>
      enqueueEvents(m, topic, [event('decl-backlog', 1), event('decl-backlog', 2)]),
    );
    await dataSource.query(
      `UPDATE outbox SET created_at = now() - interval '90 seconds' WHERE message_key = 'decl-backlog'`,
    );
    const waiting = await outboxBacklog(dataSource);
    expect(waiting.pending).toBe(2);
    expect(waiting.oldestAgeSeconds).toBeGreaterThanOrEqual(90);
    expect(waiting.oldestAgeSeconds).toBeLessThan(120);
    expect(await relay().drain()).toBe(2);
    expect(await outboxBacklog(dataSource)).toEqual({ pending: 0, oldestAgeSeconds: 0 });
  });

  it('publishes nothing of a transaction that rolled back', async () => {
    const lost = event('decl-rolled-back', 1);
    await expect(
      dataSource.transaction(async (m) => {
        await enqueueEvents(m, topic, [lost]);
        throw new Error('business change failed');
      }),
    ).rejects.toThrow('business change failed');
    expect(await relay().drain()).toBe(0);
    expect(await dataSource.query('SELECT 1 FROM outbox WHERE event_id = $1', [lost.eventId])).toEqual([]);
  });

  it('is woken by NOTIFY without waiting for its poll', async () => {
    const r = relay(60_000);
    r.start();
    await eventually(() => (r.leader ? true : undefined));
    const quick = event('decl-notify', 1);
    await dataSource.transaction((m) => enqueueEvents(m, topic, [quick]));
    await eventually(() => seen.find((s) => s.event.eventId === quick.eventId), 5000);
  });

  it('lets only one relay of a database publish', async () => {
    const [a, b] = [relay(), relay()];
    a.start();
    b.start();
    await eventually(() => (a.leader || b.leader ? true : undefined));
    await new Promise((r) => setTimeout(r, 500));
    expect([a.leader, b.leader].filter(Boolean)).toHaveLength(1);
  });

  /** What a consumer does: the inbox entry and the effect in one transaction. */
  const applyOnce = (received: ReceivedEvent, effect: (m: EntityManager) => Promise<void>) =>
    dataSource.transaction(async (manager) => {
      if (!(await firstDelivery(manager, received))) return false;
      await effect(manager);
      return true;
    });

  it('applies a redelivered event once', async () => {
    await dataSource.query('CREATE TABLE IF NOT EXISTS effects (event_id uuid, n int)');
    const received = { event: event('decl-inbox', 1), topic, partition: 0, offset: '0', headers: {} };
    const effect = (m: EntityManager) =>
      m.query('INSERT INTO effects VALUES ($1, 1)', [received.event.eventId]).then(() => undefined);
    expect(await applyOnce(received, effect)).toBe(true);
    expect(await applyOnce(received, effect)).toBe(false);
    const rows = await dataSource.query('SELECT count(*)::int AS n FROM effects WHERE event_id = $1', [
      received.event.eventId,
    ]);
    expect(rows).toEqual([{ n: 1 }]);
  });

  it('leaves no inbox entry when the effect fails, so the redelivery is applied', async () => {
    const received = { event: event('decl-inbox-fail', 1), topic, partition: 0, offset: '1', headers: {} };
    await expect(
      applyOnce(received, async () => {
        throw new Error('effect failed');
      }),
    ).rejects.toThrow('effect failed');
    expect(await applyOnce(received, async () => undefined)).toBe(true);
  });
});
