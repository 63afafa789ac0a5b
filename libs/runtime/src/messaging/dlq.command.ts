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
import {
  type CommandContext,
  type OperatorCommand,
  parseOptions,
  subcommandOf,
  UsageError,
} from '../operator-command';

const USAGE = 'dlq list | dlq show --id <partition:offset> | dlq replay (--id <partition:offset>… | --all)';

/** A dead letter's id: its partition and offset in the dead-letter topic. */
const DEAD_LETTER_ID = /^\d+:\d+$/;

type DeadLetterAction = 'list' | 'show' | 'replay';

/**
 * The arguments of `dlq`, refused with {@link UsageError} before anything is opened: `--id a --id b`
 * and `--id a,b` alike, each `<partition>:<offset>`; `show` takes exactly one, `replay` ids or `--all`.
 */
export function parseDeadLetterArgs(args: string[]): {
  action: DeadLetterAction;
  ids: string[];
  all: boolean;
} {
  const [action, rest] = subcommandOf(args, ['list', 'show', 'replay'] as const);
  const { values } = parseOptions(rest, {
    id: { type: 'string', multiple: true },
    all: { type: 'boolean' },
  });
  if (action !== 'replay' && values.all) throw new UsageError(`--all is for replay, not ${action}`);
  if (action === 'list' && values.id) throw new UsageError('list takes no --id');
  const ids = (values.id ?? []).flatMap((v) => v.split(',').filter(Boolean));
  const bad = ids.find((id) => !DEAD_LETTER_ID.test(id));
  if (bad !== undefined) throw new UsageError(`bad id "${bad}" (expected partition:offset, e.g. 0:17)`);
  const all = values.all === true;
  if (action === 'show' && ids.length !== 1) throw new UsageError('show needs --id <partition:offset>');
  if (action === 'replay' && ids.length === 0 && !all) throw new UsageError('replay needs --id or --all');
  if (action === 'replay' && ids.length > 0 && all)
    throw new UsageError('replay takes --id or --all, not both');
  return { action, ids, all };
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
 * Exit code 64 on bad arguments (before anything is opened), 1 on an id not in the topic.
 */
export const deadLetterCommand: OperatorCommand = {
  usage: USAGE,
  parse: (args) => {
    const parsed = parseDeadLetterArgs(args);
    return (context) => deadLetters(context, parsed);
  },
};

async function deadLetters(
  { dataSource, config, print }: CommandContext,
  { action, ids }: ReturnType<typeof parseDeadLetterArgs>,
): Promise<void> {
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
