import { decodeEvent, type Event } from '@gba/contracts';
import type { Consumer, EachBatchPayload, IHeaders, Kafka, KafkaMessage } from 'kafkajs';
import type { EventPublisher } from './event-publisher';
import type { MessagingLogger } from './kafka-logger';
import { temporaryFailureKind } from './temporary-failure';
import { SpanKind, withMessageSpan } from './trace-context';

export { TransientFailure } from './temporary-failure';

export interface ReceivedEvent {
  event: Event;
  /** The partner topic the event was published on (also for a replayed dead letter). */
  topic: string;
  partition: number;
  offset: string;
  headers: Record<string, string>;
  /** Set when the event is a dead letter sent back by `dlq replay`: its dead-letter id. */
  replayOf?: string;
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

/** Headers a dead letter carries besides the original message's own. */
export const DEAD_LETTER_HEADERS = {
  sourceTopic: 'x-source-topic',
  sourcePartition: 'x-source-partition',
  sourceOffset: 'x-source-offset',
  error: 'x-error',
  consumerGroup: 'x-consumer-group',
  deadLetteredAt: 'x-dead-lettered-at',
  /** On a replayed message: the id (`<partition>:<offset>`) of the dead letter it replays. */
  replayOf: 'x-replay-of',
} as const;

export interface RetryBackoff {
  /** Pause after the first temporary failure, in ms. Default 500. */
  initialMs?: number;
  /** Longest pause, in ms; doubling stops there. Default 30 000. */
  maxMs?: number;
}

export interface EventConsumerOptions {
  groupId: string;
  topics: string[];
  deadLetterTopic: string;
  /**
   * Also consumed: dead letters sent back by `dlq replay`. They are handed over as if they came
   * from their original topic, so the handlers (and their inbox) treat them like any delivery.
   */
  replayTopic?: string;
  logger: MessagingLogger;
  /** Attempts of a message whose handler fails (not temporarily) before it is dead-lettered. */
  maxAttempts?: number;
  /**
   * The kind of a temporary failure (database, pool, lock, network, broker, shutdown), or
   * undefined when the failure is the event's. Defaults to {@link temporaryFailureKind}.
   */
  temporaryFailure?: (err: unknown) => string | undefined;
  /** Pauses of a partition while a temporary failure lasts: exponential, capped, jittered. */
  backoff?: RetryBackoff;
  /**
   * Partitions handed over at once (kafkajs workers). Default 64: at least every partition a
   * service is assigned, so that all the partitions of one fetch are applied together.
   */
  partitionsConsumedConcurrently?: number;
  onDeadLetter?: (reason: string) => void;
  /** Called each time a partition pauses for a temporary failure, with its kind. */
  onTemporaryFailure?: (kind: string) => void;
  /**
   * Least time from the start of one batch call to the next fetch, in ms (default 10): under a
   * steady trickle of events, a fetch then brings several of them, so one transaction (and one
   * offset commit) serves several events; an event waits at most this long for its fetch. An idle
   * consumer still long-polls and costs nothing. 0 fetches again as soon as a call ends.
   */
  minFetchIntervalMs?: number;
}

/** A temporary failure met while applying: the partition pauses and the chunk is retried. */
class TemporaryStop extends Error {
  constructor(
    readonly kind: string,
    readonly failure: unknown,
  ) {
    super(`temporary failure (${kind})`);
  }
}

interface Decoded {
  message: KafkaMessage;
  received: ReceivedEvent;
}

/**
 * Gathers the chunks that the partitions of one fetch hand over and applies them in ONE call of
 * the batch handler (one transaction) instead of one per partition. kafkajs hands the partition
 * batches of a fetch to its workers in the same turn of the event loop, so every chunk submitted
 * before the next `setImmediate` joins the same call; a call holds at most `maxEvents` events
 * (whole chunks; the rest go in the next call). Each submitter learns the call's outcome: resolved
 * when it committed, or rejected with its error (the submitter then decides per partition: pause
 * for a temporary failure, or apply its own events one by one to isolate a refused one).
 *
 * A successful call resolves no sooner than `minIntervalMs` after it started: kafkajs fetches again
 * only when every partition of the fetch is done, so this spaces fetches under a trickle of events
 * (the events themselves are committed at once; only the next fetch waits).
 */
export class FetchGatherer {
  private pending: { events: ReceivedEvent[]; resolve: () => void; reject: (err: unknown) => void }[] = [];
  private scheduled = false;

