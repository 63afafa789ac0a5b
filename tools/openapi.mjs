// `npm run openapi`: builds, then writes each authority service's OpenAPI document to
// openapi/<service>.json (`main.js openapi`: the application assembled in Nest's preview mode, so
// neither PostgreSQL nor Kafka is reached; the placeholders below only satisfy the configuration).
// `--no-build` takes dist/ as it is; `--check` writes nothing and fails when a committed document differs from the code's.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const SERVICES = ['guangzhou-customs', 'hong-kong-customs', 'macau-customs'];

/** The document `main.js openapi` prints for one service of dist/. */
export function documentOf(service) {
  const env = {
    PATH: process.env.PATH,
    DATABASE_URL: 'postgres://openapi@127.0.0.1:1/unused',
    KAFKA_BROKERS: '127.0.0.1:1',
    SELECTION_KEY: 'openapi-export-placeholder',
    PII_KEY: 'openapi-export-placeholder-0123456789abcdef',
    LOG_LEVEL: 'silent',
    OTEL_SDK_DISABLED: 'true',
  };
  return execFileSync(process.execPath, [join(root, 'dist/services', service, 'src/main.js'), 'openapi'], {
    cwd: root,
    env,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes('--check');
  if (!process.argv.includes('--no-build')) {
    execFileSync(process.execPath, [join(root, 'tools/build.mjs')], { cwd: root, stdio: 'inherit' });
  }
  let drifted = 0;
  for (const service of SERVICES) {
    const file = join(root, 'openapi', `${service}.json`);
    const text = documentOf(service);
    if (check) {
      let committed = '';
      try {
        committed = readFileSync(file, 'utf8');
      } catch {
        // missing: drifted
      }
      if (committed !== text) {
        drifted += 1;
        process.stderr.write(`openapi/${service}.json differs from the code: run \`npm run openapi\`\n`);
      }
    } else {
      writeFileSync(file, text);
      process.stderr.write(`openapi/${service}.json written\n`);
    }
  }
  process.exit(drifted > 0 ? 1 : 0);
}
