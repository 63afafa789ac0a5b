import {
  type DeadLetterStatus,
  deadLetterStatuses,
  EventPublisher,
  eventJson,
  kafkaLogCreator,
  readDeadLetters,
  replayDeadLetter,
  toKafkaConfig,
  topicsOf,
} from '@gba/messaging';
import { Kafka } from 'kafkajs';
import type { CommandContext } from '../bootstrap';

const USAGE =
  'usage: dlq list | dlq show --id <partition:offset> | dlq replay (--id <partition:offset>… | --all)';

/** `--id a --id b` and `--id a,b` alike. */
function idsOf(args: string[]): string[] {
  const ids: string[] = [];
  args.forEach((arg, i) => {
    if (arg === '--id') ids.push(...(args[i + 1] ?? '').split(',').filter(Boolean));
  });
  return ids;
}

function summary(letter: DeadLetterStatus): string {
  const event = letter.event;
  return [
    letter.id,
    letter.deadLetteredAt,
    `${letter.source.topic}[${letter.source.partition}]@${letter.source.offset}`,
    event ? `${event.body.case} ${event.eventId} declaration ${event.declarationId}` : 'undecodable',
    letter.applied ? 'applied' : 'not applied',
    letter.replays > 0 ? `replayed ${letter.replays}× (last ${letter.lastReplayedAt})` : 'never replayed',
    letter.error,
  ].join('  ');
}

/**
 * `dlq list|show|replay`: the way back from the authority's dead-letter topic.
 * - `list`: every dead letter, one line each: id (`<partition>:<offset>`), when, source, event,
 *   whether it is applied now, whether it was replayed, and why it was dead-lettered.
 * - `show --id <id>`: one dead letter in full (headers and the event as JSON).
 * - `replay --id <id>… | --all`: sends dead letters back through the service's replay topic, where
 *   the running service applies them with its normal handlers and inbox (once, however often
 *   replayed). `--all` replays the decodable ones neither applied nor replayed before.
 * Exit code 1 (thrown) on an unknown id or a missing argument.
 */
export async function deadLetterCommand({ dataSource, config, args, print }: CommandContext): Promise<void> {
  const [action] = args;
  if (action !== 'list' && action !== 'show' && action !== 'replay') throw new Error(USAGE);
  const ids = idsOf(args);
  if (action === 'show' && ids.length !== 1) throw new Error(USAGE);
  if (action === 'replay' && ids.length === 0 && !args.includes('--all')) throw new Error(USAGE);

  const silent = {
    error: () => undefined,
    warn: () => undefined,
    info: () => undefined,
    debug: () => undefined,
  };
  const kafka = new Kafka({ ...toKafkaConfig(config.kafka), logCreator: kafkaLogCreator(silent) });
  const topics = topicsOf(config.authority, config.topicPrefix);
  const letters = await deadLetterStatuses(
    dataSource.manager,
    await readDeadLetters(
      kafka,
      topics.deadLetter,
      `${config.topicPrefix}${config.authority.toLowerCase()}-`,
    ),
  );
  const known = new Set(letters.map((l) => l.id));
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length > 0) throw new Error(`no dead letter ${unknown.join(', ')} in ${topics.deadLetter}`);
  const named = letters.filter((l) => ids.includes(l.id));

  if (action === 'list') {
    print(`${letters.length} dead letter(s) in ${topics.deadLetter}`);
    for (const letter of letters) print(summary(letter));
    return;
  }
  if (action === 'show') {
    const [{ key, value, event, ...rest }] = named as [DeadLetterStatus];
    print(
      JSON.stringify(
        {
          ...rest,
          key: key?.toString('utf8') ?? null,
          ...(event ? { event: eventJson(event) } : { valueBase64: value?.toString('base64') ?? null }),
        },
        null,
        2,
      ),
    );
    return;
  }
  // --all leaves out what can never be applied (undecodable) and what was applied or replayed already.
  const chosen =
    ids.length > 0 ? named : letters.filter((l) => l.event !== undefined && !l.applied && l.replays === 0);
  const publisher = new EventPublisher(kafka);
  await publisher.connect();
  try {
    for (const letter of chosen) {
      await replayDeadLetter(publisher, dataSource.manager, topics.replay, letter);
      const note = !letter.event
        ? ' (undecodable: it will be dead-lettered again)'
        : letter.applied
          ? ' (already applied: the inbox will ignore it)'
          : '';
      print(`replayed ${letter.id}${note}`);
    }
  } finally {
    await publisher.disconnect();
  }
  print(`${chosen.length} dead letter(s) sent to ${topics.replay}`);
}
