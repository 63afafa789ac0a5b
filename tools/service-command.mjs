// `npm run migrate -- …`, `npm run keys -- …`, `npm run audit -- …`, `npm run dlq -- …` and
// `npm run notifications -- …`: an operator's command against one authority's database (and, for
// dlq, its Kafka topics), e.g. `npm run dlq -- list --authority GZ`, `npm run keys -- reseal --authority HK`.
// DATABASE_URL wins; otherwise the local database of that authority. Builds first when dist/ is missing.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEVELOPMENT_DEFAULTS, SERVICES } from './services.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [command, ...rest] = process.argv.slice(2);
const at = rest.indexOf('--authority');
const authority = at >= 0 ? rest[at + 1]?.toUpperCase() : undefined;
const service = SERVICES.find((s) => s.authority === authority);
if (!service) {
  process.stderr.write(`usage: npm run ${command} -- <arguments> --authority GZ|HK|MO\n`);
  process.exit(2);
}
const args = rest.filter((_, i) => i !== at && i !== at + 1);
const entry = join(root, 'dist/services', service.name, 'src/main.js');
if (!existsSync(entry)) execFileSync(process.execPath, [join(root, 'tools/build.mjs')], { cwd: root, stdio: 'inherit' });
const env = { ...DEVELOPMENT_DEFAULTS, ...process.env };
env.DATABASE_URL ??= `postgres://${env.PGUSER ?? 'postgres'}@${env.PGHOST ?? '127.0.0.1'}:${env.PGPORT ?? '5432'}/${service.database}`;
const result = spawnSync(process.execPath, [entry, command, ...args], { cwd: root, stdio: 'inherit', env });
process.exit(result.status ?? 1);
