import { EVENT_CONTENT_TYPE } from '@gba/contracts';
import type { DataSource } from 'typeorm';
import type { EventPublisher } from './event-publisher';
import type { MessagingLogger } from './kafka-logger';
import { LeaderLoop } from './leader-loop';
import {
  markOutboxPublished,
  OUTBOX_CHANNEL,
  pendingOutboxRows,
  type PendingOutboxRow,
  pruneOutbox,
  recordOutboxPublishFailure,
} from './outbox';
import { temporaryFailureKind } from './temporary-failure';

export interface OutboxRelayOptions {
  databaseUrl: string;
  logger: MessagingLogger;
  batchSize?: number;
  /** Fallback polling when no notification arrives. */
  pollIntervalMs?: number;
  /** Published rows are kept this long for operators, then pruned. */
  retentionHours?: number;
  /** Advisory-lock key: one relay per database publishes, so events keep their order. */
  lockKey?: number;
  onPublished?: (count: number) => void;
  /** Called for each statement on the relay's own session (the lock), for statement counters. */
  onStatement?: () => void;
  /**
   * Called once per batch whose publish failed (after it was recorded on its rows), with the
   * reason: the temporary-failure kind (`broker`, `network`, ...) or `other`. For a counter such as
   * `gba_outbox_publish_failures_total{reason}`.
   */
  onPublishFailure?: (reason: string) => void;
  /**
   * While publishing keeps failing, at most one warning per this many milliseconds, with the count
   * of failures since the previous one; the first failure is logged at once. Default 60 000.
   */
  failureLogIntervalMs?: number;
  /** The clock of the log backoff, in milliseconds. Default Date.now. */
  now?: () => number;
}

/**
 * A batch the broker did not take: already recorded on its rows (attempts, last_error), counted and
 * logged. `drain` throws it; the relay's loop only waits for its next round.
 */
