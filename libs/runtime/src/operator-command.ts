import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import type { DataSource } from 'typeorm';
import type { ServiceConfig } from './config';

/**
 * Exit codes of the operators' commands (`main.js <command>`, `npm run keys|audit|dlq|notifications|migrate`),
 * after BSD sysexits(3):
 * - 0: done; 1: the command ran and found a failure it reports (e.g. a broken audit trail, an unknown dead letter);
 * - 64 EX_USAGE: an unknown option, a missing or malformed argument (the line names it, the usage follows);
 * - 69 EX_UNAVAILABLE: the database or broker refuses for good — unknown database or host, failed
 *   authentication — retrying will not help until the settings or the target change;
 * - 75 EX_TEMPFAIL: the database or broker is unreachable or busy for now — connection refused, reset or
 *   timed out, too many clients (SQLSTATE 53300), starting up (57P03), no broker answers — retry later;
 * - 78 EX_CONFIG: the environment's settings are invalid (see config.ts).
 * Every failure is one line on stderr; `--debug` (any position) or a non-empty `DEBUG` adds the stack.
 */
export const EXIT = { failure: 1, usage: 64, unavailable: 69, tempfail: 75, config: 78 } as const;

/** What a command-line subcommand of a service gets: its database, its configuration, its arguments. */
export interface CommandContext {
  dataSource: DataSource;
  config: ServiceConfig;
  args: string[];
  print: (line: string) => void;
}

/**
 * An operator's command: `parse` checks the arguments before anything is opened (throwing
 * {@link UsageError}) and returns the work to do with the opened database.
 */
export interface OperatorCommand {
  /** The synopsis printed after a usage error, e.g. `audit verify`. */
  usage: string;
  parse: (args: string[]) => (context: CommandContext) => Promise<void>;
}

/** Wrong arguments: exit 64 (EX_USAGE) with the usage of the command. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * `node:util` parseArgs in strict mode (unknown options, a missing value and an option given a value it
 * does not take are refused), with at most `positionals` positional arguments; refusals become {@link UsageError}.
 */
export function parseOptions<T extends ParseArgsOptionsConfig>(args: string[], options: T, positionals = 0) {
  let parsed;
  try {
    parsed = parseArgs({ args, options, strict: true, allowPositionals: positionals > 0 });
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0] as string);
  }
  if (parsed.positionals.length > positionals) {
    throw new UsageError(`unexpected argument "${parsed.positionals[positionals]}"`);
  }
  return parsed;
}

/** `<subcommand> [options]`: the subcommand must be one of `actions`. */
export function subcommandOf<A extends string>(args: string[], actions: readonly A[]): [A, string[]] {
  const [action, ...rest] = args;
  if (action === undefined || action.startsWith('-')) {
    throw new UsageError(`a subcommand is required: ${actions.join(', ')}`);
  }
  if (!actions.includes(action as A)) throw new UsageError(`unknown subcommand "${action}"`);
  return [action as A, rest];
}

/** Where a command failed to reach: the database (its URL, the password left out) or the Kafka brokers. */
export interface CommandTargets {
  databaseUrl: string;
  brokers: readonly string[];
}

/** `user@host:port/database`, never the password or query parameters (they may hold secrets). */
export function databaseTarget(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    const user = url.username ? `${decodeURIComponent(url.username)}@` : '';
    return `database ${user}${url.host}${url.pathname}`;
  } catch {
    return 'database (DATABASE_URL unreadable)';
  }
}

/** SQLSTATEs (PostgreSQL Appendix A) that mean "not now": too many clients, starting up, shutting down. */
const TEMPORARY_SQLSTATES = new Set(['53300', '57P03', '57P01', '57P02']);
/** SQLSTATEs that mean "not with these settings": unknown database, authentication refused. */
const LASTING_SQLSTATES = new Set(['3D000', '28P01', '28000']);
/** Socket errors worth retrying later (the target may come back). */
const TEMPORARY_SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'EPIPE',
]);

type CodedError = Error & { code?: string; errors?: Error[]; originalError?: Error; cause?: unknown };

/** The message of an error, the first inner one when the outer has none (Node's AggregateError of a dual-stack connect). */
function messageOf(err: CodedError): string {
  if (err.message) return err.message;
  const inner = err.errors?.[0];
  return inner?.message || err.name;
}

/**
 * How an operator command's failure is reported: its exit code (see {@link EXIT}) and one line.
 * PostgreSQL errors are told by their SQLSTATE and Node socket codes, KafkaJS errors by their class
 * name (`KafkaJS…`; SASL authentication is lasting, every other broker failure temporary).
 */
export function describeCommandFailure(
  err: unknown,
  targets: CommandTargets,
): { exitCode: number; line: string } {
  if (err instanceof UsageError) return { exitCode: EXIT.usage, line: err.message };
  if (!(err instanceof Error)) return { exitCode: EXIT.failure, line: String(err) };
  const e = err as CodedError;
  if (e.name.startsWith('KafkaJS')) {
    const cause = e.originalError ?? (e.cause instanceof Error ? e.cause : undefined);
    const why = cause && cause.message !== e.message ? `${e.message}: ${cause.message}` : e.message;
    const lasting = e.name === 'KafkaJSSASLAuthenticationError';
    return {
      exitCode: lasting ? EXIT.unavailable : EXIT.tempfail,
      line: `Kafka brokers ${targets.brokers.join(',')} ${lasting ? 'refuse' : 'unavailable (retry later)'}: ${why}`,
    };
  }
  const database = databaseTarget(targets.databaseUrl);
  if (e.code && LASTING_SQLSTATES.has(e.code)) {
    return { exitCode: EXIT.unavailable, line: `${database} refuses: ${messageOf(e)} (SQLSTATE ${e.code})` };
  }
  if (e.code && TEMPORARY_SQLSTATES.has(e.code)) {
    return {
      exitCode: EXIT.tempfail,
      line: `${database} unavailable (retry later): ${messageOf(e)} (SQLSTATE ${e.code})`,
    };
  }
  if (e.code === 'ENOTFOUND') {
    return { exitCode: EXIT.unavailable, line: `${database} unknown host: ${messageOf(e)}` };
  }
  if ((e.code && TEMPORARY_SOCKET_CODES.has(e.code)) || /^Connection terminated/.test(e.message)) {
    return { exitCode: EXIT.tempfail, line: `${database} unavailable (retry later): ${messageOf(e)}` };
  }
  return { exitCode: EXIT.failure, line: messageOf(e) };
}

/** `--debug` anywhere among the arguments, or a non-empty `DEBUG`: print stacks too. */
export function debugRequested(args: readonly string[], env: NodeJS.ProcessEnv = process.env): boolean {
  return args.includes('--debug') || Boolean(env['DEBUG']);
}
