import { randomUUID } from 'node:crypto';
import { toJson } from '@bufbuild/protobuf';
import { decodeEvent, type Event, EventSchema } from '@gba/contracts';
import type { IHeaders, Kafka } from 'kafkajs';
import type { EntityManager } from 'typeorm';
import { DEAD_LETTER_HEADERS } from './event-consumer';
import type { EventPublisher } from './event-publisher';

/** One message of a dead-letter topic, as `dlq list|show` shows it. */
export interface DeadLetter {
  /** `<partition>:<offset>` in the dead-letter topic: stable, and what `dlq show|replay --id` take. */
  id: string;
  partition: number;
  offset: string;
  /** When it was dead-lettered (the Kafka timestamp of the dead letter), ISO 8601. */
  deadLetteredAt: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, string>;
  /** The event, when the bytes decode; undefined for a message that never was a usable event. */
  event?: Event;
  /** Why it was dead-lettered (the `x-error` header). */
  error: string;
  source: { topic: string; partition: number; offset: string };
}

/** A dead letter with what this authority's database says about it. */
export interface DeadLetterStatus extends DeadLetter {
  /** How often `dlq replay` sent it back, and when last. */
  replays: number;
  lastReplayedAt?: string;
  /** True once the event is in this authority's inbox (applied, by a replay or otherwise). */
  applied: boolean;
}

function textHeaders(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value !== undefined)
      out[name] = Array.isArray(value) ? value.map(String).join(',') : value.toString();
  }
  return out;
}

/**
 * Reads a whole dead-letter topic, from its first to its last message at the time of the call,
 * with a throw-away consumer group (`<groupPrefix>dlq-reader-<uuid>`, deleted afterwards).
 * Dead-letter topics are small: they hold only what could never be applied.
 */
export async function readDeadLetters(
  kafka: Kafka,
  topic: string,
  groupPrefix = '',
  timeoutMs = 30_000,
): Promise<DeadLetter[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ends = await admin.fetchTopicOffsets(topic);
    const pending = new Map(
      ends.filter((p) => Number(p.high) > Number(p.low)).map((p) => [p.partition, Number(p.high) - 1]),
    );
    if (pending.size === 0) return [];
    const groupId = `${groupPrefix}dlq-reader-${randomUUID()}`;
    const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: 500 });
    const letters: DeadLetter[] = [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      let done!: () => void;
      const finished = new Promise<void>((resolve) => (done = resolve));
      await consumer.run({
        autoCommit: false,
        eachMessage: async ({ partition, message }) => {
          const last = pending.get(partition);
          if (last === undefined || Number(message.offset) > last) return;
          letters.push(toDeadLetter(partition, message.offset, message));
          if (Number(message.offset) >= last) pending.delete(partition);
          if (pending.size === 0) done();
        },
      });
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        finished,
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () =>
              reject(new Error(`the dead-letter topic ${topic} could not be read within ${timeoutMs} ms`)),
            timeoutMs,
          );
        }),
      ]).finally(() => clearTimeout(timer));
    } finally {
      await consumer.disconnect();
      await admin.deleteGroups([groupId]).catch(() => undefined);
    }
    return letters.sort((a, b) => a.partition - b.partition || Number(a.offset) - Number(b.offset));
  } finally {
    await admin.disconnect();
  }
}

function toDeadLetter(
  partition: number,
  offset: string,
  message: { key: Buffer | null; value: Buffer | null; headers?: IHeaders; timestamp: string },
): DeadLetter {
  const headers = textHeaders(message.headers);
  let event: Event | undefined;
  try {
    event = decodeEvent(message.value ?? new Uint8Array());
  } catch {
    event = undefined;
  }
  return {
    id: `${partition}:${offset}`,
    partition,
    offset,
    deadLetteredAt:
      headers[DEAD_LETTER_HEADERS.deadLetteredAt] ?? new Date(Number(message.timestamp)).toISOString(),
    key: message.key,
    value: message.value,
    headers,
    event,
    error: headers[DEAD_LETTER_HEADERS.error] ?? '',
    source: {
      topic: headers[DEAD_LETTER_HEADERS.sourceTopic] ?? '',
      partition: Number(headers[DEAD_LETTER_HEADERS.sourcePartition] ?? -1),
      offset: headers[DEAD_LETTER_HEADERS.sourceOffset] ?? '',
    },
  };
}

/** Adds what the database knows (replays recorded, event applied) to each dead letter. */
export async function deadLetterStatuses(
  manager: EntityManager,
  letters: DeadLetter[],
): Promise<DeadLetterStatus[]> {
  if (letters.length === 0) return [];
  const replays: { dead_letter_id: string; replays: number; last_replayed_at: Date }[] = await manager.query(
    `SELECT dead_letter_id, replays, last_replayed_at FROM dead_letter_replays WHERE dead_letter_id = ANY($1::text[])`,
    [letters.map((l) => l.id)],
  );
  const eventIds = letters.flatMap((l) => (l.event ? [l.event.eventId] : []));
  const applied: { event_id: string }[] = await manager.query(
    'SELECT event_id FROM inbox WHERE event_id = ANY($1::uuid[])',
    [eventIds],
  );
  const appliedIds = new Set(applied.map((a) => a.event_id));
  return letters.map((letter) => {
    const replay = replays.find((r) => r.dead_letter_id === letter.id);
    return {
      ...letter,
      replays: replay?.replays ?? 0,
      ...(replay ? { lastReplayedAt: new Date(replay.last_replayed_at).toISOString() } : {}),
      applied: letter.event !== undefined && appliedIds.has(letter.event.eventId),
    };
  });
}

/**
 * Sends a dead letter back to the service's replay topic, byte for byte with its headers, marked
 * with its dead-letter id. The service consumes the replay topic with its normal handlers and
 * inbox, as a delivery from the original topic: an event already applied changes nothing, and
 * one still refused is dead-lettered again. The replay is recorded in `dead_letter_replays`.
 */
export async function replayDeadLetter(
  publisher: EventPublisher,
  manager: EntityManager,
  replayTopic: string,
  letter: DeadLetter,
): Promise<void> {
  await publisher.sendRaw(replayTopic, [
    {
      key: letter.key,
      value: letter.value,
      headers: { ...letter.headers, [DEAD_LETTER_HEADERS.replayOf]: letter.id },
    },
  ]);
  await manager.query(
    `INSERT INTO dead_letter_replays (dead_letter_id, event_id, replays, last_replayed_at)
     VALUES ($1, $2, 1, now())
     ON CONFLICT (dead_letter_id) DO UPDATE
       SET replays = dead_letter_replays.replays + 1, last_replayed_at = now()`,
    [letter.id, letter.event?.eventId ?? null],
  );
}

/** The event as JSON (protobuf's JSON mapping), for `dlq show`. */
export function eventJson(event: Event): unknown {
  return toJson(EventSchema, event);
}
