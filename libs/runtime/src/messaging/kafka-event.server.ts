import { Logger } from '@nestjs/common';
import { type CustomTransportStrategy, Server } from '@nestjs/microservices';
import {
  EventConsumer,
  type EventConsumerOptions,
  type EventPublisher,
  ensureTopics,
  type ReceivedEvent,
} from '@gba/messaging';
import type { Kafka } from 'kafkajs';
import { firstValueFrom, isObservable } from 'rxjs';

/**
 * The pattern of a handler that applies the events of one fetch together (one transaction); the
 * per-event handlers stay the fallback that isolates a failing event.
 */
export const EVENT_BATCH_PATTERN = 'gba.event-batch';

export interface KafkaEventServerOptions {
  consumer: Omit<EventConsumerOptions, 'logger'>;
  /** Topics this service must find (or create) before it consumes or publishes. */
  topics: string[];
  partitions: number;
  replicationFactor: number;
  retryDelayMs?: number;
}

/**
 * The Kafka side of the hybrid app: consumes partners' topics and hands each event to the handler
 * registered with `@EventPattern(<body case>)` (for example 'declarationFiled'). Kafka being down
 * at start-up does not stop the HTTP side: the server keeps trying and readiness says why.
 */
export class KafkaEventServer extends Server implements CustomTransportStrategy {
  protected override readonly logger = new Logger('kafka');
  private consumer?: EventConsumer;
  private closed = false;
  private connecting?: Promise<void>;

  constructor(
    private readonly kafka: Kafka,
    private readonly publisher: EventPublisher,
    private readonly options: KafkaEventServerOptions,
  ) {
    super();
  }

  listen(callback: () => void): void {
    this.connecting = this.connectUntilClosed();
    callback();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.connecting;
    await this.consumer?.stop();
    await this.publisher.disconnect().catch(() => undefined);
    this.logger.log('partner consumer stopped; offsets committed');
  }

  on(): void {
    throw new Error('KafkaEventServer does not emit events');
  }

  unwrap<T>(): T {
    return this.kafka as T;
  }

  private async connectUntilClosed(): Promise<void> {
    for (let attempt = 1; !this.closed; attempt++) {
      try {
        await ensureTopics(
          this.kafka,
          this.options.topics,
          this.options.partitions,
          this.options.replicationFactor,
        );
        await this.publisher.connect();
        const consumer = new EventConsumer(this.kafka, this.publisher, {
          ...this.options.consumer,
          logger: pinoStyle(this.logger),
        });
        const batchHandler = this.getHandlerByPattern(EVENT_BATCH_PATTERN);
        await consumer.start(
          (received) => this.dispatch(received),
          batchHandler ? (batch) => this.settle(batchHandler(batch)) : undefined,
        );
        this.consumer = consumer;
        this.logger.log({ topics: this.options.consumer.topics }, 'consuming partner events');
        return;
      } catch (err) {
        this.logger.warn({ attempt, err: (err as Error).message }, 'Kafka not reachable yet; retrying');
        await new Promise((r) => setTimeout(r, this.options.retryDelayMs ?? 3000));
      }
    }
  }

  private async dispatch(received: ReceivedEvent): Promise<void> {
    const pattern = received.event.body.case as string;
    const handler = this.getHandlerByPattern(pattern);
    if (!handler) {
      this.logger.debug(
        { pattern, eventId: received.event.eventId },
        'no handler for this event type; skipped',
      );
      return;
    }
    await this.settle(handler(received));
  }

  private async settle(pending: Promise<unknown>): Promise<void> {
    const result = await pending;
    if (isObservable(result)) await firstValueFrom(result, { defaultValue: undefined });
  }
}

/** Adapts Nest's logger to the (object, message) signature of the messaging adapters. */
function pinoStyle(logger: Logger) {
  return {
    error: (obj: object, msg?: string) => logger.error(obj, msg),
    warn: (obj: object, msg?: string) => logger.warn(obj, msg),
    info: (obj: object, msg?: string) => logger.log(obj, msg),
    debug: (obj: object, msg?: string) => logger.debug(obj, msg),
  };
}
