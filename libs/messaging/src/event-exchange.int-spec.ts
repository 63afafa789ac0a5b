import { randomUUID } from 'node:crypto';
import { Authority, createEvent, EVENT_CONTENT_TYPE, Lane } from '@gba/contracts';
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

function waitFor<T>(probe: () => T | undefined, timeoutMs = 30000): Promise<T> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const tick = () => {
      const value = probe();
      if (value !== undefined) return resolve(value);
      if (Date.now() - started > timeoutMs) return reject(new Error('timed out'));
      setTimeout(tick, 50);
    };
    tick();
  });
}

describe('event exchange through a real Kafka broker', () => {
  const infra = testInfrastructure();
  const prefix = `${infra.topicPrefix}${randomUUID().slice(0, 8)}.`;
  const kafka = new Kafka({
    clientId: 'messaging-int',
    brokers: infra.kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });
  const hkTopic = eventsTopic('HK', prefix);
  const gzDlq = deadLetterTopic('GZ', prefix);
  const publisher = new EventPublisher(kafka);
  const received: ReceivedEvent[] = [];
  let failuresLeft = 0;
  const consumer = new EventConsumer(kafka, publisher, {
    groupId: consumerGroupId('GZ', prefix),
    topics: [hkTopic],
    deadLetterTopic: gzDlq,
    logger: silent,
    maxAttempts: 2,
  });

  beforeAll(async () => {
    await ensureTopics(kafka, [hkTopic, gzDlq], 3, 1);
    await publisher.connect();
    await consumer.start(async (r) => {
      if (r.event.declarationId === 'always-fails' || failuresLeft-- > 0) throw new Error('handler refused');
      received.push(r);
    });
  });

  afterAll(async () => {
    await consumer.stop();
    await publisher.disconnect();
  });

  const event = (declarationId: string) =>
    createEvent({
      eventId: randomUUID(),
      declarationId,
      authority: Authority.HK,
      occurredAt: new Date().toISOString(),
      standardVersion: '2026.1',
      body: { case: 'assessmentCompleted', value: { lane: Lane.GREEN } },
    });

  it('delivers a protobuf Event with its envelope headers', async () => {
    const sent = event('decl-1');
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    await publisher.publish(hkTopic, [{ event: sent, traceparent }]);
    const got = await waitFor(() => received.find((r) => r.event.eventId === sent.eventId));
    expect(got.event.declarationId).toBe('decl-1');
    expect(got.event.body.case).toBe('assessmentCompleted');
    expect(got.headers['message-id']).toBe(sent.eventId);
    expect(got.headers['content-type']).toBe(EVENT_CONTENT_TYPE);
    expect(got.headers['traceparent']).toBe(traceparent);
  });

  it('retries a failing handler before giving up', async () => {
    failuresLeft = 1;
    const sent = event('decl-retry');
    await publisher.publish(hkTopic, [{ event: sent }]);
    await waitFor(() => received.find((r) => r.event.eventId === sent.eventId));
  });

  it('dead-letters garbage and a message that keeps failing, and the partition keeps moving', async () => {
    const dlqConsumer = kafka.consumer({ groupId: `${prefix}dlq-reader` });
    const dead: { value: string; headers: Record<string, string> }[] = [];
    await dlqConsumer.connect();
    await dlqConsumer.subscribe({ topic: gzDlq, fromBeginning: true });
    await dlqConsumer.run({
      eachMessage: async ({ message }) => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(message.headers ?? {})) headers[k] = String(v);
        dead.push({ value: message.value?.toString('latin1') ?? '', headers });
      },
    });
    try {
      const producer = kafka.producer();
      await producer.connect();
      // Same key as the good event below: same partition, so it must not block it.
      await producer.send({ topic: hkTopic, messages: [{ key: 'decl-2', value: 'not protobuf \u00ff' }] });
      await producer.disconnect();
      const failing = event('always-fails');
      await publisher.publish(hkTopic, [{ event: failing }]);
      const good = event('decl-2');
      await publisher.publish(hkTopic, [{ event: good }]);

      await waitFor(() => received.find((r) => r.event.eventId === good.eventId));
      await waitFor(() => (dead.length >= 2 ? true : undefined));
      const garbage = dead.find((d) => d.value.startsWith('not protobuf'))!;
      expect(garbage.headers['x-source-topic']).toBe(hkTopic);
      expect(garbage.headers['x-error']).toMatch(/EventDecodeError/);
      expect(Number.isInteger(Number(garbage.headers['x-source-offset']))).toBe(true);
      const refused = dead.find((d) => d.headers['message-id'] === failing.eventId)!;
      expect(refused.headers['x-error']).toMatch(/handler refused/);
    } finally {
      await dlqConsumer.disconnect();
    }
  });
});
