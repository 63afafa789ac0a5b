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
