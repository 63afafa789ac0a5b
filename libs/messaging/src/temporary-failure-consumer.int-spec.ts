import { randomUUID } from 'node:crypto';
import { Authority, createEvent, Lane } from '@gba/contracts';
import { createTestDatabase, testInfrastructure } from '@gba/testing';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { DataSource, type QueryRunner } from 'typeorm';
import { EventConsumer, type ReceivedEvent } from './event-consumer';
import { EventPublisher } from './event-publisher';
import { firstDelivery } from './inbox';
import { MESSAGING_ENTITIES, MESSAGING_MIGRATIONS } from './persistence';
import { ensureTopics } from './topic-admin';
import { consumerGroupId, deadLetterTopic, eventsTopic } from './topics';

const silent = {
  error: () => undefined,
  warn: () => undefined,
  info: () => undefined,
  debug: () => undefined,
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The failure of issue 9: a busy database (its pool exhausted, then a table locked) must delay
 * partners' events, never dead-letter them.
 */
describe('a busy database pauses consumption instead of dead-lettering', () => {
  const infra = testInfrastructure();
  const prefix = `${infra.topicPrefix}${randomUUID().slice(0, 8)}.`;
  const kafka = new Kafka({ clientId: 'busy-db', brokers: infra.kafkaBrokers, logLevel: logLevel.NOTHING });
  const topic = eventsTopic('HK', prefix);
  const dlq = deadLetterTopic('GZ', prefix);
  const groupId = consumerGroupId('GZ', prefix);
  const publisher = new EventPublisher(kafka);
  const kinds: string[] = [];
  const deadLetters: string[] = [];
  let dataSource: DataSource;
  let databaseUrl: string;
  let consumer: EventConsumer;

  /** Applies events like the clearance adapter does: inbox and effect in one transaction. */
  const apply = (events: ReceivedEvent[]) =>
    dataSource.transaction(async (manager) => {
      await manager.query(`SET LOCAL lock_timeout = '200ms'`);
      for (const received of events) {
        if (await firstDelivery(manager, received))
          await manager.query('INSERT INTO applied (event_id) VALUES ($1)', [received.event.eventId]);
      }
    });

  beforeAll(async () => {
    databaseUrl = await createTestDatabase('messaging_busy');
    dataSource = new DataSource({
      type: 'postgres',
      url: databaseUrl,
      entities: MESSAGING_ENTITIES,
      migrations: MESSAGING_MIGRATIONS,
      migrationsTableName: 'schema_migrations',
      // The service's pool settings, scaled down: a connection is waited for 300 ms at most.
      extra: { max: 2, connectionTimeoutMillis: 300 },
    });
    await dataSource.initialize();
    await dataSource.runMigrations();
    await dataSource.query('CREATE TABLE applied (event_id uuid NOT NULL)');
    await ensureTopics(kafka, [topic, dlq], 3, 1);
    await publisher.connect();
    consumer = new EventConsumer(kafka, publisher, {
      groupId,
      topics: [topic],
      deadLetterTopic: dlq,
      logger: silent,
      maxAttempts: 2,
      backoff: { initialMs: 100, maxMs: 1000 },
      onTemporaryFailure: (kind) => kinds.push(kind),
      onDeadLetter: (reason) => deadLetters.push(reason),
    });
  });

  afterAll(async () => {
    await consumer.stop();
    await publisher.disconnect();
    await dataSource.destroy();
  });

  it('applies every event once after ~10 s of pool exhaustion and lock timeouts, with nothing on the dead-letter topic', async () => {
    // 1. Exhaust the pool: hold both of its connections for 5 s.
    const held: QueryRunner[] = [];
    for (let i = 0; i < 2; i++) {
      const runner = dataSource.createQueryRunner();
      await runner.connect();
      held.push(runner);
    }
    const events = Array.from({ length: 30 }, (_, i) =>
      createEvent({
        eventId: randomUUID(),
        declarationId: `decl-${i % 7}`,
        authority: Authority.HK,
        occurredAt: new Date().toISOString(),
        standardVersion: '2026.1',
        body: { case: 'assessmentCompleted', value: { lane: Lane.GREEN } },
      }),
    );
    await publisher.publish(
      topic,
      events.map((event) => ({ event })),
    );
    await consumer.start(
      async (received) => apply([received]),
      async (batch) => apply(batch),
    );
    await sleep(5000);

    // 2. Then a lock on the table the handler writes, held by another session for 5 s.
    const locker = new Client({ connectionString: databaseUrl });
    await locker.connect();
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE applied IN ACCESS EXCLUSIVE MODE');
    for (const runner of held) await runner.release();
    await sleep(5000);
    expect(kinds).toContain('pool-exhausted');
    expect(kinds).toContain('lock-timeout');
    // Nothing got through meanwhile (read by the session that holds the lock).
    const appliedWhileBusy = await locker.query<{ n: number }>('SELECT count(*)::int AS n FROM applied');
    expect(appliedWhileBusy.rows[0]!.n).toBe(0);
    await locker.query('COMMIT');
    await locker.end();

    // 3. The database is free again: everything is applied, once.
    const deadline = Date.now() + 30000;
    let rows: { event_id: string; n: number }[] = [];
    while (Date.now() < deadline) {
      rows = await dataSource.query('SELECT event_id, count(*)::int AS n FROM applied GROUP BY event_id');
      if (rows.length === events.length) break;
      await sleep(200);
    }
    expect(rows.map((r) => r.event_id).sort()).toEqual(events.map((e) => e.eventId).sort());
    expect(rows.every((r) => r.n === 1)).toBe(true);

    expect(deadLetters).toEqual([]);
    const admin = kafka.admin();
    await admin.connect();
    try {
      const ends = await admin.fetchTopicOffsets(dlq);
      expect(ends.map((p) => Number(p.high))).toEqual([0, 0, 0]);
      // The consumer stayed in its group all along (heartbeats while paused).
      const { groups } = await admin.describeGroups([groupId]);
      expect(groups[0]!.state).toBe('Stable');
      expect(groups[0]!.members).toHaveLength(1);
    } finally {
      await admin.disconnect();
    }
  }, 90000);
});
