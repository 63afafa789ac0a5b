// Builds the whole workspace into dist/ with one incremental TypeScript program, then writes
// dist/node_modules/@gba/* so that the compiled code resolves the tsconfig path aliases at run
// time with plain Node resolution (no loader hooks, nothing to register before OpenTelemetry).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });

run(join(root, 'node_modules/.bin/buf'), ['generate']);
run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json']);

const { compilerOptions } = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8'));
for (const [alias, [target]] of Object.entries(compilerOptions.paths)) {
  const shimDir = join(root, 'dist/node_modules', alias);
  const compiled = join(root, 'dist', target.replace(/\.ts$/, '.js'));
  if (!existsSync(compiled)) continue;
  mkdirSync(shimDir, { recursive: true });
  writeFileSync(
    join(shimDir, 'index.js'),
    `module.exports = require(${JSON.stringify(relative(shimDir, compiled))});\n`,
  );
}

// The officer console (apps/officer-console, README "Officer console") into
// dist/apps/officer-console, which every service serves at /console.
run(process.execPath, [
  join(root, 'node_modules/vite/bin/vite.js'),
  'build',
  '--config',
  'apps/officer-console/vite.config.mts',
  '--logLevel',
  'warn',
]);
