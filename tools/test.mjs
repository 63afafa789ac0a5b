// `npm test`: lint and every test (unit, integration, end-to-end) against a real PostgreSQL and a
// real Kafka. Infrastructure, in this order: TEST_DATABASE_URL/TEST_KAFKA_BROKERS if set; else a
// container runtime, for testcontainers; else the local scripts of deploy/local (JDK + Maven),
// started here and stopped again afterwards if this run started them.
import { execFileSync, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' };
const say = (line) => process.stderr.write(`[test] ${line}\n`);
const quiet = (cmd, args) => spawnSync(cmd, args, { cwd: root, stdio: 'ignore' }).status === 0;

function containerRuntimeAnswers() {
  return quiet('docker', ['info']) || quiet('podman', ['info']);
}

let startedKafka = false;
if (!(env.TEST_DATABASE_URL && env.TEST_KAFKA_BROKERS) && !containerRuntimeAnswers()) {
  if (quiet('java', ['-version']) && quiet('mvn', ['-v'])) {
    startedKafka = !quiet('bash', ['deploy/local/kafka.sh', 'status']);
    say('no TEST_* variables and no container runtime: using the local infrastructure (deploy/local)');
    execFileSync('bash', ['deploy/local/infra.sh', 'up'], { cwd: root, stdio: 'inherit' });
    env.TEST_DATABASE_URL = `postgres://${env.PGUSER ?? 'postgres'}@${env.PGHOST ?? '127.0.0.1'}:${env.PGPORT ?? '5432'}/postgres`;
    env.TEST_KAFKA_BROKERS = `127.0.0.1:${env.KAFKA_PORT ?? '9092'}`;
  }
  // Otherwise the global setup of @gba/testing fails loudly and says how to provide them.
}

const nx = join(root, 'node_modules/.bin/nx');
const steps = [
  ['run-many', '-t', 'lint', 'test', '--exclude', 'e2e', '--output-style=stream'],
  ['run', 'e2e:test', '--output-style=stream'],
];
let status = 0;
for (const args of steps) {
  status = spawnSync(nx, args, { cwd: root, stdio: 'inherit', env }).status ?? 1;
  if (status !== 0) break;
}
if (startedKafka) execFileSync('bash', ['deploy/local/kafka.sh', 'down'], { cwd: root, stdio: 'inherit' });
process.exit(status);
