import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { Authority, createEvent } from '@gba/contracts';
import { createTestDatabase, testInfrastructure } from '@gba/testing';
import { Kafka, logLevel } from 'kafkajs';
import { Counter, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { EventPublisher } from './event-publisher';
import { enqueueEvents } from './outbox';
import { OutboxRelay } from './outbox-relay';
import { MESSAGING_ENTITIES, MESSAGING_MIGRATIONS } from './persistence';
import { ensureTopics } from './topic-admin';
import { eventsTopic } from './topics';

const lines: { level: string; obj: Record<string, unknown>; msg?: string }[] = [];

/** A port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Waits for `condition` (checked every 50 ms), failing with `what` after a minute. */
async function until(what: string, condition: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 1200; i++) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}: ${JSON.stringify(lines)}`);
}

/**
 * Issue 11, kind 12: while the broker is down, failed publishes are recorded on their rows, counted
 * and logged with backoff, and publishing resumes when the broker is back. The broker is the real
 * one; its outage is the network's: while "down", every connection of the relay's producer goes to
 * a closed port and the live ones are cut.
 */
describe('outbox relay while the broker is down', () => {
  const infra = testInfrastructure();
  const topic = eventsTopic('GZ', `${infra.topicPrefix}${randomUUID().slice(0, 6)}.`);
  const sockets = new Set<net.Socket>();
  let down = false;
  let refused = 0;
  const kafka = new Kafka({
    clientId: 'relay-outage',
    brokers: infra.kafkaBrokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1000,
    requestTimeout: 2000,
    retry: { initialRetryTime: 50, retries: 1, maxRetryTime: 200 },
    socketFactory: ({ host, port, onConnect }) => {
      const socket = down
        ? net.connect({ host: '127.0.0.1', port: refused })
        : net.connect({ host, port }, onConnect);
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      return socket;
    },
  });
  const admin = new Kafka({
    clientId: 'relay-outage-admin',
    brokers: infra.kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });
  const publisher = new EventPublisher(kafka);
  const registry = new Registry();
  const failures = new Counter({
    name: 'gba_outbox_publish_failures_total',
    help: 'test',
    labelNames: ['reason'],
    registers: [registry],
  });
  const logger = {
    error: (obj: object, msg?: string) =>
      lines.push({ level: 'error', obj: obj as Record<string, unknown>, msg }),
    warn: (obj: object, msg?: string) =>
      lines.push({ level: 'warn', obj: obj as Record<string, unknown>, msg }),
    info: (obj: object, msg?: string) =>
      lines.push({ level: 'info', obj: obj as Record<string, unknown>, msg }),
    debug: () => undefined,
  };
  let clock = Date.UTC(2026, 10, 29, 12);
  let dataSource: DataSource;
  let databaseUrl: string;

  const failureCount = async () => (await failures.get()).values.reduce((sum, v) => sum + v.value, 0);
  const messagesOnTopic = async () => {
    const a = admin.admin();
    await a.connect();
    try {
      return (await a.fetchTopicOffsets(topic)).reduce((sum, p) => sum + Number(p.high), 0);
    } finally {
      await a.disconnect();
    }
  };

  beforeAll(async () => {
    refused = await closedPort();
    databaseUrl = await createTestDatabase('messaging_relay_outage');
    dataSource = new DataSource({
      type: 'postgres',
      url: databaseUrl,
      entities: MESSAGING_ENTITIES,
      migrations: MESSAGING_MIGRATIONS,
      migrationsTableName: 'schema_migrations',
      extra: { max: 3 },
    });
    await dataSource.initialize();
    await dataSource.runMigrations();
    await ensureTopics(admin, [topic], 3, 1);
    await publisher.connect();
  });

  afterAll(async () => {
    await publisher.disconnect();
    await dataSource.destroy();
  });

  it('records, counts and logs failed publishes with backoff, and publishes once the broker is back', async () => {
    const relay = new OutboxRelay(dataSource, publisher, {
      databaseUrl,
      logger,
      pollIntervalMs: 50,
      failureLogIntervalMs: 60_000,
      now: () => clock,
      onPublishFailure: (reason) => failures.inc({ reason }),
    });
    // The broker goes away: live connections reset, new ones refused.
    down = true;
    for (const socket of sockets)
      socket.destroy(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }));
    const events = Array.from({ length: 3 }, (_, i) =>
      createEvent({
        eventId: randomUUID(),
        declarationId: `decl-${i}`,
        authority: Authority.GZ,
        occurredAt: new Date().toISOString(),
        standardVersion: '2024.2',
        body: { case: 'clearanceDecided', value: { decidedBy: `step-${i}` } },
      }),
    );
    await dataSource.transaction((m) => enqueueEvents(m, topic, events));
    relay.start();
    try {
      await until('three failed publishes', async () => (await failureCount()) >= 3);
      const rows = async () =>
        (await dataSource.query('SELECT status, attempts, last_error FROM outbox ORDER BY id')) as {
          status: string;
          attempts: number;
          last_error: string | null;
        }[];
      for (const row of await rows()) {
        expect(row.status).toBe('pending');
        expect(row.attempts).toBeGreaterThanOrEqual(3);
        expect(row.last_error).toMatch(/^publish failed: KafkaJS\w*Error: /);
      }
      // One warning for the whole outage so far, not one per poll; the loop kept its lock.
      const warnings = () => lines.filter((l) => l.level === 'warn');
      expect(warnings()).toEqual([
        expect.objectContaining({
          msg: 'outbox: publishing failed; the rows stay pending and are retried',
          obj: expect.objectContaining({
            topic,
            rows: 3,
            reason: expect.stringMatching(/^(broker|network)$/),
          }),
        }),
      ]);
      expect(relay.leader).toBe(true);
      const counted = (await failures.get()).values;
      expect(counted.every((v) => /^(broker|network)$/.test(String(v.labels['reason'])))).toBe(true);
      expect(await registry.metrics()).toContain('gba_outbox_publish_failures_total{reason=');

      // A minute later (the relay's clock), one more line with the count since the first.
      const logged = await failureCount();
      clock += 60_000;
      await until('a second warning', () => warnings().length === 2);
      expect(warnings()[1]).toMatchObject({
        msg: 'outbox: publishing still failing',
        obj: { failingForSeconds: 60, failuresSinceLastLog: expect.any(Number) },
      });
      expect(warnings()[1]?.obj['failuresSinceLastLog']).toBeGreaterThanOrEqual(logged);

      // The broker is back: the same relay and producer publish the rows, once.
      down = false;
      await until('the rows published', async () => (await rows()).every((r) => r.status === 'published'));
      await relay.stop();
      expect(await messagesOnTopic()).toBe(3);
      expect(lines.filter((l) => l.level === 'info' && l.msg === 'outbox: publishing resumed')).toHaveLength(
        1,
      );
      expect(warnings()).toHaveLength(2);
      // Every failed publish of the batch is on each of its rows: the counter and the rows agree.
      const total = await failureCount();
      for (const row of await rows()) {
        expect(row.attempts).toBe(total);
        expect(row.last_error).toMatch(/^publish failed: /);
      }
    } finally {
      down = false;
      await relay.stop();
    }
  }, 150_000);
});
