// `npm run stack`: local Kafka and PostgreSQL, migrations, and the three services, until Ctrl-C.
import { execFileSync, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { SERVICE_NODE_ARGS, SERVICES, stackDefaults } from './services.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const say = (line) => process.stderr.write(`[stack] ${line}\n`);
const run = (cmd, args, env = process.env) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit', env });

if (!process.env.KAFKA_BROKERS || process.env.GBA_START_LOCAL_KAFKA === 'true') {
  run('bash', ['deploy/local/infra.sh', 'up']);
} else {
  say(`using Kafka at ${process.env.KAFKA_BROKERS}; starting only PostgreSQL`);
  run('bash', ['deploy/local/postgres.sh', 'up']);
}
run(process.execPath, ['tools/build.mjs']);

const shared = stackDefaults(process.env);
for (const [name, value] of Object.entries(shared))
  say(`${name} not set: using the development default "${value}"`);

const pgHost = process.env.PGHOST ?? '127.0.0.1';
const pgPort = process.env.PGPORT ?? '5432';
const pgUser = process.env.PGUSER ?? 'postgres';
const envOf = (service) => ({
  ...process.env,
  ...shared,
  PORT: String(service.port),
  DATABASE_URL:
    process.env[`${service.authority}_DATABASE_URL`] ??
    `postgres://${pgUser}@${pgHost}:${pgPort}/${service.database}`,
});
const entry = (service) => join(root, 'dist/services', service.name, 'src/main.js');

for (const service of SERVICES) run(process.execPath, [entry(service), 'migrate'], envOf(service));

const children = SERVICES.map((service) => {
  const child = spawn(process.execPath, [...SERVICE_NODE_ARGS, entry(service)], {
    cwd: root,
    env: envOf(service),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) =>
      process.stdout.write(`${service.authority} ${line}\n`),
    );
  }
  child.on('exit', (code, signal) => {
    say(`${service.name} exited (${signal ?? code})`);
    if (!stopping) stop(1);
  });
  return child;
});

say('services:');
for (const s of SERVICES)
  say(`  ${s.authority} ${s.name}: http://localhost:${s.port}/api/v1  docs http://localhost:${s.port}/docs`);
say('Ctrl-C stops them.');

let stopping = false;
function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  say('stopping the services');
  let left = children.filter((c) => c.exitCode === null && c.signalCode === null).length;
  if (left === 0) process.exit(code);
  for (const child of children) {
    child.once('exit', () => --left === 0 && process.exit(code));
    child.kill('SIGTERM');
  }
  setTimeout(() => {
    for (const child of children) child.kill('SIGKILL');
    process.exit(code || 1);
  }, 20000).unref();
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
