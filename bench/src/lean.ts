// The PostgreSQL limit the product is compared with: how many lean declaration-like transactions a
// second this cluster commits. One transaction inserts a declaration row (the JSON document of a
// real sample declaration), its two participant rows, a history row, an outbox row (a 700-byte
// payload) and an inbox row, and commits once. Run by pgbench with a custom script when pgbench is
// installed, else by a loop of `pg` clients in this process. See bench/README.md.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { declaration } from './declarations';
import { parsePgbench, round } from './stats';

export interface LeanOptions {
  /** the scratch database, which must exist; its lean tables are (re)created */
  databaseUrl: string;
  seconds: number;
  clients: number;
  /** `auto`: pgbench when it is on the PATH, else the pg loop */
  tool: 'auto' | 'pgbench' | 'pg';
}

export interface LeanResult {
  tool: 'pgbench' | 'pg';
  clients: number;
  seconds: number;
  /** transactions committed */
  commits: number;
  failed: number;
  /** commits per second (pgbench: without the initial connection time) */
  commitsPerS: number;
  latencyAverageMs?: number;
}

const SCHEMA = `
DROP TABLE IF EXISTS participant, history, outbox, inbox, declaration;
CREATE TABLE declaration (
  id uuid PRIMARY KEY, platform text NOT NULL, platform_ref text NOT NULL, status text NOT NULL,
  document jsonb NOT NULL, filed_at timestamptz NOT NULL DEFAULT now(), UNIQUE (platform, platform_ref));
CREATE TABLE participant (
  declaration_id uuid NOT NULL REFERENCES declaration, authority text NOT NULL, role text NOT NULL,
  status text NOT NULL, lane text, PRIMARY KEY (declaration_id, authority));
CREATE TABLE history (
  id bigserial PRIMARY KEY, declaration_id uuid NOT NULL, authority text NOT NULL, type text NOT NULL,
  at timestamptz NOT NULL DEFAULT now(), data jsonb NOT NULL);
CREATE INDEX ON history (declaration_id);
CREATE TABLE outbox (
  id bigserial PRIMARY KEY, event_id uuid NOT NULL UNIQUE, topic text NOT NULL, message_key text NOT NULL,
  payload bytea NOT NULL, created_at timestamptz NOT NULL DEFAULT now(), published_at timestamptz);
CREATE INDEX ON outbox (id) WHERE published_at IS NULL;
CREATE TABLE inbox (
  event_id uuid PRIMARY KEY, source_topic text NOT NULL, declaration_id text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now());
`;

const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;

/**
 * The transaction's statements, with `$1` standing for a random 63-bit number that makes the
 * declaration (its id, reference and the events' ids) unique: one INSERT per table, one COMMIT.
 */
export function leanStatements(): string[] {
  const document = literal(
    // indented: no ':' directly before a name, which pgbench would take for a variable
    JSON.stringify(declaration({ origin: 'HK', destination: 'CN' }, 1, 'lean'), null, 1),
  );
  const id = `md5($1::text)::uuid`;
  return [
    `INSERT INTO declaration (id, platform, platform_ref, status, document) VALUES (${id}, 'lean', 'LEAN-' || $1::text, 'IN_PROGRESS', ${document}::jsonb)`,
    `INSERT INTO participant (declaration_id, authority, role, status, lane) VALUES (${id}, 'HK', 'EXPORT', 'RELEASED', 'GREEN'), (${id}, 'GZ', 'IMPORT', 'RELEASED', 'GREEN')`,
    `INSERT INTO history (declaration_id, authority, type, data) VALUES (${id}, 'GZ', 'clearanceDecided', '{"decision":"RELEASED","reasons":[]}')`,
    `INSERT INTO outbox (event_id, topic, message_key, payload) VALUES (gen_random_uuid(), 'gba.gz.events.v1', $1::text, convert_to(repeat('x', 700), 'UTF8'))`,
    `INSERT INTO inbox (event_id, source_topic, declaration_id) VALUES (gen_random_uuid(), 'gba.hk.events.v1', $1::text)`,
  ];
}

