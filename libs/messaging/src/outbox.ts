import { encodeEvent, type Event } from '@gba/contracts';
import type { EntityManager } from 'typeorm';
import { OutboxMessage } from './persistence/outbox-message.entity';
import { currentTraceparent } from './trace-context';

export const OUTBOX_CHANNEL = 'gba_outbox';

/**
 * Writes events into the outbox inside the caller's transaction: they are published if and only
 * if the change that implies them commits. The trace context of the change travels with them.
 */
export async function enqueueEvents(
  manager: EntityManager,
  topic: string,
  events: readonly Event[],
): Promise<void> {
  if (events.length === 0) return;
  const traceparent = currentTraceparent() ?? null;
  await manager.insert(
    OutboxMessage,
    events.map((event) => ({
      eventId: event.eventId,
      topic,
      messageKey: event.declarationId,
      payload: Buffer.from(encodeEvent(event)),
      traceparent,
    })),
  );
}
