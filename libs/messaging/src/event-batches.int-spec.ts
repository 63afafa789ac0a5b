import { randomUUID } from 'node:crypto';
import { Authority, createEvent, Lane } from '@gba/contracts';
import { testInfrastructure } from '@gba/testing';
import { Kafka, logLevel } from 'kafkajs';
import { EventConsumer, type ReceivedEvent } from './event-consumer';
import { EventPublisher } from './event-publisher';
import { ensureTopics } from './topic-admin';
import { consumerGroupId, deadLetterTopic, eventsTopic } from './topics';

const silent = {
  error: () => undefined,
  warn: () => undefined,
  info: () => undefined,
  debug: () => undefined,
};

describe('events applied a fetch at a time', () => {
  const infra = testInfrastructure();
  const prefix = `${infra.topicPrefix}${randomUUID().slice(0, 8)}.`;
  const kafka = new Kafka({
    clientId: 'messaging-batches',
    brokers: infra.kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });
  const topic = eventsTopic('MO', prefix);
  const dlq = deadLetterTopic('HK', prefix);
  const publisher = new EventPublisher(kafka);
  const batches: string[][] = [];
  const single: string[] = [];
  const consumer = new EventConsumer(kafka, publisher, {
    groupId: consumerGroupId('HK', prefix),
    topics: [topic],
    deadLetterTopic: dlq,
    logger: silent,
    maxAttempts: 1,
  });

  const event = (declarationId: string) =>
    createEvent({
      eventId: randomUUID(),
      declarationId,
      authority: Authority.MO,
      occurredAt: new Date().toISOString(),
      standardVersion: 'GBA-2024.2',
      body: { case: 'assessmentCompleted', value: { lane: Lane.GREEN } },
    });

  beforeAll(async () => {
    await ensureTopics(kafka, [topic, dlq], 1, 1);
    await publisher.connect();
  });

  afterAll(async () => {
    await consumer.stop();
    await publisher.disconnect();
  });

  it('hands a fetch over in one call, and falls back to one at a time to isolate a failing event', async () => {
    const good = ['a', 'b', 'c'].map((d) => event(`decl-${d}`));
    const poison = event('always-fails');
    await publisher.publish(
      topic,
      [...good, poison, event('decl-d')].map((e) => ({ event: e })),
    );
    const fail = (r: ReceivedEvent) => r.event.declarationId === 'always-fails';
    await consumer.start(
      async (r) => {
        if (fail(r)) throw new Error('refused');
        single.push(r.event.declarationId);
      },
      async (batch) => {
        if (batch.some(fail)) throw new Error('a batch with a bad event');
        batches.push(batch.map((r) => r.event.declarationId));
      },
    );
    const deadline = Date.now() + 30000;
    while (single.length + batches.flat().length < 4 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    // Each good event applied exactly once; the batch that held the poison was redone one by one.
    expect([...batches.flat(), ...single].sort()).toEqual(['decl-a', 'decl-b', 'decl-c', 'decl-d']);
    expect(single.length).toBeGreaterThan(0);

    const later = ['e', 'f'].map((d) => event(`decl-${d}`));
    await publisher.publish(
      topic,
      later.map((e) => ({ event: e })),
    );
    while (!batches.flat().includes('decl-f') && Date.now() < deadline + 30000)
      await new Promise((r) => setTimeout(r, 100));
    expect(batches.flat()).toEqual(expect.arrayContaining(['decl-e', 'decl-f']));
    expect(single).not.toContain('decl-e');
  });
});
