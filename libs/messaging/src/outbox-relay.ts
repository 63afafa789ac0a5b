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
 * LISTEN/NOTIFY, polling as a fallback. A crash after publishing but before marking publishes the
 * rows again; consumers' inboxes make that harmless. A published row keeps its metadata for
 * operators but not its payload, which may carry personal data and now lives in Kafka.
 */
export class OutboxRelay {
  private readonly loop: LeaderLoop;
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
    try {
      for (const [topic, batch] of byTopic) {
        await this.publisher.sendRaw(
          topic,
          batch.map((row) => ({
            key: Buffer.from(row.message_key),
            value: row.payload,
            headers: this.headersOf(row),
          })),
        );
      }
    } catch (err) {
      await this.dataSource.query(
        `UPDATE outbox SET attempts = attempts + 1, last_error = $2 WHERE id = ANY($1::bigint[])`,
        [rows.map((r) => r.id), String((err as Error).message).slice(0, 1000)],
      );
      throw err;
    }
    await this.dataSource.query(
      `UPDATE outbox SET status = 'published', published_at = now(), payload = ''::bytea
       WHERE id = ANY($1::bigint[])`,
      [rows.map((r) => r.id)],
    );
    this.options.onPublished?.(rows.length);
    return rows.length;
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
