// `npm run migrate -- …`, `npm run keys -- …`, `npm run audit -- …`, `npm run dlq -- …` and
// `npm run notifications -- …`: an operator's command against one authority's database (and, for
// dlq, its Kafka topics), e.g. `npm run dlq -- list --authority GZ`, `npm run keys -- reseal --authority HK`.
// DATABASE_URL wins; otherwise the local database of that authority. Builds first when dist/ is missing.
// This script takes --authority out and hands the rest to the service's `main.js <command>`, which
// checks them and reports every failure on one line with a sysexits code (64 usage, 69 unavailable,
// 75 retry later, 78 configuration: libs/runtime/src/operator-command.ts); `--debug` or DEBUG adds stacks.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEVELOPMENT_DEFAULTS, SERVICES } from './services.mjs';

const EX_USAGE = 64;
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [command, ...rest] = process.argv.slice(2);
// Not strict: the command's own options are the service's to check; only --authority is read here.
const { values, tokens } = parseArgs({
  args: rest,
  options: { authority: { type: 'string' } },
  strict: false,
  allowPositionals: true,
  tokens: true,
});
const authority = typeof values.authority === 'string' ? values.authority.toUpperCase() : undefined;
const service = SERVICES.find((s) => s.authority === authority);
if (!service) {
  process.stderr.write(
    `${command}: ${authority ? `unknown authority "${authority}"` : '--authority is required'}\n` +
      `usage: npm run ${command} -- <arguments> --authority GZ|HK|MO [--debug]\n`,
  );
  process.exit(EX_USAGE);
}
const authorityArgs = new Set(
  tokens
    .filter((t) => t.kind === 'option' && t.name === 'authority')
    .flatMap((t) => (t.inlineValue ? [t.index] : [t.index, t.index + 1])),
);
const args = rest.filter((_, i) => !authorityArgs.has(i));
const entry = join(root, 'dist/services', service.name, 'src/main.js');
if (!existsSync(entry))
  execFileSync(process.execPath, [join(root, 'tools/build.mjs')], { cwd: root, stdio: 'inherit' });
const env = { ...DEVELOPMENT_DEFAULTS, ...process.env };
env.DATABASE_URL ??= `postgres://${env.PGUSER ?? 'postgres'}@${env.PGHOST ?? '127.0.0.1'}:${env.PGPORT ?? '5432'}/${service.database}`;
const result = spawnSync(process.execPath, [entry, command, ...args], { cwd: root, stdio: 'inherit', env });
process.exit(result.status ?? 1);
