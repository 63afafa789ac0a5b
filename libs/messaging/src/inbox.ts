import type { DataSource, EntityManager } from 'typeorm';
import type { ReceivedEvent } from './event-consumer';

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
    const inserted: unknown[] = await manager.query(
      `INSERT INTO inbox (event_id, source_topic, declaration_id) VALUES ($1, $2, $3)
       ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
      [received.event.eventId, received.topic, received.event.declarationId],
    );
    if (inserted.length === 0) return false;
    await effect(manager);
    return true;
  });
}
