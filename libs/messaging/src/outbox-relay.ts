import { EVENT_CONTENT_TYPE } from '@gba/contracts';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import type { EventPublisher } from './event-publisher';
import type { MessagingLogger } from './kafka-logger';
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
 * Publishes the outbox in id order. One relay per database holds an advisory lock and publishes;
 * replicas wait on the lock, so scaling out never reorders a declaration's events. Woken by
 * LISTEN/NOTIFY, polling as a fallback. A crash after publishing but before marking publishes the
 * rows again; consumers' inboxes make that harmless. A published row keeps its metadata for
 * operators but not its payload, which may carry personal data and now lives in Kafka.
 */
export class OutboxRelay {
  private listener?: Client;
  private running = false;
  private wake?: () => void;
  private loop?: Promise<void>;
  private isLeader = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly publisher: EventPublisher,
    private readonly options: OutboxRelayOptions,
  ) {}

  get leader(): boolean {
    return this.isLeader;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await this.closeListener();
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

  private async run(): Promise<void> {
    const pollMs = this.options.pollIntervalMs ?? 1000;
    let lastPrune = 0;
    while (this.running) {
      try {
        if (!(await this.ensureLeadership())) {
          await this.sleep(pollMs * 3);
          continue;
        }
        await this.drain();
        if (Date.now() - lastPrune > 60_000) {
          await this.prune();
          lastPrune = Date.now();
        }
        await this.sleep(pollMs);
      } catch (err) {
        this.options.logger.warn({ err: (err as Error).message }, 'outbox relay failed; retrying');
        await this.closeListener();
        await this.sleep(Math.min(pollMs * 3, 5000));
      }
    }
  }

  private async ensureLeadership(): Promise<boolean> {
    if (this.listener && this.isLeader) return true;
    if (!this.listener) {
      const client = new Client({
        connectionString: this.options.databaseUrl,
        connectionTimeoutMillis: 3000,
      });
      client.on('error', () => void this.closeListener());
      client.on('notification', () => this.wake?.());
      await client.connect();
      this.listener = client;
    }
    const { rows } = await this.listener.query<{ locked: boolean }>(
      'SELECT pg_try_advisory_lock($1) AS locked',
      [this.options.lockKey ?? 0x6762615f],
    );
    this.isLeader = rows[0]?.locked === true;
    if (this.isLeader) {
      await this.listener.query(`LISTEN ${OUTBOX_CHANNEL}`);
      this.options.logger.info({}, 'outbox relay is the publisher for this database');
    }
    return this.isLeader;
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

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }

  private async closeListener(): Promise<void> {
    const client = this.listener;
    this.listener = undefined;
    this.isLeader = false;
    await client?.end().catch(() => undefined);
  }
}
