import { randomUUID } from 'node:crypto';
import { Authority, createEvent } from '@gba/contracts';
import { createTestDatabase, testInfrastructure } from '@gba/testing';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { EventPublisher } from './event-publisher';
import { enqueueEvents } from './outbox';
import { OutboxRelay } from './outbox-relay';
import { MESSAGING_ENTITIES, MESSAGING_MIGRATIONS } from './persistence';
import { temporaryFailureKind } from './temporary-failure';
import { ensureTopics } from './topic-admin';
import { eventsTopic } from './topics';

const silent = {
  error: () => undefined,
  warn: () => undefined,
  info: () => undefined,
  debug: () => undefined,
};

/** Issue 9: a batch whose publish succeeded is never sent again because marking it failed. */
describe('outbox relay accounting', () => {
  const infra = testInfrastructure();
  const topic = eventsTopic('GZ', `${infra.topicPrefix}${randomUUID().slice(0, 6)}.`);
  const kafka = new Kafka({
    clientId: 'relay-accounting',
    brokers: infra.kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });
  const publisher = new EventPublisher(kafka);
  let dataSource: DataSource;
  let databaseUrl: string;
  let relay: OutboxRelay;

  const enqueue = async (n: number) => {
    const events = Array.from({ length: n }, (_, i) =>
      createEvent({
        eventId: randomUUID(),
        declarationId: `decl-${i}`,
        authority: Authority.GZ,
        occurredAt: new Date().toISOString(),
        standardVersion: '2026.1',
        body: { case: 'clearanceDecided', value: { decidedBy: `step-${i}` } },
      }),
    );
    await dataSource.transaction((m) => enqueueEvents(m, topic, events));
    return events;
  };
  const messagesOnTopic = async () => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      return (await admin.fetchTopicOffsets(topic)).reduce((sum, p) => sum + Number(p.high), 0);
    } finally {
      await admin.disconnect();
    }
  };
  const failureOf = async (work: () => Promise<unknown>) => {
    try {
      await work();
    } catch (err) {
      return err;
    }
    throw new Error('expected a failure');
  };

  beforeAll(async () => {
    databaseUrl = await createTestDatabase('messaging_relay_accounting');
    dataSource = new DataSource({
      type: 'postgres',
      url: databaseUrl,
      entities: MESSAGING_ENTITIES,
      migrations: MESSAGING_MIGRATIONS,
      migrationsTableName: 'schema_migrations',
      extra: { max: 4, lock_timeout: 300 },
    });
    await dataSource.initialize();
    await dataSource.runMigrations();
    await ensureTopics(kafka, [topic], 3, 1);
    await publisher.connect();
    relay = new OutboxRelay(dataSource, publisher, { databaseUrl, logger: silent });
  });

  afterAll(async () => {
    await publisher.disconnect();
    await dataSource.destroy();
  });

  it('marks a sent batch after a failed mark without sending it again, and records the failure on its rows', async () => {
    const events = await enqueue(5);
    // Another session holds the rows: the relay can read and send them, but not mark them.
    const holder = new Client({ connectionString: databaseUrl });
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query('SELECT id FROM outbox FOR UPDATE');
    const failed = await failureOf(() => relay.drain());
    expect(temporaryFailureKind(failed)).toBe('lock-timeout');
    expect(await messagesOnTopic()).toBe(5);
    await holder.query('ROLLBACK');
    await holder.end();

    // Next round: the rows are marked, nothing is sent again, and the failed mark is on the rows.
    const later = await enqueue(2);
    expect(await relay.drain()).toBe(2);
    expect(await messagesOnTopic()).toBe(7);
    const rows: { event_id: string; status: string; attempts: number; last_error: string | null }[] =
      await dataSource.query('SELECT event_id, status, attempts, last_error FROM outbox ORDER BY id');
    expect(rows.map((r) => r.event_id)).toEqual([...events, ...later].map((e) => e.eventId));
    expect(rows.every((r) => r.status === 'published')).toBe(true);
    for (const row of rows.slice(0, 5)) {
      expect(row.attempts).toBe(1);
      expect(row.last_error).toMatch(/^marking as published failed: QueryFailedError: .*lock timeout/);
    }
    for (const row of rows.slice(5)) expect(row).toMatchObject({ attempts: 0, last_error: null });
    expect(await relay.drain()).toBe(0);
    expect(await messagesOnTopic()).toBe(7);
  });

  it('records a failed publish on its rows, which stay pending and go with the next round', async () => {
    const events = await enqueue(3);
    const disconnected = new EventPublisher(kafka); // never connected: every send fails
    const failing = new OutboxRelay(dataSource, disconnected, { databaseUrl, logger: silent });
    await failureOf(() => failing.drain());
    await failureOf(() => failing.drain());
    const ids = events.map((e) => e.eventId);
    const pending: { status: string; attempts: number; last_error: string }[] = await dataSource.query(
      'SELECT status, attempts, last_error FROM outbox WHERE event_id = ANY($1::uuid[])',
      [ids],
    );
    expect(pending).toHaveLength(3);
    for (const row of pending) {
      expect(row).toMatchObject({ status: 'pending', attempts: 2 });
      expect(row.last_error).toMatch(/^publish failed: KafkaJS\w*Error: /);
    }
    const before = await messagesOnTopic();
    expect(await relay.drain()).toBe(3);
    expect(await messagesOnTopic()).toBe(before + 3);
  });
});
