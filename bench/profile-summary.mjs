#!/usr/bin/env node
// Sums the self time of V8 CPU profiles (`.cpuprofile`, as written by `node --cpu-prof`, e.g. through
// BENCH_SERVICE_NODE_ARGS) by package, by file and by function, the profiles of several processes
// together. Idle time is left out, and so are samples under module loading (a service's start-up),
// so the shares are those of the work under load.
//
//   node bench/profile-summary.mjs prof/*.cpuprofile [--top 40]
//
// The profiler samples wall-clock time on the JavaScript thread: on a loaded machine a process that
// is descheduled inside a system call (writev to PostgreSQL, say) has that wait counted there, so a
// syscall's share overstates its CPU. `(garbage collector)` counts the main thread's GC work only.
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const topAt = args.indexOf('--top');
const top = topAt >= 0 ? Number(args[topAt + 1]) : 30;
const files = args.filter((a, i) => a !== '--top' && i !== topAt + 1);
if (files.length === 0) {
  process.stderr.write('usage: node bench/profile-summary.mjs <file.cpuprofile>... [--top N]\n');
  process.exit(2);
}

const byPackage = new Map();
const byFile = new Map();
const byFunction = new Map();
let total = 0;
let loading = 0;
const add = (map, key, us) => map.set(key, (map.get(key) ?? 0) + us);

for (const file of files) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const self = new Map();
  profile.samples.forEach((id, i) => add(self, id, profile.timeDeltas[i] ?? 0));
  for (const [id, us] of self) {
    const { functionName, url, lineNumber } = nodes.get(id).callFrame;
    if (functionName === '(idle)') continue;
    let underLoader = false;
    for (let up = id; up !== undefined && !underLoader; up = parent.get(up)) {
      underLoader = nodes.get(up).callFrame.url.startsWith('node:internal/modules/');
    }
    if (underLoader) {
      loading += us;
      continue;
    }
    total += us;
    const path = url.replace(/^file:\/\//, '').replace(`${process.cwd()}/`, '');
    const pkg =
      /node_modules\/((@[^/]+\/)?[^/]+)/.exec(path)?.[1] ??
      (path.startsWith('node:')
        ? 'node (core)'
        : path
          ? path.split('/').slice(0, 3).join('/')
          : functionName);
    add(byPackage, pkg, us);
    add(byFile, path || functionName, us);
    add(byFunction, `${functionName || '(anonymous)'} ${path}:${lineNumber + 1}`, us);
  }
}

const ms = (us) => `${(us / 1000).toFixed(0).padStart(7)} ms`;
const pct = (us) => `${((100 * us) / total).toFixed(1).padStart(5)} %`;
process.stdout.write(
  `${files.length} profile(s): ${ms(total).trim()} of work, ${ms(loading).trim()} of module loading left out\n`,
);
for (const [title, map] of [
  ['package', byPackage],
  ['file', byFile],
  ['function', byFunction],
]) {
  process.stdout.write(`\nself time by ${title}\n`);
  for (const [key, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    process.stdout.write(`${ms(us)} ${pct(us)}  ${key}\n`);
  }
}
