import { EVENT_CONTENT_TYPE } from '@gba/contracts';
import type { DataSource } from 'typeorm';
import type { EventPublisher } from './event-publisher';
import type { MessagingLogger } from './kafka-logger';
import { LeaderLoop } from './leader-loop';
import { OUTBOX_CHANNEL } from './outbox';

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
}

function describe(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

interface PendingRow {
  id: string;
  event_id: string;
  topic: string;
  message_key: string;
  payload: Buffer;
  traceparent: string | null;
}

/**
 * Publishes the outbox in id order. One relay per database holds an advisory lock and publishes
 * (a {@link LeaderLoop}); replicas wait on the lock, so scaling out never reorders a declaration's events. Woken by
 * LISTEN/NOTIFY, polling as a fallback. A batch sent but not marked (the database failed just then)
 * is remembered and marked next round, never sent again; only a crash in between sends it again,
 * which consumers' inboxes make harmless. Every failed send or mark is recorded on its rows
 * (`attempts`, `last_error`). A published row keeps its metadata for
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
    await this.drain();
    if (Date.now() - this.lastPrune > 60_000) {
      await this.prune();
      this.lastPrune = Date.now();
    }
  }

  private async publishBatch(): Promise<number> {
    await this.markUnmarked();
    const rows: PendingRow[] = await this.dataSource.query(
      `SELECT id, event_id, topic, message_key, payload, traceparent FROM outbox
       WHERE status = 'pending' ORDER BY id LIMIT $1`,
      [this.options.batchSize ?? 500],
    );
    if (rows.length === 0) return 0;
    const byTopic = new Map<string, PendingRow[]>();
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
        // These rows stay pending and go again next round; the failure is recorded on them.
        const unsent = rows.filter((row) => !this.unmarked.has(row.id)).map((row) => row.id);
        await this.dataSource
          .query(`UPDATE outbox SET attempts = attempts + 1, last_error = $2 WHERE id = ANY($1::bigint[])`, [
            unsent,
            `publish failed: ${describe(err)}`.slice(0, 1000),
          ])
          .catch((recordErr: unknown) =>
            this.options.logger.warn(
              { err: describe(recordErr) },
              'outbox: could not record a failed publish',
            ),
          );
        // What was sent before the failure is marked now (or remembered), never sent again.
        await this.markUnmarked().catch(() => undefined);
        throw err;
      }
      for (const row of batch) this.unmarked.set(row.id, { failures: 0, error: '' });
    }
    await this.markUnmarked();
    return rows.length;
  }

  /**
   * Marks the rows already sent as published. On failure they are remembered with the error and
   * the mark is retried first thing next round (never by sending them again); once it succeeds,
   * the failed marks are added to the rows' `attempts` and the last one is their `last_error`.
   */
  private async markUnmarked(): Promise<void> {
    if (this.unmarked.size === 0) return;
    const entries = [...this.unmarked];
    const ids = entries.map(([id]) => id);
    const failures = entries.map(([, entry]) => entry.failures);
    const errors = entries.map(([, entry]) => entry.error || null);
    try {
      await this.dataSource.query(
        `UPDATE outbox o SET status = 'published', published_at = now(), payload = ''::bytea,
                attempts = o.attempts + f.failures, last_error = COALESCE(f.error, o.last_error)
         FROM unnest($1::bigint[], $2::int[], $3::text[]) AS f(id, failures, error)
         WHERE o.id = f.id`,
        [ids, failures, errors],
      );
    } catch (err) {
      const error = `marking as published failed: ${describe(err)}`.slice(0, 1000);
      for (const [, entry] of entries) {
        entry.failures += 1;
        entry.error = error;
      }
      throw err;
    }
    for (const id of ids) this.unmarked.delete(id);
    this.options.onPublished?.(ids.length);
  }

  private headersOf(row: PendingRow): Record<string, string> {
    const headers: Record<string, string> = {
      'message-id': row.event_id,
      'content-type': EVENT_CONTENT_TYPE,
    };
    if (row.traceparent) headers['traceparent'] = row.traceparent;
    return headers;
  }

  private async prune(): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM outbox WHERE status = 'published' AND published_at < now() - make_interval(hours => $1)`,
      [this.options.retentionHours ?? 24],
    );
  }
}
