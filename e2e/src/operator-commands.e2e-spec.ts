import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { testDatabaseName, testDatabaseUrl, testInfrastructure } from '@gba/testing';

const ROOT = join(__dirname, '../..');
const infra = testInfrastructure();
/** A port nothing listens on (the discard port), and a database no one created. */
const CLOSED = 'postgres://postgres@127.0.0.1:9/gba_closed';
const MISSING = testDatabaseUrl('operator_commands_missing', infra);

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(script: string, args: string[], env: Record<string, string> = {}): Promise<Outcome> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [join(ROOT, script), ...args], {
      cwd: ROOT,
      env: { ...process.env, DEBUG: '', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const command = (args: string[], env: Record<string, string>) =>
  run('tools/service-command.mjs', [...args, '--authority', 'GZ'], env);

/** No stack frame, no source excerpt: the lines an operator reads. */
function expectNoTrace(stderr: string): void {
  expect(stderr).not.toMatch(/^\s+at /m);
  expect(stderr).not.toContain('triggerUncaughtException');
}

/**
 * Operators' commands report a failure in one line with a sysexits code (libs/runtime/src/operator-command.ts):
 * 64 bad arguments (checked before anything is opened), 75 a database or broker unreachable for now,
 * 69 one that refuses for good; the stack only with --debug.
 */
describe('operator commands: failures are one line and a sysexits code', () => {
  it.each(['audit verify', 'notifications blocked', 'keys reseal', 'keys list', 'migrate', 'dlq list'])(
    '%s: database refusing connections → one line naming it, exit 75',
    async (line) => {
      const args = line.split(' ');
      const { code, stderr } = await command(args, { DATABASE_URL: CLOSED });
      expect(code).toBe(75);
      expect(stderr.trim().split('\n')).toEqual([
        `guangzhou-customs ${args[0]}: database postgres@127.0.0.1:9/gba_closed unavailable (retry later): connect ECONNREFUSED 127.0.0.1:9`,
      ]);
    },
  );

  it('a database that does not exist → exit 69 naming it, without the password', async () => {
    const url = new URL(MISSING);
    url.password = 'operator-secret';
    const { code, stderr } = await command(['audit', 'verify'], { DATABASE_URL: url.toString() });
    expect(code).toBe(69);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain(`${url.host}/${testDatabaseName('operator_commands_missing', infra)} refuses:`);
    expect(stderr).toContain('(SQLSTATE 3D000)');
    expect(stderr).not.toContain('operator-secret');
  });

  it('Kafka brokers refusing connections → dlq says so in one line, exit 75', async () => {
    const { code, stderr } = await command(['dlq', 'list'], {
      DATABASE_URL: infra.databaseUrl,
      KAFKA_BROKERS: '127.0.0.1:9',
    });
    expect(code).toBe(75);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(
      /^guangzhou-customs dlq: Kafka brokers 127\.0\.0\.1:9 unavailable \(retry later\): .*ECONNREFUSED/,
    );
  });

  it.each([
    [['migrate', '--bogus'], "Unknown option '--bogus'"],
    [['audit', 'verify', '--foo'], "Unknown option '--foo'"],
    [['audit'], 'a subcommand is required: verify'],
    [['keys', 'rotate'], 'unknown subcommand "rotate"'],
    [['keys', 'create'], '--platform <id>'],
    [['keys', 'list', '--platform', 'bad id!'], '--platform <id>'],
    [['notifications', 'blocked', '--platform'], "Option '--platform <value>' argument missing"],
    [['dlq', 'show', '--id', 'nope'], 'bad id "nope" (expected partition:offset'],
    [['dlq', 'replay', '--id', 'x:y'], 'bad id "x:y" (expected partition:offset'],
    [['dlq', 'replay'], 'replay needs --id or --all'],
  ])('%j → "%s" and the usage, exit 64, before the database is opened', async (args, problem) => {
    // The database is unreachable: a usage error must be found first.
    const { code, stderr } = await command(args, { DATABASE_URL: CLOSED });
    expect(code).toBe(64);
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain(problem);
    expect(lines[1]).toMatch(new RegExp(`^usage: ${args[0]}`));
    expectNoTrace(stderr);
  });

  it('a missing or unknown --authority is a usage error too', async () => {
    for (const args of [
      ['audit', 'verify'],
      ['audit', 'verify', '--authority', 'XX'],
    ]) {
      const { code, stderr } = await run('tools/service-command.mjs', args);
      expect(code).toBe(64);
      expect(stderr).toMatch(
        /^audit: (--authority is required|unknown authority "XX")\nusage: npm run audit/,
      );
    }
  });

  it('--debug adds the stack', async () => {
    const { code, stderr } = await command(['audit', 'verify', '--debug'], { DATABASE_URL: CLOSED });
    expect(code).toBe(75);
    expect(stderr).toMatch(/^\s+at /m);
  });

  it.each([
    [['--authority', 'GZ', '--ttl', 'abc'], 'bad --ttl "abc"'],
    [['--authority', 'GZ', '--ttl=-1h'], 'bad --ttl "-1h"'],
    [['--authority', 'GZ', '--ttl', '-1h'], "Option '--ttl' argument is ambiguous."],
    [['--foo'], "Unknown option '--foo'"],
    [[], '--authority is required'],
    [['--authority', 'GZ', '--roles', 'admin'], 'unknown role "admin"'],
  ])('officer-token %j → "%s" and the usage, exit 64', async (args, problem) => {
    const { code, stdout, stderr } = await run('tools/officer-token.mjs', args);
    expect(code).toBe(64);
    expect(stdout).toBe('');
    expectNoTrace(stderr);
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain(`officer-token: ${problem}`);
    expect(lines[1]).toMatch(/^usage: npm run officer-token/);
  });
});