/** The pgbench script of the transaction: a random number, BEGIN, the inserts, COMMIT. */
export function pgbenchScript(): string {
  return [
    '\\set n random(1, 9223372036854775806)',
    'BEGIN;',
    ...leanStatements().map((s) => `${s.replace(/\$1/g, ':n')};`),
    'COMMIT;',
    '',
  ].join('\n');
}

const run = promisify(execFile);

async function pgbenchAvailable(): Promise<boolean> {
  try {
    await run('pgbench', ['--version']);
    return true;
  } catch {
    return false;
  }
}

async function createSchema(databaseUrl: string): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(SCHEMA);
  } finally {
    await client.end();
  }
}

/** Measures the lean transaction for `seconds` with `clients` connections on a fresh set of lean tables. */
export async function leanTransactionLimit(opts: LeanOptions): Promise<LeanResult> {
  const tool = opts.tool === 'auto' ? ((await pgbenchAvailable()) ? 'pgbench' : 'pg') : opts.tool;
  await createSchema(opts.databaseUrl);
  return tool === 'pgbench' ? viaPgbench(opts) : viaPgLoop(opts);
}

async function viaPgbench(opts: LeanOptions): Promise<LeanResult> {
  const dir = mkdtempSync(join(tmpdir(), 'gba-lean-'));
  try {
    const script = join(dir, 'lean.sql');
    writeFileSync(script, pgbenchScript());
    const threads = Math.max(1, Math.min(opts.clients, 2));
    const { stdout } = await run(
      'pgbench',
      [
        '-n',
        '-M',
        'prepared',
        '-c',
        String(opts.clients),
        '-j',
        String(threads),
        '-T',
        String(opts.seconds),
        '-f',
        script,
        opts.databaseUrl,
      ],
      { maxBuffer: 4 * 1024 * 1024 },
    );
    const report = parsePgbench(stdout);
    return {
      tool: 'pgbench',
      clients: opts.clients,
      seconds: opts.seconds,
      commits: report.processed,
      failed: report.failed,
      commitsPerS: round(report.tps, 1),
      latencyAverageMs: report.latencyMs,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The same transaction from `clients` pg connections in this process, each a named prepared statement per insert. */
async function viaPgLoop(opts: LeanOptions): Promise<LeanResult> {
  const statements = leanStatements().map((text, i) => ({ name: `lean_${i}`, text }));
  const clients = await Promise.all(
    Array.from({ length: opts.clients }, async () => {
      const c = new Client({ connectionString: opts.databaseUrl });
      await c.connect();
      return c;
    }),
  );
  let commits = 0;
  let failed = 0;
  let latencyTotal = 0;
  const start = performance.now();
  const deadline = start + opts.seconds * 1000;
  try {
    await Promise.all(
      clients.map(async (c) => {
        while (performance.now() < deadline) {
          const n =
            BigInt(Math.floor(Math.random() * 2 ** 53)) * 1024n + BigInt(Math.floor(Math.random() * 1024));
          const t = performance.now();
          try {
            await c.query('BEGIN');
            for (const s of statements) await c.query({ ...s, values: [n.toString()] });
            await c.query('COMMIT');
            commits++;
            latencyTotal += performance.now() - t;
          } catch {
            failed++;
            await c.query('ROLLBACK').catch(() => undefined);
          }
        }
      }),
    );
  } finally {
    await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
  }
  const elapsedS = (performance.now() - start) / 1000;
  return {
    tool: 'pg',
    clients: opts.clients,
    seconds: opts.seconds,
    commits,
    failed,
    commitsPerS: round(commits / elapsedS, 1),
    latencyAverageMs: commits ? round(latencyTotal / commits, 3) : undefined,
  };
}