export class OutboxPublishFailure extends Error {
  override readonly name = 'OutboxPublishFailure';
  constructor(
    readonly topic: string,
    /** The temporary-failure kind of the cause, or `other`. */
    readonly reason: string,
    cause: unknown,
  ) {
    super(`publishing to ${topic} failed: ${describe(cause)}`, { cause });
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

/**
 * Publishes the outbox in id order. One relay per database holds an advisory lock and publishes
 * (a {@link LeaderLoop}); replicas wait on the lock, so scaling out never reorders a declaration's events. Woken by
 * LISTEN/NOTIFY, polling as a fallback. A batch sent but not marked (the database failed just then)
 * is remembered and marked next round, never sent again; only a crash in between sends it again,
 * which consumers' inboxes make harmless. Every failed send or mark is recorded on its rows
 * (`attempts`, `last_error`). While the broker is down the relay says so: each failed batch is
 * recorded on its rows in one statement and counted (`onPublishFailure`), the first failure is
 * logged at warn at once, then at most one warning per `failureLogIntervalMs` with the count since
 * (never a line per poll), and an info line when publishing resumes. A published row keeps its metadata for
 * operators but not its payload, which may carry personal data and now lives in Kafka.
 */
export class OutboxRelay {
  private readonly loop: LeaderLoop;
  /**
   * Rows sent to Kafka whose marking as published failed, with how often and why: they are marked
   * first in the next round and never sent again by this relay. (A crash loses this memory; the
   * rows are then sent again, which the partners' inboxes make harmless.)
   */
  private readonly unmarked = new Map<string, { failures: number; error: string }>();
  private lastPrune = 0;
  /** While publishing fails: since when, how many failures, how many not yet logged, last line. */
  private outage?: { since: number; failures: number; unlogged: number; loggedAt: number };

  constructor(
    private readonly dataSource: DataSource,
    private readonly publisher: EventPublisher,
    private readonly options: OutboxRelayOptions,
  ) {
    this.loop = new LeaderLoop(
      {
        databaseUrl: options.databaseUrl,
        lockKey: options.lockKey ?? 0x6762615f,
        channel: OUTBOX_CHANNEL,
        pollIntervalMs: options.pollIntervalMs ?? 1000,
        name: 'outbox relay',
        logger: options.logger,
        onStatement: options.onStatement,
      },
      () => this.pass(),
    );
  }

  get leader(): boolean {
    return this.loop.leader;
  }

  start(): void {
    this.loop.start();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
  }

  /** Publishes every pending row now; returns how many. Used by the loop and by tests. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const published = await this.publishBatch();
      total += published;
      if (published < (this.options.batchSize ?? 500)) return total;
    }
  }

  private async pass(): Promise<void> {
    try {
      await this.drain();
    } catch (err) {
      // Recorded, counted and logged already: wait for the next round, keep the lock.
      if (err instanceof OutboxPublishFailure) return;
      throw err;
    }
    if (Date.now() - this.lastPrune > 60_000) {
      await this.prune();
      this.lastPrune = Date.now();
    }
  }

  private async publishBatch(): Promise<number> {
    await this.markUnmarked();
    const rows = await pendingOutboxRows(this.dataSource, this.options.batchSize ?? 500);
    if (rows.length === 0) return 0;
    const byTopic = new Map<string, PendingOutboxRow[]>();
    for (const row of rows) {
      const batch = byTopic.get(row.topic);
      if (batch) batch.push(row);
      else byTopic.set(row.topic, [row]);
    }
    for (const [topic, batch] of byTopic) {
      try {
        await this.publisher.sendRaw(
          topic,
          batch.map((row) => ({
            key: Buffer.from(row.message_key),
            value: row.payload,
            headers: this.headersOf(row),
          })),
        );
      } catch (err) {
        // The rows of this batch stay pending and go again next round; the failure is on them.
        const failure = new OutboxPublishFailure(topic, temporaryFailureKind(err) ?? 'other', err);
        await recordOutboxPublishFailure(
          this.dataSource,
          batch.map((row) => row.id),
          `publish failed: ${describe(err)}`,
        ).catch((recordErr: unknown) =>
          this.options.logger.warn({ err: describe(recordErr) }, 'outbox: could not record a failed publish'),
        );
        this.publishFailed(failure, batch.length);
        // What was sent before the failure is marked now (or remembered), never sent again.
        await this.markUnmarked().catch(() => undefined);
        throw failure;
      }
      this.publishResumed();
      for (const row of batch) this.unmarked.set(row.id, { failures: 0, error: '' });
    }
    await this.markUnmarked();
    return rows.length;
  }

  /** Counts a failed publish and logs it: the first at once, then at most once per interval. */
  private publishFailed(failure: OutboxPublishFailure, rows: number): void {
    this.options.onPublishFailure?.(failure.reason);
    const now = (this.options.now ?? Date.now)();
    const fields = { topic: failure.topic, reason: failure.reason, rows, err: describe(failure.cause) };
    if (!this.outage) {
      this.outage = { since: now, failures: 1, unlogged: 0, loggedAt: now };
      this.options.logger.warn(fields, 'outbox: publishing failed; the rows stay pending and are retried');
      return;
    }
    const outage = this.outage;
    outage.failures += 1;
    outage.unlogged += 1;
    if (now - outage.loggedAt < (this.options.failureLogIntervalMs ?? 60_000)) return;
    this.options.logger.warn(
      {
        ...fields,
        failuresSinceLastLog: outage.unlogged,
        failures: outage.failures,
        failingForSeconds: Math.round((now - outage.since) / 1000),
      },
      'outbox: publishing still failing',
    );
    outage.unlogged = 0;
    outage.loggedAt = now;
  }

  /** Ends an outage: one info line with how long it lasted and how many publishes failed. */
  private publishResumed(): void {
    const outage = this.outage;
    if (!outage) return;
    this.outage = undefined;
    this.options.logger.info(
      {
        failures: outage.failures,
        failedForSeconds: Math.round(((this.options.now ?? Date.now)() - outage.since) / 1000),
      },
      'outbox: publishing resumed',
    );
  }

  /**
   * Marks the rows already sent as published. On failure they are remembered with the error and
   * the mark is retried first thing next round (never by sending them again); once it succeeds,
   * the failed marks are added to the rows' `attempts` and the last one is their `last_error`.
   */
  private async markUnmarked(): Promise<void> {
    if (this.unmarked.size === 0) return;
    const entries = [...this.unmarked];
    try {
      await markOutboxPublished(
        this.dataSource,
        entries.map(([id, entry]) => ({ id, failures: entry.failures, error: entry.error || null })),
      );
    } catch (err) {
      const error = `marking as published failed: ${describe(err)}`.slice(0, 1000);
      for (const [, entry] of entries) {
        entry.failures += 1;
        entry.error = error;
      }
      throw err;
    }
    for (const [id] of entries) this.unmarked.delete(id);
    this.options.onPublished?.(entries.length);
  }

  private headersOf(row: PendingOutboxRow): Record<string, string> {
    const headers: Record<string, string> = {
      'message-id': row.event_id,
      'content-type': EVENT_CONTENT_TYPE,
    };
    if (row.traceparent) headers['traceparent'] = row.traceparent;
    return headers;
  }

  private async prune(): Promise<void> {
    await pruneOutbox(this.dataSource, this.options.retentionHours ?? 24);
  }
}
