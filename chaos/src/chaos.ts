// The chaos suite: an isolated stack (own broker, databases and ports), a platform-like client that
// files declarations at a steady rate with retries, one fault per scenario in the middle of the
// load, then every acknowledged declaration reconciled in every participant's database and the
// dead-letter topics counted. See "Chaos suite" in README.md.
//
//   node dist/chaos/src/chaos.js [--short] [--scenario name]… [--declarations N] [--rate R]
//        [--drain-timeout S] [--out chaos-results/<file>.json]
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ChaosBroker, sleep } from './broker';
import { fileAtRate, type LoadResult } from './client';
import { type Fault, type FaultContext, FAULTS, SHORT_SCENARIOS } from './faults';
import {
  type AuditResult,
  duplicatedFilings,
  Ledger,
  type Reconciliation,
  verifyAuditChains,
} from './reconcile';
import { type AuthorityCode, ownStack, type OwnStack, ROOT, round } from './shared';

const AUTHORITIES: AuthorityCode[] = ['GZ', 'HK', 'MO'];
const PORTS: Record<AuthorityCode, number> = { GZ: 3201, HK: 3202, MO: 3203 };
const DATABASES: Record<AuthorityCode, string> = {
  GZ: 'gba_chaos_gz',
  HK: 'gba_chaos_hk',
  MO: 'gba_chaos_mo',
};
const PG = {
  host: process.env['PGHOST'] ?? '127.0.0.1',
  port: process.env['PGPORT'] ?? '5432',
  user: process.env['PGUSER'] ?? 'postgres',
};
const databaseUrl = (database: string) => `postgres://${PG.user}@${PG.host}:${PG.port}/${database}`;
/** When in the planned load the fault starts. */
const FAULT_AT = 0.4;
const POLL_MS = 2_000;
/** Draining gives up early when neither the final declarations nor the outboxes moved for this long. */
const NO_PROGRESS_MS = 60_000;

const say = (line: string) => process.stderr.write(`[chaos] ${line}\n`);

interface Options {
  scenarios: Fault[];
  declarations: number;
  rate: number;
  drainTimeoutS: number;
  short: boolean;
  out: string;
}

