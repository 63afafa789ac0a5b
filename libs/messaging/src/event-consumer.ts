import { decodeEvent, type Event } from '@gba/contracts';
import type { Consumer, EachBatchPayload, IHeaders, Kafka, KafkaMessage } from 'kafkajs';
import type { EventPublisher } from './event-publisher';
import type { MessagingLogger } from './kafka-logger';
import { SpanKind, withMessageSpan } from './trace-context';

export interface ReceivedEvent {
  event: Event;
  topic: string;
  partition: number;
  offset: string;
  headers: Record<string, string>;
}

export type EventHandler = (received: ReceivedEvent) => Promise<void>;

/** Runs the processing of one received event in a consumer span that continues the publisher's trace. */
export function withReceivedSpan<T>(received: ReceivedEvent, work: () => Promise<T>): Promise<T> {
  return withMessageSpan(
    `process ${received.topic}`,
    SpanKind.CONSUMER,
    received.headers,
    {
      'messaging.system': 'kafka',
      'messaging.destination.name': received.topic,
      'gba.declaration_id': received.event.declarationId,
    },
    work,
  );
}

/** Applies several events at once (one database transaction), in order; all or none. */
export type EventBatchHandler = (received: ReceivedEvent[]) => Promise<void>;

export interface EventConsumerOptions {
  groupId: string;
  topics: string[];
  deadLetterTopic: string;
  logger: MessagingLogger;
  /** Attempts of a message whose handler fails before it goes to the dead-letter topic. */
  maxAttempts?: number;
  /**
   * Failures that say nothing about the message (the database is down, say). They are never
   * dead-lettered: the batch stops uncommitted and Kafka redelivers it once the consumer restarts.
   */
  isTransient?: (err: unknown) => boolean;
  partitionsConsumedConcurrently?: number;
  onDeadLetter?: (reason: string) => void;
}

export class TransientFailure extends Error {
  override readonly name = 'TransientFailure';
}

function textHeaders(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    out[name] = Array.isArray(value) ? value.map(String).join(',') : value.toString();
  }
  return out;
}

/**
 * Consumes partners' topics. A message is handed over once decoded; its offset is resolved only
 * after the handler returned (that is, after the handler's database transaction committed), so a
 * crash redelivers it and the inbox makes the redelivery harmless. Poison messages go to the
 * dead-letter topic with the source topic, partition, offset and error, and the partition moves on.
 */
export class EventConsumer {
  private readonly consumer: Consumer;
  private readonly maxAttempts: number;
  private readonly isTransient: (err: unknown) => boolean;

  constructor(
    kafka: Kafka,
    private readonly publisher: EventPublisher,
    private readonly options: EventConsumerOptions,
  ) {
    this.consumer = kafka.consumer({ groupId: options.groupId, allowAutoTopicCreation: false });
    this.maxAttempts = options.maxAttempts ?? 5;
    this.isTransient = options.isTransient ?? ((err) => err instanceof TransientFailure);
  }

  /**
   * With a batch handler, the events of one fetch are applied together (up to `maxBatch` per
   * call), which saves a transaction per event; if a batch fails, its events are retried one by
   * one with the single handler, so a poison event is isolated and dead-lettered alone.
   */
  async start(handler: EventHandler, batchHandler?: EventBatchHandler, maxBatch = 100): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: this.options.topics, fromBeginning: true });
    await this.consumer.run({
      autoCommit: true,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 3,
      eachBatch: (payload) =>
        batchHandler
          ? this.handleInChunks(payload, handler, batchHandler, maxBatch)
          : this.handleBatch(payload, handler),
    });
  }

  /** Stops fetching, lets the message in hand finish and commits what was resolved. */
  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }

  private async handleBatch(payload: EachBatchPayload, handler: EventHandler): Promise<void> {
    const { batch, resolveOffset, heartbeat, isRunning, isStale } = payload;
    for (const message of batch.messages) {
      if (!isRunning() || isStale()) break;
      await this.handleMessage(batch.topic, batch.partition, message, handler);
      resolveOffset(message.offset);
      await heartbeat();
    }
  }

  private async handleInChunks(
    payload: EachBatchPayload,
    handler: EventHandler,
    batchHandler: EventBatchHandler,
    maxBatch: number,
  ): Promise<void> {
    const { batch, resolveOffset, heartbeat, isRunning, isStale } = payload;
    let chunk: { message: KafkaMessage; received: ReceivedEvent }[] = [];
    const flush = async () => {
      const current = chunk;
      const last = current[current.length - 1];
      if (!last) return;
      chunk = [];
      try {
        await batchHandler(current.map((c) => c.received));
      } catch (err) {
        if (this.isTransient(err)) throw err;
        for (const { message } of current)
          await this.handleMessage(batch.topic, batch.partition, message, handler);
      }
      resolveOffset(last.message.offset);
      await heartbeat();
    };
    for (const message of batch.messages) {
      if (!isRunning() || isStale()) break;
      const headers = textHeaders(message.headers);
      let event: Event;
      try {
        event = decodeEvent(message.value ?? new Uint8Array());
      } catch (err) {
        await flush();
        await this.deadLetter(batch.topic, batch.partition, message, err);
        resolveOffset(message.offset);
        continue;
      }
      chunk.push({
        message,
        received: { event, topic: batch.topic, partition: batch.partition, offset: message.offset, headers },
      });
      if (chunk.length >= maxBatch) await flush();
    }
    await flush();
  }

  private async handleMessage(
    topic: string,
    partition: number,
    message: KafkaMessage,
    handler: EventHandler,
  ) {
    const headers = textHeaders(message.headers);
    let event: Event;
    try {
      event = decodeEvent(message.value ?? new Uint8Array());
    } catch (err) {
      await this.deadLetter(topic, partition, message, err);
      return;
    }
    for (let attempt = 1; ; attempt++) {
      try {
        const received = { event, topic, partition, offset: message.offset, headers };
        await withReceivedSpan(received, () => handler(received));
        return;
      } catch (err) {
        if (this.isTransient(err)) throw err;
        if (attempt >= this.maxAttempts) {
          await this.deadLetter(topic, partition, message, err);
          return;
        }
        this.options.logger.warn(
          { topic, partition, offset: message.offset, attempt, err: String(err) },
          'event handler failed; retrying',
        );
        await new Promise((r) => setTimeout(r, Math.min(100 * 2 ** attempt, 2000)));
      }
    }
  }

  private async deadLetter(topic: string, partition: number, message: KafkaMessage, err: unknown) {
    const error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    this.options.logger.error(
      { topic, partition, offset: message.offset, error, deadLetterTopic: this.options.deadLetterTopic },
      'message sent to the dead-letter topic',
    );
    await this.publisher.sendRaw(this.options.deadLetterTopic, [
      {
        key: message.key,
        value: message.value,
        headers: {
          ...textHeaders(message.headers),
          'x-source-topic': topic,
          'x-source-partition': String(partition),
          'x-source-offset': message.offset,
          'x-error': error.slice(0, 1000),
          'x-consumer-group': this.options.groupId,
        },
      },
    ]);
    this.options.onDeadLetter?.(error);
  }
}
