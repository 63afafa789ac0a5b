import type { DataSource, EntityManager } from 'typeorm';
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

/**
 * Applies a partner's event at most once: the inbox entry and the effect commit together, and a
 * redelivered event finds its entry and changes nothing. Returns false for a duplicate.
 */
export async function applyOnce(
  dataSource: DataSource,
  received: ReceivedEvent,
  effect: (manager: EntityManager) => Promise<void>,
): Promise<boolean> {
  return dataSource.transaction(async (manager) => {
    if (!(await firstDelivery(manager, received))) return false;
    await effect(manager);
    return true;
  });
}