function options(): Options {
  const { values } = parseArgs({
    options: {
      short: { type: 'boolean', default: false },
      scenario: { type: 'string', multiple: true },
      declarations: { type: 'string' },
      rate: { type: 'string' },
      'drain-timeout': { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  const names = FAULTS.map((f) => f.name);
  if (values.help) {
    process.stdout.write(
      'usage: npm run chaos -- [--short] [--scenario name]… [--declarations N] [--rate R]\n' +
        '         [--drain-timeout S] [--out chaos-results/<file>.json]\n' +
        `scenarios: ${names.join(', ')} (short: ${SHORT_SCENARIOS.join(', ')})\n`,
    );
    process.exit(0);
  }
  const int = (name: string, raw: string | undefined, fallback: number, min: number, max: number) => {
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min || n > max) {
      process.stderr.write(`--${name} must be a number from ${min} to ${max}, got "${raw}"\n`);
      process.exit(2);
    }
    return n;
  };
  const chosen = values.scenario ?? (values.short ? SHORT_SCENARIOS : names);
  const unknown = chosen.filter((n) => !names.includes(n));
  if (unknown.length) {
    process.stderr.write(`unknown scenario ${unknown.join(', ')}; known: ${names.join(', ')}\n`);
    process.exit(2);
  }
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  return {
    scenarios: chosen.map((n) => FAULTS.find((f) => f.name === n) as Fault),
    declarations: Math.round(int('declarations', values.declarations, values.short ? 240 : 1500, 1, 100_000)),
    rate: int('rate', values.rate, values.short ? 12 : 30, 0.1, 500),
    drainTimeoutS: int('drain-timeout', values['drain-timeout'], values.short ? 90 : 180, 10, 3600),
    short: values.short,
    out: resolve(
      values.out ?? join(ROOT, 'chaos-results', `chaos-${values.short ? 'short-' : ''}${stamp}.json`),
    ),
  };
}

interface ScenarioResult {
  scenario: string;
  fault: string;
  filed: number;
  acknowledged: number;
  notAcknowledged: { platformRef: string; reason: string }[];
  lost: number;
  duplicated: number;
  stuck: number;
  client5xx: number;
  client5xxByStatus: Record<string, number>;
  /** the 5xx answers by service, status and problem type, with when (ms into the load) they came */
  client5xxByKind: {
    authority: AuthorityCode;
    status: number;
    type?: string;
    count: number;
    firstAtMs: number;
    lastAtMs: number;
  }[];
  networkErrors: number;
  throttled: number;
  /** ms since the load started */
  faultStartMs: number;
  faultEndMs: number;
  loadEndMs: number;
  /** fault end → every acknowledged declaration final everywhere and every outbox empty; null: never */
  recoveryS: number | null;
  deadLetters: Record<AuthorityCode, number>;
  /** each new dead letter's authority, error (`x-error`) and event */
  deadLetterReasons: Awaited<ReturnType<ChaosBroker['deadLetterReasons']>>;
  reconciliation: Reconciliation;
  audit: Record<AuthorityCode, AuditResult>;
  servicesExited: AuthorityCode[];
  failures: string[];
}

function statusCounts(load: LoadResult): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const e of load.serverErrors) counts[e.status] = (counts[e.status] ?? 0) + 1;
  return counts;
}

function errorKinds(load: LoadResult): ScenarioResult['client5xxByKind'] {
  const kinds = new Map<string, ScenarioResult['client5xxByKind'][number]>();
  for (const e of load.serverErrors) {
    const key = `${e.authority} ${e.status} ${e.type ?? ''}`;
    const kind = kinds.get(key);
    if (kind) {
      kind.count++;
      kind.lastAtMs = e.atMs;
    } else
      kinds.set(key, {
        authority: e.authority,
        status: e.status,
        type: e.type,
        count: 1,
        firstAtMs: e.atMs,
        lastAtMs: e.atMs,
      });
  }
  return [...kinds.values()].sort((a, b) => b.count - a.count);
}

/**
 * Polls the databases until everything acknowledged is final everywhere and nothing waits in an
 * outbox; undefined when the time is up or nothing moved for NO_PROGRESS_MS.
 */
async function untilQuiet(
  ledger: Ledger,
  load: LoadResult,
  refPrefix: string,
  timeoutMs: number,
): Promise<number | undefined> {
  const deadline = performance.now() + timeoutMs;
  let lastSaid = 0;
  let state = '';
  let changedAt = performance.now();
  while (performance.now() < deadline) {
    try {
      const r = await ledger.reconcile(load.filings, refPrefix);
      const unpublished = AUTHORITIES.reduce((sum, a) => sum + r.unpublished[a], 0);
      if (r.final === r.acknowledged && unpublished === 0) return performance.now();
      if (`${r.final}/${unpublished}` !== state) {
        state = `${r.final}/${unpublished}`;
        changedAt = performance.now();
      } else if (performance.now() - changedAt > NO_PROGRESS_MS) {
        say(`no progress for ${NO_PROGRESS_MS / 1000} s: ${r.final}/${r.acknowledged} final everywhere`);
        return undefined;
      }
      if (performance.now() - lastSaid > 10_000) {
        say(`waiting: ${r.final}/${r.acknowledged} final everywhere, ${unpublished} outbox rows unpublished`);
        lastSaid = performance.now();
      }
    } catch (err) {
      say(`databases not readable yet: ${(err as Error).message}`);
    }
    await sleep(POLL_MS);
  }
  return undefined;
}

async function runScenario(
  fault: Fault,
  opts: Options,
  ctx: FaultContext,
  ledger: Ledger,
  runId: string,
  firstNumber: number,
): Promise<ScenarioResult> {
  const { stack, broker } = ctx;
  const refPrefix = `CHAOS-${runId}-${fault.name}-`;
  const dlqBefore = await broker.deadLetters(stack.topicPrefix);
  const startedAt = new Date();
  say(`scenario ${fault.name}: ${fault.what}; ${opts.declarations} declarations at ${opts.rate}/s`);
  const t0 = performance.now();
  const loading = fileAtRate({ stack, count: opts.declarations, rate: opts.rate, firstNumber, refPrefix });
  await sleep(((FAULT_AT * opts.declarations) / opts.rate) * 1000);
  const faultStart = performance.now();
  await fault.inject(ctx);
  const faultEnd = performance.now();
  const load = await loading;
  say(`load done: ${load.filings.filter((f) => f.id).length}/${load.filings.length} acknowledged; draining`);
  const quietAt = await untilQuiet(ledger, load, refPrefix, opts.drainTimeoutS * 1000);
  const reconciliation = await ledger.reconcile(load.filings, refPrefix);
  const dlqAfter = await broker.deadLetters(stack.topicPrefix);
  const deadLetters = {} as Record<AuthorityCode, number>;
  for (const a of AUTHORITIES) deadLetters[a] = dlqAfter[a] - dlqBefore[a];
  const audit = await verifyAuditChains(urls(), broker.brokers);
  const deadLetterReasons = AUTHORITIES.some((a) => deadLetters[a] > 0)
    ? await broker
        .deadLetterReasons(stack.topicPrefix, startedAt)
        .catch((err: Error) => [
          { authority: 'GZ' as const, error: `(could not read the dead letters: ${err.message})` },
        ])
    : [];

  const notAcknowledged = load.filings
    .filter((f) => f.id === undefined)
    .map((f) => ({ platformRef: f.platformRef, reason: f.gaveUp ?? 'unknown' }));
  const result: ScenarioResult = {
    scenario: fault.name,
    fault: fault.what,
    filed: load.filings.length,
    acknowledged: reconciliation.acknowledged,
    notAcknowledged,
    lost: reconciliation.lost.length,
    duplicated: duplicatedFilings(reconciliation),
    stuck: reconciliation.stuck.length,
    client5xx: load.serverErrors.length,
    client5xxByStatus: statusCounts(load),
    client5xxByKind: errorKinds(load),
    networkErrors: load.networkErrors,
    throttled: load.throttled,
    faultStartMs: Math.round(faultStart - t0),
    faultEndMs: Math.round(faultEnd - t0),
    loadEndMs: Math.round(load.endedAt - t0),
    recoveryS: quietAt === undefined ? null : round((quietAt - faultEnd) / 1000),
    deadLetters,
    deadLetterReasons,
    reconciliation,
    audit,
    servicesExited: stack.exited(),
    failures: [],
  };
  const f = result.failures;
  if (result.lost) f.push(`${result.lost} acknowledged declarations lost`);
  if (result.duplicated) f.push(`${result.duplicated} filings duplicated`);
  if (result.stuck) f.push(`${result.stuck} declarations stuck (not final everywhere)`);
  if (notAcknowledged.length) f.push(`${notAcknowledged.length} filings never acknowledged`);
  // Overload and outages are answered 503 with Retry-After (issue 9); a 500 is a crash.
  const crashes = load.serverErrors.filter((e) => e.status === 500).length;
  if (crashes) f.push(`${crashes} answers 500 (an outage or overload must be 503 with Retry-After)`);
  const dead = AUTHORITIES.reduce((sum, a) => sum + deadLetters[a], 0);
  if (dead && !fault.poison) f.push(`${dead} dead letters though nothing sent was poison`);
  const unpublished = AUTHORITIES.reduce((sum, a) => sum + reconciliation.unpublished[a], 0);
  if (unpublished) f.push(`${unpublished} outbox rows never published`);
  for (const a of AUTHORITIES) {
    const r = audit[a];
    if (!r.ok && r.broken) f.push(`${a} audit chain broken: ${r.detail}`);
  }
  if (result.servicesExited.length)
    f.push(`service ${result.servicesExited.join(', ')} not running at the end`);
  return result;
}

const urls = () => {
  const out = {} as Record<AuthorityCode, string>;
  for (const a of AUTHORITIES) out[a] = databaseUrl(DATABASES[a]);
  return out;
};

// ---------------------------------------------------------------------------------------------
// Report

const HEADERS = [
  'scenario',
  'filed',
  'ack',
  'lost',
  'dup',
  'stuck',
  'client 5xx',
  'recovery s',
  'dead letters',
  'result',
];

function row(r: ScenarioResult): string[] {
  const byStatus = Object.entries(r.client5xxByStatus)
    .map(([s, n]) => `${s}×${n}`)
    .join(' ');
  const dead = AUTHORITIES.filter((a) => r.deadLetters[a] > 0).map((a) => `${a}:${r.deadLetters[a]}`);
  return [
    r.scenario,
    String(r.filed),
    String(r.acknowledged),
    String(r.lost),
    String(r.duplicated),
    String(r.stuck),
    r.client5xx ? `${r.client5xx} (${byStatus})` : '0',
    r.recoveryS === null ? 'never' : String(r.recoveryS),
    dead.length ? dead.join(' ') : '0',
    r.failures.length ? 'FAIL' : 'ok',
  ];
}

function table(rows: string[][]): string {
  const all = [HEADERS, ...rows];
  const width = HEADERS.map((_, c) => Math.max(...all.map((r) => r[c].length)));
  const line = (r: string[]) =>
    r.map((cell, c) => (c === 0 ? cell.padEnd(width[c]) : cell.padStart(width[c]))).join('  ');
  return all.map(line).join('\n');
}

function details(r: ScenarioResult): string[] {
  const out = [
    `  fault ${r.fault}: ${r.faultStartMs / 1000}–${r.faultEndMs / 1000} s into the load (load ended ${r.loadEndMs / 1000} s)`,
  ];
  out.push(
    `  client: ${r.networkErrors} network errors, ${r.throttled} answers 429/503; audit: ${AUTHORITIES.map(
      (a) => `${a} ${r.audit[a].ok ? 'intact' : r.audit[a].broken ? 'BROKEN' : 'not run'}`,
    ).join(', ')}`,
  );
  for (const k of r.client5xxByKind.slice(0, 4))
    out.push(
      `  ${k.count}× ${k.status} ${k.type ?? ''} from ${k.authority}, ${k.firstAtMs / 1000}–${k.lastAtMs / 1000} s into the load`,
    );
  for (const failure of r.failures) out.push(`  FAIL: ${failure}`);
  for (const l of r.reconciliation.lost.slice(0, 5))
    out.push(`    lost ${l.platformRef} (${l.id}): no copy at ${l.missingAt.join(', ')}`);
  for (const s of r.reconciliation.stuck.slice(0, 5))
    out.push(
      `    stuck ${s.platformRef} (${s.id}): ${s.undecided.map((u) => `${u.copyAt}'s copy has ${u.participant} ${u.status ?? 'missing'}`).join('; ')}`,
    );
  for (const d of r.reconciliation.duplicated.slice(0, 5))
    out.push(`    duplicate ${d.platformRef} at ${d.at}: ${d.what}`);
  const reasons = new Map<string, number>();
  for (const d of r.deadLetterReasons) {
    const key = `${d.authority} ${d.event ?? 'undecodable'}: ${d.error.slice(0, 200)}`;
    reasons.set(key, (reasons.get(key) ?? 0) + 1);
  }
  for (const [reason, n] of [...reasons].slice(0, 5)) out.push(`    dead letter ×${n} ${reason}`);
  for (const n of r.notAcknowledged.slice(0, 3))
    out.push(`    not acknowledged ${n.platformRef}: ${n.reason}`);
  return out;
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  const opts = options();
  const runId = randomBytes(3).toString('hex');
  const broker = new ChaosBroker();
  let stack: OwnStack | undefined;
  let current: Fault | undefined;
  let ctx: FaultContext | undefined;

  let shuttingDown: Promise<void> | undefined;
  const shutdown = () =>
    (shuttingDown ??= (async () => {
      if (current?.undo && ctx)
        await current.undo(ctx).catch((err: Error) => say(`undo ${current?.name}: ${err.message}`));
      broker.resume();
      await stack?.stop().catch((err: Error) => say(`stopping the services: ${err.message}`));
      await broker.stop().catch((err: Error) => say(`stopping the chaos broker: ${err.message}`));
    })());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      say(`${signal}: cleaning up`);
      void shutdown().finally(() => process.exit(130));
    });
  }

  try {
    say(`starting the chaos broker on ${broker.brokers.join(',')} (fresh data)`);
    await broker.start(true);
    stack = await ownStack({
      label: 'chaos',
      ports: PORTS,
      databases: DATABASES,
      kafkaBrokers: broker.brokers,
    });
    const databaseUrls = urls();
    ctx = {
      stack,
      broker,
      databases: DATABASES,
      adminUrl: databaseUrl('postgres'),
      databaseUrl: (a) => databaseUrls[a],
      say,
    };
    const ledger = new Ledger(databaseUrls);

    // A few declarations of every kind first, so that consumer groups have joined and pools are warm.
    const warm = await fileAtRate({
      stack,
      count: 8,
      rate: 8,
      firstNumber: 0,
      refPrefix: `CHAOS-${runId}-warmup-`,
    });
    if ((await untilQuiet(ledger, warm, `CHAOS-${runId}-warmup-`, 90_000)) === undefined)
      throw new Error('the warm-up declarations did not become final within 90 s: the stack does not work');

    const results: ScenarioResult[] = [];
    for (const [i, fault] of opts.scenarios.entries()) {
      current = fault;
      const result = await runScenario(fault, opts, ctx, ledger, runId, 1_000 + i * 100_000);
      current = undefined;
      results.push(result);
      process.stdout.write(`\n${table([row(result)])}\n${details(result).join('\n')}\n\n`);
      for (const a of result.servicesExited) await stack.restart(a).catch(() => undefined);
    }

    const failed = results.filter((r) => r.failures.length > 0);
    process.stdout.write(
      `Chaos suite${opts.short ? ' (short)' : ''}: ${opts.declarations} declarations per scenario at ${opts.rate}/s, ` +
        `RANDOM_SELECTION=off, green-lane face cream\n${table(results.map(row))}\n`,
    );
    mkdirSync(dirname(opts.out), { recursive: true });
    writeFileSync(
      opts.out,
      `${JSON.stringify({ runId, at: new Date().toISOString(), options: { ...opts, scenarios: opts.scenarios.map((s) => s.name) }, results }, null, 2)}\n`,
    );
    process.stdout.write(`written to ${opts.out}\n`);
    process.stdout.write(
      failed.length
        ? `chaos: ${failed.length} of ${results.length} scenarios FAILED (${failed.map((r) => r.scenario).join(', ')})\n`
        : `chaos: all ${results.length} scenarios held\n`,
    );
    return failed.length ? 1 : 0;
  } finally {
    await shutdown();
  }
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    say(`failed: ${err.stack ?? err.message}`);
    process.exit(1);
  },
);
