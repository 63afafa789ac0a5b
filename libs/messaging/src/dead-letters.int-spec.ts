import { randomUUID } from 'node:crypto';
import { Authority, createEvent, Lane } from '@gba/contracts';
import { createTestDatabase, testInfrastructure } from '@gba/testing';
import { Kafka, logLevel } from 'kafkajs';
import { DataSource } from 'typeorm';
import { deadLetterStatuses, readDeadLetters, replayDeadLetter } from './dead-letters';
import { EventConsumer, type ReceivedEvent } from './event-consumer';
import { EventPublisher } from './event-publisher';
import { MESSAGING_ENTITIES, MESSAGING_MIGRATIONS } from './persistence';
import { ensureTopics } from './topic-admin';
import { consumerGroupId, deadLetterTopic, eventsTopic, replayTopic } from './topics';

const silent = {
  error: () => undefined,
  warn: () => undefined,
  info: () => undefined,
  debug: () => undefined,
};

async function eventually<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 30000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('dead letters read back and replayed through the replay topic', () => {
  const infra = testInfrastructure();
  const prefix = `${infra.topicPrefix}${randomUUID().slice(0, 8)}.`;
  const kafka = new Kafka({
    clientId: 'dead-letters',
    brokers: infra.kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });
  const source = eventsTopic('HK', prefix);
  const dlq = deadLetterTopic('GZ', prefix);
  const replay = replayTopic('GZ', prefix);
  const publisher = new EventPublisher(kafka);
  const refused = new Set<string>();
  const applied: ReceivedEvent[] = [];
  let dataSource: DataSource;
  const consumer = new EventConsumer(kafka, publisher, {
    groupId: consumerGroupId('GZ', prefix),
    topics: [source],
    deadLetterTopic: dlq,
    replayTopic: replay,
    logger: silent,
    maxAttempts: 1,
  });

  beforeAll(async () => {
    dataSource = new DataSource({
      type: 'postgres',
      url: await createTestDatabase('messaging_dead_letters'),
      entities: MESSAGING_ENTITIES,
      migrations: MESSAGING_MIGRATIONS,
      migrationsTableName: 'schema_migrations',
    });
    await dataSource.initialize();
    await dataSource.runMigrations();
    await ensureTopics(kafka, [source, dlq, replay], 2, 1);
    await publisher.connect();
    await consumer.start(async (received) => {
      if (refused.has(received.event.declarationId))
        throw new Error(`refused ${received.event.declarationId}`);
      applied.push(received);
    });
  });

  afterAll(async () => {
    await consumer.stop();
    await publisher.disconnect();
    await dataSource.destroy();
  });

  it('lists what was dead-lettered; a replay still refused keeps its source; a replay once fixed is delivered as from its source', async () => {
    const event = createEvent({
      eventId: randomUUID(),
      declarationId: 'decl-refused',
      authority: Authority.HK,
      occurredAt: new Date().toISOString(),
      standardVersion: '2026.1',
      body: { case: 'assessmentCompleted', value: { lane: Lane.GREEN } },
    });
    refused.add('decl-refused');
    await publisher.publish(source, [{ event }]);
    await publisher.sendRaw(source, [
      { key: Buffer.from('decl-refused'), value: Buffer.from('garbage'), headers: {} },
    ]);

    const first = await eventually(async () => {
      const letters = await readDeadLetters(kafka, dlq, prefix);
      return letters.length === 2 ? letters : undefined;
    });
    const letter = first.find((l) => l.event)!;
    const garbage = first.find((l) => !l.event)!;
    expect(letter).toMatchObject({
      id: `${letter.partition}:${letter.offset}`,
      error: 'Error: refused decl-refused',
      source: { topic: source },
    });
    expect(letter.event!.eventId).toBe(event.eventId);
    expect(garbage.error).toMatch(/^EventDecodeError: /);

    // Replayed while still refused: dead-lettered again, with the source of its first failure.
    await replayDeadLetter(publisher, dataSource.manager, replay, letter);
    const second = await eventually(async () => {
      const letters = await readDeadLetters(kafka, dlq, prefix);
      return letters.length === 3 ? letters : undefined;
    });
    const again = second.find((l) => l.headers['x-replay-of'] === letter.id)!;
    expect(again.source).toEqual(letter.source);
    expect(again.event!.eventId).toBe(event.eventId);

    // Fixed, replayed again: handed over as the delivery from its original topic it was.
    refused.clear();
    await replayDeadLetter(publisher, dataSource.manager, replay, again);
    const delivered = await eventually(() => applied.find((r) => r.event.eventId === event.eventId));
    expect(delivered).toMatchObject({
      topic: source,
      partition: letter.source.partition,
      offset: letter.source.offset,
      replayOf: again.id,
    });
    const statuses = await deadLetterStatuses(dataSource.manager, second);
    expect(statuses.find((s) => s.id === letter.id)).toMatchObject({ replays: 1, applied: false });
    expect(statuses.find((s) => s.id === again.id)).toMatchObject({ replays: 1 });
    expect(statuses.find((s) => s.id === garbage.id)).toMatchObject({ replays: 0, applied: false });
    expect(await readDeadLetters(kafka, dlq, prefix)).toHaveLength(3);
  });
});
