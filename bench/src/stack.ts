// The stack under test: either one already running (BENCH_BASE_URLS), or the benchmark's own:
// local PostgreSQL and Kafka (deploy/local), fresh databases gba_bench_*, fresh topics, and the
// three built services as separate processes on ports 3101–3103. The chaos suite (chaos/) starts
// the same stack on its own ports, databases and broker, and kills and restarts its services.
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { eventsTopic, deadLetterTopic, consumerGroupId } from '@gba/messaging';
import { Kafka, logLevel } from 'kafkajs';
import type { AuthorityCode } from './declarations';
import { pidListeningOn } from './procfs';

export const ROOT = join(__dirname, '../../..');
const AUTHORITIES: AuthorityCode[] = ['GZ', 'HK', 'MO'];
const SERVICES: Record<AuthorityCode, { name: string; port: number; database: string }> = {
  GZ: { name: 'guangzhou-customs', port: 3101, database: 'gba_bench_gz' },
  HK: { name: 'hong-kong-customs', port: 3102, database: 'gba_bench_hk' },
  MO: { name: 'macau-customs', port: 3103, database: 'gba_bench_mo' },
};
const BENCH_PLATFORM = 'bench-shop';
const BENCH_KEY = 'bench-shop-key-0123456789abcdef';
/** The development platform key of tools/services.mjs, for a stack started by `npm run stack`. */
const DEVELOPMENT_KEY = 'demo-shop-key-0123456789';

export interface Service {
  authority: AuthorityCode;
  baseUrl: string;
  /** the service's process, when known (own stack, or found listening on the port) */
  pid?: number;
}

export interface Stack {
  kind: 'own' | 'external';
  services: Record<AuthorityCode, Service>;
  kafkaBrokers: string[];
  topicPrefix: string;
  apiKey: string;
  randomSelection: 'off' | 'unknown';
  /** the services' databases, to tell their PostgreSQL backends from other users of the cluster */
  databases: string[];
  /** lines the services wrote (LOG_LEVEL=warn: warnings and errors), per authority */
  logLines: Record<AuthorityCode, number>;
  /** whether a service exited before the end */
  exited(): AuthorityCode[];
  stop(): Promise<void>;
}

/** The benchmark's (or the chaos suite's) own stack, whose services it can kill and start again. */
export interface OwnStack extends Stack {
  kind: 'own';
  /** Sends `signal` to one service and waits until its process has ended. */
  kill(authority: AuthorityCode, signal: NodeJS.Signals): Promise<void>;
  /** Starts one ended service again and waits until it answers /health/ready with 200. */
  restart(authority: AuthorityCode): Promise<void>;
}

/** Where the own stack runs; the defaults are the benchmark's. */
export interface OwnStackOptions {
  /** prefix of its log lines on stderr */
  label?: string;
  /** HTTP port of each service (3101–3103) */
  ports?: Record<AuthorityCode, number>;
  /** database of each service, dropped and created afresh (gba_bench_*) */
  databases?: Record<AuthorityCode, string>;
  /** a broker the caller runs; without it, deploy/local's broker (started if needed, stopped if so) */
  kafkaBrokers?: string[];
}

function brokersFromEnv(): string[] {
  return (process.env['BENCH_KAFKA_BROKERS'] ?? process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092')
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
}

/** A stack somebody else runs: BENCH_BASE_URLS=GZ,HK,MO base URLs. */
export function externalStack(urls: string): Stack {
  const list = urls.split(',').map((u) => u.trim().replace(/\/+$/, ''));
  if (list.length !== 3 || list.some((u) => !/^https?:\/\//.test(u)))
    throw new Error('BENCH_BASE_URLS must be three http(s) base URLs: GZ,HK,MO');
  const services = {} as Record<AuthorityCode, Service>;
  AUTHORITIES.forEach((authority, i) => {
    const url = new URL(list[i]);
    const local = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
    const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
    services[authority] = { authority, baseUrl: list[i], pid: local ? pidListeningOn(port) : undefined };
  });
  return {
    kind: 'external',
    services,
    kafkaBrokers: brokersFromEnv(),
    topicPrefix: process.env['BENCH_TOPIC_PREFIX'] ?? process.env['KAFKA_TOPIC_PREFIX'] ?? '',
    apiKey: process.env['BENCH_API_KEY'] ?? DEVELOPMENT_KEY,
    randomSelection: 'unknown',
    databases: (process.env['BENCH_DATABASES'] ?? 'gba_gz,gba_hk,gba_mo').split(',').map((d) => d.trim()),
    logLines: { GZ: 0, HK: 0, MO: 0 },
    exited: () => [],
    stop: async () => undefined,
  };
}

async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '0.0.0.0', () => server.close(() => resolve(true)));
  });
}

const pg = {
  host: process.env['PGHOST'] ?? '127.0.0.1',
  port: process.env['PGPORT'] ?? '5432',
  user: process.env['PGUSER'] ?? 'postgres',
};

