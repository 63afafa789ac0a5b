import { encodeEvent, type Event } from '@gba/contracts';
import type { EntityManager } from 'typeorm';
import { currentTraceparent } from './trace-context';

export const OUTBOX_CHANNEL = 'gba_outbox';

/** One row of the outbox as written: the Kafka topic, key and value, and the trace context. */
export interface OutboxRow {
  eventId: string;
  topic: string;
  /** The Kafka key (the declaration id). */
  messageKey: string;
  /** The encoded event. */
  payload: Uint8Array;
  traceparent: string | null;
}

/**
 * Inserts outbox rows with ONE statement inside the caller's transaction, their ids (and so the
 * relay's publishing order) following the order of `rows`. The rows travel as five arrays: no
 * statement builder, and no parameter list growing with the rows.
 */
export async function insertOutboxRows(manager: EntityManager, rows: readonly OutboxRow[]): Promise<void> {
  if (rows.length === 0) return;
  await manager.query(
    `INSERT INTO outbox (event_id, topic, message_key, payload, traceparent)
     SELECT event_id, topic, message_key, payload, traceparent
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::bytea[], $5::text[])
            WITH ORDINALITY AS r(event_id, topic, message_key, payload, traceparent, n)
      ORDER BY n`,
    [
      rows.map((r) => r.eventId),
      rows.map((r) => r.topic),
      rows.map((r) => r.messageKey),
      rows.map((r) => Buffer.from(r.payload.buffer, r.payload.byteOffset, r.payload.byteLength)),
      rows.map((r) => r.traceparent),
    ],
  );
}

/**
 * Writes events into the outbox inside the caller's transaction: they are published if and only
 * if the change that implies them commits. The trace context of the change travels with them.
 */
export async function enqueueEvents(
  manager: EntityManager,
  topic: string,
  events: readonly Event[],
): Promise<void> {
  const traceparent = currentTraceparent() ?? null;
  await insertOutboxRows(
    manager,
    events.map((event) => ({
      eventId: event.eventId,
      topic,
      messageKey: event.declarationId,
      payload: encodeEvent(event),
      traceparent,
    })),
  );
}

/** What the outbox still has to publish: how many events, and the age of the oldest in seconds (0 when none). */
export async function outboxBacklog(
  manager: Pick<EntityManager, 'query'>,
): Promise<{ pending: number; oldestAgeSeconds: number }> {
  const [row]: { pending: number; age: number }[] = await manager.query(
    `SELECT count(*)::int AS pending, COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)::float AS age
       FROM outbox WHERE status = 'pending'`,
  );
  return { pending: row?.pending ?? 0, oldestAgeSeconds: row?.age ?? 0 };
}

/** A row the relay is to publish, as read from the outbox. */
export interface PendingOutboxRow {
  id: string;
  event_id: string;
  topic: string;
  message_key: string;
  payload: Buffer;
  traceparent: string | null;
}

type Queries = Pick<EntityManager, 'query'>;

/** The first `limit` pending rows in publishing (id) order. */
export function pendingOutboxRows(manager: Queries, limit: number): Promise<PendingOutboxRow[]> {
  return manager.query(
    `SELECT id, event_id, topic, message_key, payload, traceparent FROM outbox
     WHERE status = 'pending' ORDER BY id LIMIT $1`,
    [limit],
  );
}

/**
 * Records a failed publish on the rows of the batch that failed, in ONE statement: `attempts` + 1
 * and `last_error` = `error` (cut to 1000 characters). The rows stay pending.
 */
export async function recordOutboxPublishFailure(
  manager: Queries,
  ids: readonly string[],
  error: string,
): Promise<void> {
  if (ids.length === 0) return;
  await manager.query(
    `UPDATE outbox SET attempts = attempts + 1, last_error = $2 WHERE id = ANY($1::bigint[])`,
    [ids, error.slice(0, 1000)],
  );
}

/**
 * Marks rows sent to Kafka as published in ONE statement, dropping their payload (it may carry
 * personal data and now lives in Kafka), and adds to each the failed attempts to mark it before
 * (`failures`, with the last `error` or null) so that its history stays on the row.
 */
export async function markOutboxPublished(
  manager: Queries,
  rows: readonly { id: string; failures: number; error: string | null }[],
): Promise<void> {
  if (rows.length === 0) return;
  await manager.query(
    `UPDATE outbox o SET status = 'published', published_at = now(), payload = ''::bytea,
            attempts = o.attempts + f.failures, last_error = COALESCE(f.error, o.last_error)
     FROM unnest($1::bigint[], $2::int[], $3::text[]) AS f(id, failures, error)
     WHERE o.id = f.id`,
    [rows.map((r) => r.id), rows.map((r) => r.failures), rows.map((r) => r.error)],
  );
}

/** Deletes published rows older than `retentionHours`. */
export async function pruneOutbox(manager: Queries, retentionHours: number): Promise<void> {
  await manager.query(
    `DELETE FROM outbox WHERE status = 'published' AND published_at < now() - make_interval(hours => $1)`,
    [retentionHours],
  );
}
