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

describe('the partitions of one fetch applied together', () => {
  const infra = testInfrastructure();
  const prefix = `${infra.topicPrefix}${randomUUID().slice(0, 8)}.`;
  const kafka = new Kafka({
    clientId: 'messaging-partitions',
    brokers: infra.kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });
  const topics = [eventsTopic('GZ', prefix), eventsTopic('MO', prefix)];
  const dlq = deadLetterTopic('HK', prefix);
  const publisher = new EventPublisher(kafka);
  const consumer = new EventConsumer(kafka, publisher, {
    groupId: consumerGroupId('HK', prefix),
    topics,
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
    await ensureTopics(kafka, [...topics, dlq], 3, 1);
    await publisher.connect();
  });

  afterAll(async () => {
    await consumer.stop();
    await publisher.disconnect();
  });

  it('hands events of several partitions and topics to one batch call, each partition in its order, each once', async () => {
    // Twelve declarations (keys) per topic spread over its three partitions, two events each.
    const published: string[] = [];
    for (const topic of topics) {
      const events = Array.from({ length: 12 }, (_, i) => [
        event(`${topic}-d${i}`),
        event(`${topic}-d${i}`),
      ]).flat();
      await publisher.publish(
        topic,
        events.map((e) => ({ event: e })),
      );
      published.push(...events.map((e) => e.eventId));
    }
    const calls: ReceivedEvent[][] = [];
    const single: ReceivedEvent[] = [];
    await consumer.start(
      async (r) => {
        single.push(r);
      },
      async (batch) => {
        calls.push(batch);
      },
    );
    const deadline = Date.now() + 30000;
    while (calls.flat().length + single.length < published.length && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));

    const applied = calls.flat();
    expect(single).toEqual([]);
    expect(applied.map((r) => r.event.eventId).sort()).toEqual([...published].sort());
    // At least one call held the events of several partitions (one transaction instead of several).
    const partitionsPerCall = calls.map((c) => new Set(c.map((r) => `${r.topic}|${r.partition}`)).size);
    expect(Math.max(...partitionsPerCall)).toBeGreaterThan(1);
    // Within each partition, offsets arrive in increasing order.
    const lastOffset = new Map<string, bigint>();
    for (const r of applied) {
      const key = `${r.topic}|${r.partition}`;
      const offset = BigInt(r.offset);
      expect(offset > (lastOffset.get(key) ?? -1n)).toBe(true);
      lastOffset.set(key, offset);
    }
  });
});
