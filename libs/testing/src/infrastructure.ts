import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';

/**
 * Where the tests of one run find PostgreSQL and Kafka, and the names that keep this run apart
 * from any other (its own databases, its own topic prefix). Written by the Jest global setup into
 * the environment, so that every worker and every child process started by a test sees it.
 */
export interface TestInfrastructure {
  /** Admin URL of the server (database `postgres`); tests derive their own databases from it. */
  databaseUrl: string;
  kafkaBrokers: string[];
  runId: string;
  topicPrefix: string;
}

const ENV_KEY = 'GBA_TEST_INFRASTRUCTURE';

export function testInfrastructure(): TestInfrastructure {
  const raw = process.env[ENV_KEY];
  if (!raw) {
    throw new Error(
      `${ENV_KEY} is not set: this test needs the Jest global setup of @gba/testing (globalSetup in its jest.config.js)`,
    );
  }
  return JSON.parse(raw) as TestInfrastructure;
}

/** A database URL on the test server for a database of this run, e.g. `testDatabaseUrl('gz')`. */
export function testDatabaseUrl(name: string, infra = testInfrastructure()): string {
  const url = new URL(infra.databaseUrl);
  url.pathname = `/${testDatabaseName(name, infra)}`;
  return url.toString();
}

export function testDatabaseName(name: string, infra = testInfrastructure()): string {
  return `gba_t${infra.runId}_${name}`.toLowerCase();
}

/** Creates (once) a database of this run; the global teardown drops every database of the run. */
export async function createTestDatabase(name: string, infra = testInfrastructure()): Promise<string> {
  const client = new Client({ connectionString: infra.databaseUrl });
  await client.connect();
  try {
    const db = testDatabaseName(name, infra);
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [db]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${db}"`);
  } finally {
    await client.end();
  }
  return testDatabaseUrl(name, infra);
}

type Discovered = Pick<TestInfrastructure, 'databaseUrl' | 'kafkaBrokers'> & { stop?: () => Promise<void> };

const HOW_TO_START = [
  'No test infrastructure found. Tests need a real PostgreSQL and a real Kafka broker. Either:',
  '  - start the local ones:  bash deploy/local/infra.sh up   (then run the tests again), or',
  '  - point the tests at yours: TEST_DATABASE_URL=postgres://user@host:5432/postgres TEST_KAFKA_BROKERS=host:9092, or',
  '  - run a container runtime (Docker/Podman) so that testcontainers can start them.',
].join('\n');

async function discover(): Promise<Discovered> {
  const dbUrl = process.env['TEST_DATABASE_URL'];
  const brokers = process.env['TEST_KAFKA_BROKERS'];
  if (dbUrl && brokers) return { databaseUrl: dbUrl, kafkaBrokers: brokers.split(',').map((b) => b.trim()) };
  if (dbUrl || brokers) {
    throw new Error('Set both TEST_DATABASE_URL and TEST_KAFKA_BROKERS, or neither.\n' + HOW_TO_START);
  }
  return startContainers();
}

async function startContainers(): Promise<Discovered> {
  const { getContainerRuntimeClient } = await import('testcontainers');
  try {
    await getContainerRuntimeClient();
  } catch {
    throw new Error(HOW_TO_START);
  }
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const { KafkaContainer } = await import('@testcontainers/kafka');
  const [pg, kafka] = await Promise.all([
    new PostgreSqlContainer('postgres:16-alpine').start(),
    new KafkaContainer('apache/kafka:4.1.1').withKraft().start(),
  ]);
  return {
    databaseUrl: pg.getConnectionUri().replace(/\/[^/]*$/, '/postgres'),
    kafkaBrokers: [`${kafka.getHost()}:${kafka.getMappedPort(9093)}`],
    stop: async () => {
      await Promise.all([pg.stop(), kafka.stop()]);
    },
  };
}

async function checkReachable(d: Discovered): Promise<void> {
  const client = new Client({ connectionString: d.databaseUrl, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (err) {
    throw new Error(
      `PostgreSQL at ${d.databaseUrl} does not answer (${(err as Error).message}).\n${HOW_TO_START}`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
  const admin = new Kafka({
    brokers: d.kafkaBrokers,
    logLevel: logLevel.NOTHING,
    retry: { retries: 2 },
  }).admin();
  try {
    await admin.connect();
    await admin.listTopics();
  } catch (err) {
    throw new Error(
      `Kafka at ${d.kafkaBrokers.join(',')} does not answer (${(err as Error).message}).\n${HOW_TO_START}`,
    );
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

let stopContainers: (() => Promise<void>) | undefined;

/** Jest global setup: find the infrastructure, give this run its id and prefix, publish it to workers. */
export async function setUpTestInfrastructure(): Promise<void> {
  if (process.env[ENV_KEY]) return; // an outer runner already did it
  const found = await discover();
  await checkReachable(found);
  stopContainers = found.stop;
  const runId = randomBytes(4).toString('hex');
  const infra: TestInfrastructure = {
    databaseUrl: found.databaseUrl,
    kafkaBrokers: found.kafkaBrokers,
    runId,
    topicPrefix: `t${runId}.`,
  };
  process.env[ENV_KEY] = JSON.stringify(infra);
}

/** Jest global teardown: drop this run's databases and topics, stop containers it started. */
export async function tearDownTestInfrastructure(): Promise<void> {
  const infra = testInfrastructure();
  const client = new Client({ connectionString: infra.databaseUrl });
  await client.connect();
  try {
    const dbs = await client.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE datname LIKE $1',
      [`gba_t${infra.runId}_%`],
    );
    for (const { datname } of dbs.rows)
      await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
  const admin = new Kafka({ brokers: infra.kafkaBrokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(infra.topicPrefix));
    if (topics.length > 0) await admin.deleteTopics({ topics });
  } finally {
    await admin.disconnect();
  }
  delete process.env[ENV_KEY];
  await stopContainers?.();
}
