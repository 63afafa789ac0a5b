import type { EntityManager } from 'typeorm';
import type { ReceivedEvent } from './event-consumer';

/**
 * Records an event in the inbox within the caller's transaction; false when it was applied before
 * (a redelivery), in which case the caller must change nothing.
 */
export async function firstDelivery(manager: EntityManager, received: ReceivedEvent): Promise<boolean> {
  const inserted: unknown[] = await manager.query(
    `INSERT INTO inbox (event_id, source_topic, declaration_id) VALUES ($1, $2, $3)
     ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
    [received.event.eventId, received.topic, received.event.declarationId],
  );
  return inserted.length > 0;
}