  constructor(
    private readonly handler: EventBatchHandler,
    private readonly maxEvents: number,
    private readonly minIntervalMs = 0,
  ) {}

  /** Resolves once `events` were applied together with the other chunks of the same turn. */
  submit(events: ReceivedEvent[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ events, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.pending.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    let count = 0;
    let taken = 0;
    while (taken < this.pending.length) {
      const size = this.pending[taken]?.events.length ?? 0;
      if (taken > 0 && count + size > this.maxEvents) break;
      count += size;
      taken++;
    }
    const group = this.pending.splice(0, taken);
    this.schedule();
    const started = Date.now();
    try {
      await this.handler(group.flatMap((g) => g.events));
    } catch (err) {
      for (const g of group) g.reject(err);
      return;
    }
    const rest = this.minIntervalMs - (Date.now() - started);
    if (rest > 0) await new Promise((r) => setTimeout(r, rest));
    for (const g of group) g.resolve();
  }
}

function textHeaders(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers) return out;
  for (const name of Object.keys(headers)) {
    const value = headers[name];
    if (value === undefined) continue;
    out[name] = Array.isArray(value) ? value.map(String).join(',') : value.toString();
  }
  return out;
}

function describe(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

/** Exponential backoff with equal jitter: between half and all of min(max, initial · 2^(n-1)). */
export function backoffDelay(
  attempt: number,
  { initialMs = 500, maxMs = 30_000 }: RetryBackoff = {},
): number {
  const ceiling = Math.min(maxMs, initialMs * 2 ** Math.min(attempt - 1, 30));
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

/**
 * Consumes partners' topics. A message is handed over once decoded; its offset is resolved only
 * after the handler returned (that is, after the handler's database transaction committed), so a
 * crash redelivers it and the inbox makes the redelivery harmless.
 *
 * Failures are told apart by kind:
 * - temporary (database, pool, lock or statement timeout, deadlock, network, broker, shutdown):
 *   nothing is dead-lettered. The partition is paused (kafkajs `pause()`), its unresolved
 *   messages are fetched again when it resumes after an exponential, capped, jittered backoff,
 *   for as long as the failure lasts. The other partitions go on, and the consumer keeps its
 *   group membership: its fetch loop keeps heartbeating while the partition is paused.
 * - the event's own (it cannot be decoded, or its handler refuses it `maxAttempts` times): it goes
 *   to the dead-letter topic with its source topic, partition, offset and error, logged at error
 *   level and counted, and the partition moves on. `dlq replay` can send it back.
 */
export class EventConsumer {
  private readonly consumer: Consumer;
  private readonly maxAttempts: number;
  private readonly temporaryFailure: (err: unknown) => string | undefined;
  /** Consecutive temporary failures per topic-partition, for the backoff. */
  private readonly failures = new Map<string, number>();
  private readonly resumeTimers = new Set<NodeJS.Timeout>();

  constructor(
    kafka: Kafka,
    private readonly publisher: EventPublisher,
    private readonly options: EventConsumerOptions,
  ) {
    // A fetch waits at most 1 s for data (kafkajs: 5 s), so a paused partition resumes promptly.
    this.consumer = kafka.consumer({
      groupId: options.groupId,
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: 1000,
    });
    this.maxAttempts = options.maxAttempts ?? 5;
    this.temporaryFailure = options.temporaryFailure ?? temporaryFailureKind;
  }

  /**
   * With a batch handler, the events of one fetch, across all its partitions, are applied together
   * (up to `maxBatch` per call, see {@link FetchGatherer}), which saves a transaction per event
   * and per partition; if a call fails (not temporarily), each partition retries its events one
   * by one with the single handler, so a poison event is isolated and dead-lettered alone.
   */
  async start(handler: EventHandler, batchHandler?: EventBatchHandler, maxBatch = 500): Promise<void> {
    const topics = [...this.options.topics];
    if (this.options.replayTopic) topics.push(this.options.replayTopic);
    const gatherer = batchHandler
      ? new FetchGatherer(batchHandler, maxBatch, this.options.minFetchIntervalMs ?? 10)
      : undefined;
    await this.consumer.connect();
    await this.consumer.subscribe({ topics, fromBeginning: true });
    await this.consumer.run({
      autoCommit: true,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 64,
      eachBatch: (payload) => this.handleBatch(payload, handler, gatherer, gatherer ? maxBatch : 1),
    });
  }

  /** Stops fetching, lets the message in hand finish and commits what was resolved. */
  async stop(): Promise<void> {
    for (const timer of this.resumeTimers) clearTimeout(timer);
    this.resumeTimers.clear();
    await this.consumer.disconnect();
  }

  private async handleBatch(
    payload: EachBatchPayload,
    handler: EventHandler,
    gatherer: FetchGatherer | undefined,
    maxBatch: number,
  ): Promise<void> {
    const { batch, resolveOffset, heartbeat, isRunning, isStale } = payload;
    let chunk: Decoded[] = [];
    const flush = async () => {
      const current = chunk;
      chunk = [];
      const last = current[current.length - 1];
      if (!last) return;
      if (gatherer) {
        try {
          await gatherer.submit(current.map((c) => c.received));
          resolveOffset(last.message.offset);
          await heartbeat();
          return;
        } catch (err) {
          this.stopIfTemporary(err);
          // One of them is refused: apply them one by one to isolate it.
        }
      }
      for (const { message, received } of current) {
        await this.applyOne(message, received, handler);
        resolveOffset(message.offset);
      }
      await heartbeat();
    };
    try {
      for (const message of batch.messages) {
        if (!isRunning() || isStale()) break;
        const decoded = this.decode(batch.topic, batch.partition, message);
        if ('unreadable' in decoded) {
          await flush();
          // A replayed dead letter keeps the source of its first failure.
          const replayOf =
            batch.topic === this.options.replayTopic
              ? textHeaders(message.headers)[DEAD_LETTER_HEADERS.replayOf]
              : undefined;
          await this.deadLetter(batch.topic, batch.partition, message, decoded.unreadable, replayOf);
          resolveOffset(message.offset);
          continue;
        }
        chunk.push(decoded);
        if (chunk.length >= maxBatch) await flush();
      }
      await flush();
      this.failures.delete(`${batch.topic}|${batch.partition}`);
    } catch (err) {
      if (!(err instanceof TemporaryStop)) throw err;
      this.pauseAfter(payload, err);
    }
  }

  /** The event of a message, or why it cannot be read. */
  private decode(topic: string, partition: number, message: KafkaMessage): Decoded | { unreadable: unknown } {
    const headers = textHeaders(message.headers);
    let event: Event;
    try {
      event = decodeEvent(message.value ?? new Uint8Array());
    } catch (err) {
      return { unreadable: err };
    }
    if (topic === this.options.replayTopic) {
      // A dead letter sent back: hand it over as the delivery from its original topic it was.
      const replayOf = headers[DEAD_LETTER_HEADERS.replayOf];
      return {
        message,
        received: {
          event,
          topic: headers[DEAD_LETTER_HEADERS.sourceTopic] ?? topic,
          partition: Number(headers[DEAD_LETTER_HEADERS.sourcePartition] ?? partition),
          offset: headers[DEAD_LETTER_HEADERS.sourceOffset] ?? message.offset,
          headers,
          ...(replayOf ? { replayOf } : {}),
        },
      };
    }
    return { message, received: { event, topic, partition, offset: message.offset, headers } };
  }

  /** Throws a {@link TemporaryStop} when `err` is temporary; returns otherwise. */
  private stopIfTemporary(err: unknown): void {
    if (err instanceof TemporaryStop) throw err;
    const kind = this.temporaryFailure(err);
    if (kind) throw new TemporaryStop(kind, err);
  }

  private async applyOne(message: KafkaMessage, received: ReceivedEvent, handler: EventHandler) {
    for (let attempt = 1; ; attempt++) {
      try {
        await withReceivedSpan(received, () => handler(received));
        return;
      } catch (err) {
        this.stopIfTemporary(err);
        if (attempt >= this.maxAttempts) {
          await this.deadLetter(received.topic, received.partition, message, err, received.replayOf);
          return;
        }
        this.options.logger.warn(
          {
            topic: received.topic,
            partition: received.partition,
            offset: received.offset,
            attempt,
            err: describe(err),
          },
          'event handler refused the event; retrying',
        );
        await new Promise((r) => setTimeout(r, Math.min(100 * 2 ** attempt, 2000)));
      }
    }
  }

  /** Pauses the partition; it resumes after the backoff and refetches from the first unresolved offset. */
  private pauseAfter(payload: EachBatchPayload, stop: TemporaryStop): void {
    const { topic, partition } = payload.batch;
    const key = `${topic}|${partition}`;
    const failures = (this.failures.get(key) ?? 0) + 1;
    this.failures.set(key, failures);
    const delay = backoffDelay(failures, this.options.backoff);
    const resume = payload.pause();
    this.options.onTemporaryFailure?.(stop.kind);
    this.options.logger.warn(
      {
        topic,
        partition,
        kind: stop.kind,
        consecutiveFailures: failures,
        retryInMs: delay,
        err: describe(stop.failure),
      },
      'temporary failure; partition paused, its events will be retried',
    );
    const timer = setTimeout(() => {
      this.resumeTimers.delete(timer);
      resume();
    }, delay);
    this.resumeTimers.add(timer);
  }

  private async deadLetter(
    topic: string,
    partition: number,
    message: KafkaMessage,
    err: unknown,
    replayOf?: string,
  ) {
    const error = describe(err);
    const original = textHeaders(message.headers);
    const source: Record<string, string> = replayOf
      ? {} // a replayed dead letter keeps the source headers of its first failure
      : {
          [DEAD_LETTER_HEADERS.sourceTopic]: topic,
          [DEAD_LETTER_HEADERS.sourcePartition]: String(partition),
          [DEAD_LETTER_HEADERS.sourceOffset]: message.offset,
        };
    try {
      await this.publisher.sendRaw(this.options.deadLetterTopic, [
        {
          key: message.key,
          value: message.value,
          headers: {
            ...original,
            ...source,
            [DEAD_LETTER_HEADERS.error]: error.slice(0, 1000),
            [DEAD_LETTER_HEADERS.consumerGroup]: this.options.groupId,
            [DEAD_LETTER_HEADERS.deadLetteredAt]: new Date().toISOString(),
          },
        },
      ]);
    } catch (sendErr) {
      // Not on the dead-letter topic yet: keep the message unresolved and try again later.
      this.stopIfTemporary(sendErr);
      throw sendErr;
    }
    this.options.logger.error(
      {
        topic: original[DEAD_LETTER_HEADERS.sourceTopic] ?? topic,
        partition,
        offset: message.offset,
        messageId: original['message-id'],
        error,
        deadLetterTopic: this.options.deadLetterTopic,
        ...(replayOf ? { replayOf } : {}),
      },
      'message sent to the dead-letter topic',
    );
    this.options.onDeadLetter?.(error);
  }
}