function psql(sql: string): void {
  execFileSync(
    'psql',
    ['-h', pg.host, '-p', pg.port, '-U', pg.user, '-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '-qc', sql],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
}

/** A fresh, empty database `name` on the benchmark's PostgreSQL (dropped first if it exists); its URL. */
export function scratchDatabase(name: string): string {
  psql(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  psql(`CREATE DATABASE "${name}"`);
  return `postgres://${pg.user}@${pg.host}:${pg.port}/${name}`;
}

export function dropDatabase(name: string): void {
  psql(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}

/** Starts the benchmark's own stack and returns once every service answers /health/ready with 200. */
export async function ownStack(options: OwnStackOptions = {}): Promise<OwnStack> {
  const label = options.label ?? 'bench';
  const say = (line: string) => process.stderr.write(`[${label}] ${line}\n`);
  const portOf = (a: AuthorityCode) => options.ports?.[a] ?? SERVICES[a].port;
  const databaseOf = (a: AuthorityCode) => options.databases?.[a] ?? SERVICES[a].database;
  for (const authority of AUTHORITIES) {
    const entry = entryOf(authority);
    if (!existsSync(entry)) throw new Error(`${entry} is missing: build first (node tools/build.mjs)`);
  }
  for (const authority of AUTHORITIES) {
    const port = portOf(authority);
    if (!(await portIsFree(port)))
      throw new Error(`port ${port} (${authority}) is in use: is another ${label} run going on?`);
  }

  const kafkaWasRunning =
    options.kafkaBrokers !== undefined ||
    spawnSync('bash', ['deploy/local/kafka.sh', 'status'], { cwd: ROOT, stdio: 'ignore' }).status === 0;
  const infra = options.kafkaBrokers ? 'postgres.sh' : 'infra.sh';
  say(`local infrastructure: bash deploy/local/${infra} up`);
  execFileSync('bash', [`deploy/local/${infra}`, 'up'], { cwd: ROOT, stdio: ['ignore', 2, 2] });

  const runId = randomBytes(3).toString('hex');
  const topicPrefix = `${label}${runId}.`;
  const kafkaBrokers = options.kafkaBrokers ?? brokersFromEnv();
  // The development defaults of `npm run stack` for whatever the environment and the benchmark do
  // not set, so that a variable a service starts to require does not break the benchmark.
  const { DEVELOPMENT_DEFAULTS, SERVICE_NODE_ARGS } = (await import(
    pathToFileURL(join(ROOT, 'tools/services.mjs')).href
  )) as {
    DEVELOPMENT_DEFAULTS: Record<string, string>;
    SERVICE_NODE_ARGS: readonly string[];
  };
  const envOf = (authority: AuthorityCode): NodeJS.ProcessEnv => {
    const env: NodeJS.ProcessEnv = {
      ...DEVELOPMENT_DEFAULTS,
      ...process.env,
      PORT: String(portOf(authority)),
      DATABASE_URL: `postgres://${pg.user}@${pg.host}:${pg.port}/${databaseOf(authority)}`,
      KAFKA_BROKERS: kafkaBrokers.join(','),
      KAFKA_TOPIC_PREFIX: topicPrefix,
      PLATFORM_API_KEYS: `${BENCH_PLATFORM}=${BENCH_KEY}`,
      SELECTION_KEY: 'bench-selection-key-0123456789',
      RANDOM_SELECTION: 'off',
      LOG_LEVEL: 'warn',
      // One bench platform offers the load of many: the per-platform rate limit (a product feature,
      // not what is measured here) is raised unless the caller sets it.
      RATE_LIMIT_PER_SECOND: process.env['RATE_LIMIT_PER_SECOND'] ?? '100000',
      RATE_LIMIT_BURST: process.env['RATE_LIMIT_BURST'] ?? '100000',
    };
    delete env['KAFKA_CLIENT_ID'];
    return env;
  };

  for (const authority of AUTHORITIES) {
    const { name } = SERVICES[authority];
    const database = databaseOf(authority);
    psql(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    psql(`CREATE DATABASE "${database}"`);
    execFileSync(process.execPath, [entryOf(authority), 'migrate'], {
      cwd: ROOT,
      env: envOf(authority),
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    say(`${name}: fresh database ${database}, migrated`);
  }

  const children = new Map<AuthorityCode, ChildProcess>();
  const logLines: Record<AuthorityCode, number> = { GZ: 0, HK: 0, MO: 0 };
  const tails: Record<AuthorityCode, string[]> = { GZ: [], HK: [], MO: [] };
  const exited = new Set<AuthorityCode>();
  let stopping = false;
  /** Services ended on purpose (kill), not reported as unexpected exits. */
  const killed = new Set<AuthorityCode>();
  const launch = (authority: AuthorityCode) => {
    // BENCH_SERVICE_NODE_ARGS: Node flags for the services only, e.g. `--cpu-prof --cpu-prof-dir=prof`
    // (flags NODE_OPTIONS refuses), to profile them under the benchmark's load.
    const nodeArgs = (process.env['BENCH_SERVICE_NODE_ARGS'] ?? '').split(' ').filter(Boolean);
    const child = spawn(process.execPath, [...SERVICE_NODE_ARGS, ...nodeArgs, entryOf(authority)], {
      cwd: ROOT,
      env: envOf(authority),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.set(authority, child);
    exited.delete(authority);
    for (const stream of [child.stdout!, child.stderr!]) {
      createInterface({ input: stream }).on('line', (line) => {
        logLines[authority]++;
        tails[authority].push(line);
        if (tails[authority].length > 50) tails[authority].shift();
        // Warnings matter in a benchmark, but a flood of them must not drown the report.
        if (logLines[authority] <= 10) process.stderr.write(`[${authority}] ${line.slice(0, 400)}\n`);
        else if (logLines[authority] === 11)
          process.stderr.write(`[${authority}] … further log lines are counted, not shown\n`);
      });
    }
    child.once('exit', (code, signal) => {
      exited.add(authority);
      if (!stopping && !killed.has(authority))
        say(`${SERVICES[authority].name} exited unexpectedly (${signal ?? code})`);
    });
    return child;
  };
  for (const authority of AUTHORITIES) launch(authority);

  const services = {} as Record<AuthorityCode, Service>;
  for (const authority of AUTHORITIES) {
    services[authority] = {
      authority,
      baseUrl: `http://127.0.0.1:${portOf(authority)}`,
      pid: children.get(authority)!.pid,
    };
  }

  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await Promise.all(
      [...children].map(async ([authority, child]) => {
        if (exited.has(authority)) return;
        const gone = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
        await gone;
        clearTimeout(timer);
      }),
    );
    await removeTopics(kafkaBrokers, topicPrefix).catch((err: Error) =>
      say(`could not remove the topics ${topicPrefix}*: ${err.message}`),
    );
    if (!kafkaWasRunning) {
      say('stopping the Kafka broker this benchmark started');
      spawnSync('bash', ['deploy/local/kafka.sh', 'down'], { cwd: ROOT, stdio: ['ignore', 2, 2] });
    }
  };

  const kill = async (authority: AuthorityCode, signal: NodeJS.Signals) => {
    const child = children.get(authority)!;
    if (exited.has(authority)) return;
    killed.add(authority);
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await gone;
  };
  const restart = async (authority: AuthorityCode) => {
    if (stopping) throw new Error(`the stack is stopping: ${authority} stays down`);
    if (!exited.has(authority)) throw new Error(`${authority} is still running`);
    killed.delete(authority);
    services[authority].pid = launch(authority).pid;
    await waitUntilReady(authority, services[authority].baseUrl, exited, tails);
  };

  try {
    await Promise.all(AUTHORITIES.map((a) => waitUntilReady(a, services[a].baseUrl, exited, tails)));
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    kind: 'own',
    services,
    kafkaBrokers,
    topicPrefix,
    apiKey: BENCH_KEY,
    randomSelection: 'off',
    databases: AUTHORITIES.map(databaseOf),
    logLines,
    exited: () => [...exited],
    stop,
    kill,
    restart,
  };
}

function entryOf(authority: AuthorityCode): string {
  return join(ROOT, 'dist/services', SERVICES[authority].name, 'src/main.js');
}

async function waitUntilReady(
  authority: AuthorityCode,
  baseUrl: string,
  exited: Set<AuthorityCode>,
  tails: Record<AuthorityCode, string[]>,
  timeoutMs = 90_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (exited.has(authority))
      throw new Error(`${authority} exited during start-up:\n${tails[authority].join('\n')}`);
    try {
      const res = await fetch(`${baseUrl}/health/ready`);
      if (res.status === 200) return;
      last = `${res.status} ${await res.text()}`;
    } catch (err) {
      last = String(err);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${authority} not ready after ${timeoutMs} ms: ${last}\n${tails[authority].join('\n')}`);
}

/** The run's topics and consumer groups go when the run ends; the databases stay until the next run. */
async function removeTopics(brokers: string[], prefix: string): Promise<void> {
  const admin = new Kafka({ clientId: 'gba-clearance-bench', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const topics = AUTHORITIES.flatMap((a) => [eventsTopic(a, prefix), deadLetterTopic(a, prefix)]).filter(
      (t) => existing.has(t),
    );
    const { groups } = await admin.listGroups();
    const ours = groups
      .map((g) => g.groupId)
      .filter((g) => g.startsWith(prefix) || AUTHORITIES.some((a) => g === consumerGroupId(a, prefix)));
    if (ours.length) await admin.deleteGroups(ours).catch(() => undefined);
    if (topics.length) await admin.deleteTopics({ topics, timeout: 10_000 });
  } finally {
    await admin.disconnect();
  }
}
