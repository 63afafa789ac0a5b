// End-to-end benchmark of joint clearance, from a load generator in its own process (separate from
// the services), following every participant's decision on Kafka. Two ways to load the system:
//   - closed loop (default): declarations in batches through POST /declarations/batch, a fixed
//     number of requests in flight: throughput when the system is kept busy;
//   - open loop (--rate/--rates): single filings offered at a fixed rate on a fixed schedule:
//     latency at that load.
// In the same run: the PostgreSQL limit of a lean declaration-like transaction (pgbench), SQL
// statements and CPU per declaration, each service's peak memory, a latency-against-load plot, and
// every figure against the targets of the issue. See bench/README.md.
//
//   node dist/bench/src/clearance.bench.js [--declarations 3000] [--batch 250] [--concurrency 4]
//        [--rate N | --rates 25,50,100] [--duration 60] [--warmup 100] [--final-timeout 120]
//        [--lean-seconds 15] [--lean-clients 8] [--out bench-results/clearance.json]
import { randomBytes } from 'node:crypto';
import { cpus, totalmem } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { batches, fileAll, type FilingLog } from './closed-loop';
import { type AuthorityCode, KINDS, participantsOfRoute } from './declarations';
import { leanTransactionLimit, type LeanResult } from './lean';
import { offerAll, offers } from './open-loop';
import { latencyPlotSvg } from './plot';
import { classifier, CpuMeter, type CpuUsage, memoryOf, POSTGRES_CLUSTER, POSTGRES_STACK } from './procfs';
import { dropDatabase, externalStack, ownStack, scratchDatabase, type Stack } from './stack';
import { readStatements, statementsBetween, type StatementFigures } from './statements';
import { parseRates, type Percentiles, percentiles, ratio, round, type TargetCheck, verdict } from './stats';
import { DecisionTracker, type Filed, untilFinal } from './tracker';

const AUTHORITIES: AuthorityCode[] = ['GZ', 'HK', 'MO'];
const MiB = 1024 * 1024;
const LEAN_DATABASE = 'gba_bench_lean';
/** The targets of issue 10 (bench/README.md). */
export const TARGETS = {
  /** batch mode: cleared declarations/s ÷ lean commits/s */
  leanRatio: 0.25,
  /** open loop, at this rate for this long */
  openLoopRatePerS: 100,
  openLoopDurationS: 60,
  p99FileToClearedMs: 1000,
  p99FilingMs: 150,
  statementsPerDeclarationPerParticipant: 12,
  serviceRssMiB: 300,
};

interface Options {
  /** batch mode's declarations; 0 when batch mode does not run */
  declarations: number;
  batch: number;
  concurrency: number;
  rates: number[];
  durationS: number;
  requestTimeoutS: number;
  warmup: number;
  finalTimeoutS: number;
  leanSeconds: number;
  leanClients: number;
  leanTool: 'auto' | 'pgbench' | 'pg';
  out: string;
}

const USAGE =
  'usage: node dist/bench/src/clearance.bench.js [--declarations 3000] [--batch 250] [--concurrency 4]\n' +
  '         [--rate N | --rates 25,50,100] [--duration 60] [--request-timeout 30] [--warmup 100]\n' +
  '         [--final-timeout 120] [--lean-seconds 15] [--lean-clients 8] [--lean-tool auto|pgbench|pg]\n' +
  '         [--out bench-results/clearance.json]\n' +
  'Batch mode runs unless --rate/--rates is given without --declarations.\n' +
  'BENCH_BASE_URLS=GZ,HK,MO uses a running stack (with BENCH_KAFKA_BROKERS, BENCH_TOPIC_PREFIX, BENCH_API_KEY).';

function options(): Options {
  const { values } = parseArgs({
    options: {
      declarations: { type: 'string' },
      batch: { type: 'string', default: '250' },
      concurrency: { type: 'string', default: '4' },
      rate: { type: 'string' },
      rates: { type: 'string' },
      duration: { type: 'string', default: '60' },
      'request-timeout': { type: 'string', default: '30' },
      warmup: { type: 'string', default: '100' },
      'final-timeout': { type: 'string', default: '120' },
      'lean-seconds': { type: 'string', default: '15' },
      'lean-clients': { type: 'string', default: '8' },
      'lean-tool': { type: 'string', default: 'auto' },
      out: { type: 'string', default: 'bench-results/clearance.json' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const fail = (message: string): never => {
    console.error(`${message}\n${USAGE}`);
    process.exit(2);
  };
  const int = (name: string, raw: string, min: number, max: number) => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max)
      fail(`--${name} must be an integer from ${min} to ${max}, got "${raw}"`);
    return n;
  };
  if (values.rate !== undefined && values.rates !== undefined) fail('give --rate or --rates, not both');
  const rawRates = values.rates ?? values.rate;
  let rates: number[] = [];
  if (rawRates !== undefined) {
    try {
      rates = parseRates(rawRates);
    } catch (err) {
      fail(`--rate(s): ${(err as Error).message}`);
    }
  }
  if (rates.some((r) => r > 5000)) fail('--rate(s) above 5000/s are not supported');
  const leanTool = values['lean-tool'];
  if (leanTool !== 'auto' && leanTool !== 'pgbench' && leanTool !== 'pg')
    fail('--lean-tool must be auto, pgbench or pg');
  const declarations =
    values.declarations !== undefined
      ? int('declarations', values.declarations, 0, 1_000_000)
      : rates.length > 0
        ? 0
        : 3000;
  if (declarations === 0 && rates.length === 0) fail('nothing to run: --declarations 0 and no --rate');
  return {
    declarations,
    batch: int('batch', values.batch, 1, 500),
    concurrency: int('concurrency', values.concurrency, 1, 64),
    rates,
    durationS: int('duration', values.duration, 1, 3600),
    requestTimeoutS: int('request-timeout', values['request-timeout'], 1, 600),
    warmup: int('warmup', values.warmup, 0, 10_000),
    finalTimeoutS: int('final-timeout', values['final-timeout'], 1, 3600),
    leanSeconds: int('lean-seconds', values['lean-seconds'], 0, 600),
    leanClients: int('lean-clients', values['lean-clients'], 1, 64),
    leanTool: leanTool as Options['leanTool'],
    out: resolve(values.out),
  };
}

interface MemoryPeak {
  pid: number | null;
  /** VmHWM: the process's peak resident set since it started */
  peakRssMiB: number | null;
  /** the largest VmRSS seen by the 250 ms sampling during the run */
  sampledMaxRssMiB: number | null;
  rssAtStartMiB: number | null;
  rssAtEndMiB: number | null;
}

class MemorySampler {
  readonly peaks = {} as Record<AuthorityCode, MemoryPeak>;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly stack: Stack) {
    for (const a of AUTHORITIES) {
      const pid = stack.services[a].pid;
      const now = pid ? memoryOf(pid) : undefined;
      this.peaks[a] = {
        pid: pid ?? null,
        peakRssMiB: null,
        sampledMaxRssMiB: null,
        rssAtStartMiB: now ? round(now.rss / MiB) : null,
        rssAtEndMiB: null,
      };
    }
    this.sample();
    this.timer = setInterval(() => this.sample(), 250);
    this.timer.unref();
  }

  private sample(): void {
    for (const a of AUTHORITIES) {
      const pid = this.stack.services[a].pid;
      const m = pid ? memoryOf(pid) : undefined;
      if (!m) continue;
      const p = this.peaks[a];
      p.peakRssMiB = Math.max(p.peakRssMiB ?? 0, round(m.hwm / MiB));
      p.sampledMaxRssMiB = Math.max(p.sampledMaxRssMiB ?? 0, round(m.rss / MiB));
      p.rssAtEndMiB = round(m.rss / MiB);
    }
  }

  stop(): Record<AuthorityCode, MemoryPeak> {
    this.sample();
    clearInterval(this.timer);
    return this.peaks;
  }
}

// ---------------------------------------------------------------------------------------------
// Figures

/** The clearance figures of a set of filed declarations, timed from `t0` (the first request). */
function clearanceFigures(filed: readonly Filed[], t0: number) {
  const final = filed.filter((f) => f.finalAt !== undefined);
  const cleared = final.filter((f) => f.cleared);
  const lastFinal = final.reduce((m, f) => Math.max(m, f.finalAt!), t0);
  const clearingS = (lastFinal - t0) / 1000;
  const outcomes: Record<string, number> = {};
  for (const f of final) {
    const key = f.cleared
      ? 'CLEARED'
      : [...f.decisions]
          .map(([a, d]) => `${a}:${d.outcome}`)
          .sort()
          .join(' ');
    outcomes[key] = (outcomes[key] ?? 0) + 1;
  }
  const decisionAt = (f: Filed, filer: boolean) =>
    f.participants
      .filter((p) => (p === f.filedWith) === filer)
      .map((p) => f.decisions.get(p)?.at)
      .filter((t): t is number => t !== undefined)
      .map((t) => t - f.sentAt);
  const byKind = KINDS.map((k) => {
    const ofKind = filed.filter((f) => f.kind === k.name);
    const done = ofKind.filter((f) => f.finalAt !== undefined);
    return {
      kind: k.name,
      participants: participantsOfRoute(k.route).join('+'),
      filed: ofKind.length,
      final: done.length,
      fileToFinalMs: percentiles(done.map((f) => f.finalAt! - f.sentAt)),
    };
  });
  return {
    final: final.length,
    notFinal: filed.length - final.length,
    cleared: cleared.length,
    outcomes,
    lastFinal,
    durationS: round(clearingS, 2),
    finalPerS: clearingS > 0 ? round(final.length / clearingS) : 0,
    clearedPerS: clearingS > 0 ? round(cleared.length / clearingS) : 0,
    fileToFinalMs: percentiles(final.map((f) => f.finalAt! - f.sentAt)),
    fileToClearedMs: percentiles(cleared.map((f) => f.finalAt! - f.sentAt)),
    fileToFilerDecisionMs: percentiles(final.flatMap((f) => decisionAt(f, true))),
    fileToPartnerDecisionMs: percentiles(final.flatMap((f) => decisionAt(f, false))),
    byKind,
  };
}

/** CPU-ms per accepted declaration: PostgreSQL (the stack's backends and the cluster's own processes) and each service. */
function cpuPerDeclaration(phases: readonly CpuUsage[], declarations: number) {
  const cpuS = (group: string) => phases.reduce((sum, p) => sum + (p.groups[group]?.cpuS ?? 0), 0);
  const ms = (s: number) => (declarations > 0 ? round((s * 1000) / declarations, 2) : null);
  const services = AUTHORITIES.map((a) => cpuS(`service ${a}`));
  return {
    declarations,
    postgresMs: ms(cpuS(POSTGRES_STACK) + cpuS(POSTGRES_CLUSTER)),
    serviceMs: Object.fromEntries(AUTHORITIES.map((a, i) => [a, ms(services[i])])) as Record<
      AuthorityCode,
      number | null
    >,
    allServicesMs: ms(services.reduce((a, b) => a + b, 0)),
    benchMs: ms(cpuS(BENCH_GROUP)),
  };
}
type CpuPerDeclaration = ReturnType<typeof cpuPerDeclaration>;

const BENCH_GROUP = 'bench (load + tracking)';

/** Counts per second since `t0`: declarations accepted and declarations final. */
function timeline(filed: readonly Filed[], t0: number) {
  const seconds: { s: number; filed: number; final: number }[] = [];
  const bucket = (t: number) => {
    const s = Math.max(0, Math.floor((t - t0) / 1000));
    while (seconds.length <= s) seconds.push({ s: seconds.length, filed: 0, final: 0 });
    return seconds[s];
  };
  for (const f of filed) {
    bucket(f.answeredAt).filed++;
    if (f.finalAt !== undefined) bucket(f.finalAt).final++;
  }
  return seconds;
}

// ---------------------------------------------------------------------------------------------
// Measured runs

interface Context {
  opts: Options;
  runId: string;
  stack: Stack;
  tracker: DecisionTracker;
  classify: ReturnType<typeof classifier>;
  /** a database of the cluster where pg_stat_statements may be read (the lean scratch database) */
  statsUrl?: string;
}

/**
 * Runs `load`, waits for its declarations to be final, and measures around it: CPU by process
 * group while loading and while draining, and the SQL statements the services ran.
 */
async function measured<T>(
  ctx: Context,
  load: () => Promise<{ filed: Filed[]; loadEnd: () => number; value: T }>,
) {
  const before = await readStatements(ctx.stack, ctx.statsUrl);
  const meter = new CpuMeter(ctx.classify);
  meter.mark('loading');
  const t0 = performance.now();
  const { filed, loadEnd, value } = await load();
  meter.mark('draining');
  const complete = await untilFinal(filed, ctx.opts.finalTimeoutS * 1000, ctx.stack);
  meter.stop();
  const after = await readStatements(ctx.stack, ctx.statsUrl);
  const cpu = { loading: meter.usage('loading')!, draining: meter.usage('draining')! };
  const participants = filed.reduce((sum, f) => sum + f.participants.length, 0);
  return {
    t0,
    loadEnd: loadEnd(),
    complete,
    value,
    cpu,
    statements: statementsBetween(before, after, participants),
    cpuPerDeclaration: cpuPerDeclaration([cpu.loading, cpu.draining], filed.length),
  };
}

async function batchRun(ctx: Context) {
  const { opts } = ctx;
  const work = batches(opts.declarations, opts.batch, ctx.runId, 1_000_000);
  process.stderr.write(
    `[bench] closed loop: ${opts.declarations} declarations in ${work.length} batches of ≤${opts.batch}, ${opts.concurrency} in flight\n`,
  );
  const m = await measured(ctx, async () => {
    const log = await fileAll(work, opts.concurrency, ctx.stack, ctx.tracker);
    return {
      filed: log.filed,
      loadEnd: () => log.requests.reduce((m, r) => Math.max(m, r.answeredAt), 0),
      value: log,
    };
  });
  const log: FilingLog = m.value;
  const filingS = (m.loadEnd - m.t0) / 1000;
  const clearance = clearanceFigures(log.filed, m.t0);
  return {
    complete: m.complete,
    config: { declarations: opts.declarations, batch: opts.batch, concurrency: opts.concurrency },
    filing: {
      requests: log.requests.length,
      declarationsSent: opts.declarations,
      accepted: log.filed.length,
      statuses: log.statuses,
      problems: log.problems,
      errors: log.errors,
      durationS: round(filingS, 2),
      acceptedPerS: filingS > 0 ? round(log.filed.length / filingS) : 0,
      requestLatencyMs: percentiles(log.requests.map((r) => r.answeredAt - r.sentAt)),
      perDeclarationLatencyMs: percentiles(log.filed.map((f) => f.answeredAt - f.sentAt)),
    },
    clearance: {
      ...clearance,
      drainAfterFilingS: round((clearance.lastFinal - m.loadEnd) / 1000, 2),
      lastFinal: undefined,
    },
    statements: m.statements,
    cpuPerDeclaration: m.cpuPerDeclaration,
    cpu: { filing: m.cpu.loading, draining: m.cpu.draining },
    timeline: timeline(log.filed, m.t0),
  };
}
type BatchResult = Awaited<ReturnType<typeof batchRun>>;

async function openLoopRun(ctx: Context, ratePerS: number, index: number) {
  const { opts } = ctx;
  const schedule = offers(ratePerS, opts.durationS, ctx.runId, 2_000_000 + index * 1_000_000);
  process.stderr.write(
    `[bench] open loop: ${ratePerS} declarations/s for ${opts.durationS} s (${schedule.length} single filings)\n`,
  );
  const m = await measured(ctx, async () => {
    const log = await offerAll(schedule, ctx.stack, ctx.tracker, opts.requestTimeoutS * 1000);
    return {
      filed: log.filed,
      loadEnd: () => log.attempts.reduce((m, a) => Math.max(m, a.answeredAt), 0),
      value: log,
    };
  });
  const log = m.value;
  const clearance = clearanceFigures(log.filed, log.start);
  const accepted = log.filed.length;
  const lastSent = log.attempts.reduce((m, a) => Math.max(m, a.sentAt), 0);
  return {
    ratePerS,
    durationS: opts.durationS,
    complete: m.complete,
    offered: schedule.length,
    accepted,
    notAccepted: schedule.length - accepted,
    final: clearance.final,
    cleared: clearance.cleared,
    acceptedNotFinal: accepted - clearance.final,
    /** offered but not final: refused or failed filings, and accepted ones still undecided */
    unfinished: schedule.length - clearance.final,
    sentPerS: lastSent > log.start ? round((schedule.length - 1) / ((lastSent - log.start) / 1000)) : null,
    statuses: log.statuses,
    problems: log.problems,
    errors: log.errors,
    filingLatencyMs: percentiles(log.attempts.map((a) => a.answeredAt - a.scheduledAt)),
    sendLagMs: percentiles(log.attempts.map((a) => a.sentAt - a.scheduledAt)),
    clearance: { ...clearance, lastFinal: undefined },
    statements: m.statements,
    cpuPerDeclaration: m.cpuPerDeclaration,
    cpu: { offering: m.cpu.loading, draining: m.cpu.draining },
    timeline: timeline(log.filed, log.start),
  };
}
type OpenLoopResult = Awaited<ReturnType<typeof openLoopRun>>;

/** The lean transaction on its own scratch database; null (with the reason) when it could not run. */
async function leanRun(
  opts: Options,
): Promise<{ result: LeanResult | null; why?: string; databaseUrl?: string }> {
  if (opts.leanSeconds === 0) return { result: null, why: 'skipped (--lean-seconds 0)' };
  process.stderr.write(
    `[bench] lean transaction: ${opts.leanClients} clients for ${opts.leanSeconds} s on ${LEAN_DATABASE}\n`,
  );
  let databaseUrl: string | undefined;
  try {
    databaseUrl = scratchDatabase(LEAN_DATABASE);
    return {
      databaseUrl,
      result: await leanTransactionLimit({
        databaseUrl,
        seconds: opts.leanSeconds,
        clients: opts.leanClients,
        tool: opts.leanTool,
      }),
    };
  } catch (err) {
    return { result: null, why: (err as Error).message.split('\n')[0], databaseUrl };
  }
}

// ---------------------------------------------------------------------------------------------
// Targets

function targetChecks(
  batch: BatchResult | undefined,
  open: readonly OpenLoopResult[],
  lean: LeanResult | null,
  memory: Record<AuthorityCode, MemoryPeak>,
): { checks: TargetCheck[]; leanRatio: number | null } {
  const checks: TargetCheck[] = [];
  const leanRatio = ratio(batch?.clearance.clearedPerS, lean?.commitsPerS);
  checks.push({
    target: `batch: cleared/s ≥ ${TARGETS.leanRatio} × lean commits/s`,
    measured:
      batch && lean
        ? `${batch.clearance.clearedPerS}/s ÷ ${lean.commitsPerS}/s = ${leanRatio ?? 'n/a'}`
        : 'n/a',
    verdict: batch && !batch.complete ? 'MISSED' : verdict(leanRatio, (r) => r >= TARGETS.leanRatio),
    note: !batch
      ? 'batch mode did not run'
      : !lean
        ? 'no lean figure'
        : !batch.complete
          ? 'declarations left unfinished'
          : undefined,
  });
  const issueLoad = `${TARGETS.openLoopRatePerS}/s for ${TARGETS.openLoopDurationS} s`;
  if (open.length === 0) {
    for (const target of [
      `open loop ${issueLoad}: p99 file→CLEARED < ${TARGETS.p99FileToClearedMs} ms`,
      `open loop ${issueLoad}: p99 filing request < ${TARGETS.p99FilingMs} ms`,
      `open loop ${issueLoad}: nothing unfinished`,
    ])
      checks.push({
        target,
        measured: 'n/a',
        verdict: 'n/a',
        note: `not run: --rate ${TARGETS.openLoopRatePerS} --duration ${TARGETS.openLoopDurationS}`,
      });
  }
  for (const run of open) {
    const at = `open loop ${run.ratePerS}/s for ${run.durationS} s`;
    const note =
      run.ratePerS < TARGETS.openLoopRatePerS || run.durationS < TARGETS.openLoopDurationS
        ? `the issue's load is ${issueLoad}`
        : undefined;
    const cleared = run.clearance.fileToClearedMs;
    checks.push(
      {
        target: `${at}: p99 file→CLEARED < ${TARGETS.p99FileToClearedMs} ms`,
        measured: cleared ? `${cleared.p99} ms` : 'n/a',
        verdict: run.unfinished > 0 ? 'MISSED' : verdict(cleared?.p99, (v) => v < TARGETS.p99FileToClearedMs),
        note: run.unfinished > 0 ? `${run.unfinished} unfinished${note ? `; ${note}` : ''}` : note,
      },
      {
        target: `${at}: p99 filing request < ${TARGETS.p99FilingMs} ms`,
        measured: run.filingLatencyMs ? `${run.filingLatencyMs.p99} ms` : 'n/a',
        verdict: verdict(run.filingLatencyMs?.p99, (v) => v < TARGETS.p99FilingMs),
        note,
      },
      {
        target: `${at}: nothing unfinished`,
        measured: `${run.unfinished} of ${run.offered}`,
        verdict: run.unfinished === 0 ? 'met' : 'MISSED',
        note,
      },
    );
  }
  const statementRun = batch ?? open[0];
  const statements = statementRun?.statements;
  checks.push({
    target: `≤ ${TARGETS.statementsPerDeclarationPerParticipant} SQL statements per declaration per participant`,
    measured:
      statements?.perDeclarationPerParticipant != null
        ? String(statements.perDeclarationPerParticipant)
        : 'n/a',
    verdict: verdict(
      statements?.perDeclarationPerParticipant,
      (v) => v <= TARGETS.statementsPerDeclarationPerParticipant,
    ),
    note: statements?.why ?? (batch ? 'batch mode' : 'open loop (the target is for a batch)'),
  });
  checks.push({
    target: `each service < ${TARGETS.serviceRssMiB} MiB peak RSS`,
    measured: AUTHORITIES.map((a) => `${a} ${memory[a].peakRssMiB ?? 'n/a'}`).join(', '),
    verdict: AUTHORITIES.some((a) => memory[a].peakRssMiB === null)
      ? 'n/a'
      : AUTHORITIES.every((a) => memory[a].peakRssMiB! < TARGETS.serviceRssMiB)
        ? 'met'
        : 'MISSED',
  });
  return { checks, leanRatio };
}

// ---------------------------------------------------------------------------------------------
// Report

function pad(rows: (string | number)[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c] ?? '').length)));
  return rows
    .map((r) =>
      r
        .map((cell, c) => (c === 0 ? String(cell).padEnd(widths[c]) : String(cell).padStart(widths[c])))
        .join('  '),
    )
    .join('\n');
}

const fmt = (p: Percentiles | null, key: keyof Percentiles) => (p ? String(p[key]) : '–');
const counts = (m: Record<string, number>) =>
  Object.entries(m)
    .map(([s, n]) => `${s}×${n}`)
    .join(', ') || 'none';

function cpuTable(phases: [string, CpuUsage][]): string {
  const groups = [...new Set(phases.flatMap(([, u]) => Object.keys(u.groups)))];
  const cpuS = (g: string) =>
    round(
      phases.reduce((sum, [, u]) => sum + (u.groups[g]?.cpuS ?? 0), 0),
      2,
    );
  groups.sort((a, b) => cpuS(b) - cpuS(a));
  return pad([
    ['CPU (% of one core)', ...phases.map(([name, u]) => `${name} ${u.windowS}s`), 'CPU-s total'],
    ...groups.map((g) => [g, ...phases.map(([, u]) => u.groups[g]?.coresPct ?? 0), cpuS(g)]),
    [`machine busy (% of ${cpus().length} cores)`, ...phases.map(([, u]) => u.machineBusyPct), ''],
  ]);
}

function batchReport(b: BatchResult, warmup: number): string[] {
  const c = b.clearance;
  const out = [
    `Closed loop: ${b.config.declarations} declarations in ${b.filing.requests} batch requests of ≤${b.config.batch}, ` +
      `${b.config.concurrency} in flight (after a warm-up of ${warmup}).`,
    '',
    pad([
      ['throughput', 'declarations', 'seconds', 'per second'],
      ['filed (accepted, 201)', b.filing.accepted, b.filing.durationS, b.filing.acceptedPerS],
      ['final at every participant', c.final, c.durationS, c.finalPerS],
      ['  of which CLEARED', c.cleared, c.durationS, c.clearedPerS],
    ]),
    '',
    pad([
      ['latency (ms)', 'n', 'p50', 'p95', 'p99', 'max'],
      ...(
        [
          ['filing, per batch request', b.filing.requestLatencyMs],
          ['filing, per declaration', b.filing.perDeclarationLatencyMs],
          ['file → filer decided', c.fileToFilerDecisionMs],
          ['file → partner decided', c.fileToPartnerDecisionMs],
          ['file → final', c.fileToFinalMs],
          ['file → CLEARED', c.fileToClearedMs],
        ] as const
      ).map(([name, p]) => [name, fmt(p, 'n'), fmt(p, 'p50'), fmt(p, 'p95'), fmt(p, 'p99'), fmt(p, 'max')]),
    ]),
    '',
    pad([
      ['by kind', 'participants', 'filed', 'final', 'p50 ms', 'p99 ms'],
      ...c.byKind.map((k) => [
        k.kind,
        k.participants,
        k.filed,
        k.final,
        fmt(k.fileToFinalMs, 'p50'),
        fmt(k.fileToFinalMs, 'p99'),
      ]),
    ]),
    '',
    `statuses: ${counts(b.filing.statuses)}; outcomes: ${counts(c.outcomes)}`,
  ];
  if (Object.keys(b.filing.problems).length) out.push(`problems: ${counts(b.filing.problems)}`);
  for (const e of b.filing.errors.slice(0, 5)) out.push(`error: ${e}`);
  out.push(
    '',
    cpuTable([
      ['filing', b.cpu.filing],
      ['draining', b.cpu.draining],
    ]),
  );
  if (!b.complete)
    out.push(
      '',
      `INCOMPLETE: only ${c.final} of ${b.filing.accepted} accepted declarations were final at the end; ` +
        'the throughput and latency figures cover the final ones only.',
    );
  return out;
}

function openLoopReport(runs: readonly OpenLoopResult[]): string[] {
  const out = [
    `Open loop: single filings at a fixed rate; latency from each filing's scheduled send time.`,
    '',
    pad([
      [
        'offered/s × s',
        'offered',
        'accepted',
        'CLEARED',
        'unfinished',
        'filing p50',
        'p95',
        'p99',
        'file→CLEARED p50',
        'p95',
        'p99',
        'send lag p99',
      ],
      ...runs.map((r) => [
        `${r.ratePerS} × ${r.durationS}`,
        r.offered,
        r.accepted,
        r.cleared,
        r.unfinished,
        fmt(r.filingLatencyMs, 'p50'),
        fmt(r.filingLatencyMs, 'p95'),
        fmt(r.filingLatencyMs, 'p99'),
        fmt(r.clearance.fileToClearedMs, 'p50'),
        fmt(r.clearance.fileToClearedMs, 'p95'),
        fmt(r.clearance.fileToClearedMs, 'p99'),
        fmt(r.sendLagMs, 'p99'),
      ]),
    ]),
    '(latencies in ms)',
  ];
  for (const r of runs) {
    out.push(`${r.ratePerS}/s: statuses ${counts(r.statuses)}; outcomes ${counts(r.clearance.outcomes)}`);
    if (Object.keys(r.problems).length) out.push(`  problems: ${counts(r.problems)}`);
    for (const e of r.errors.slice(0, 3)) out.push(`  error: ${e}`);
  }
  const last = runs[runs.length - 1];
  out.push(
    '',
    `CPU of the last open-loop run (${last.ratePerS}/s):`,
    cpuTable([
      ['offering', last.cpu.offering],
      ['draining', last.cpu.draining],
    ]),
  );
  return out;
}

/** `; by unit: {unit="http"} 3.1, …` per declaration-participant, summed over the services. */
function byUnit(figures: StatementFigures): string {
  if (!figures.byService || figures.declarationParticipants === 0) return '';
  const sums: Record<string, number> = {};
  for (const labels of Object.values(figures.byService))
    for (const [label, n] of Object.entries(labels ?? {})) sums[label] = (sums[label] ?? 0) + n;
  const parts = Object.entries(sums)
    .sort((a, b) => b[1] - a[1])
    .map(([label, n]) => `${label} ${round(n / figures.declarationParticipants)}`);
  return parts.length ? `; per declaration-participant by unit: ${parts.join(', ')}` : '';
}

function perDeclarationReport(
  rows: [string, { statements: StatementFigures; cpuPerDeclaration: CpuPerDeclaration }][],
): string[] {
  const why = [...new Set(rows.map(([, r]) => r.statements.why).filter((w): w is string => !!w))];
  return [
    pad([
      [
        'per declaration',
        'SQL stmts / decl / participant',
        'PostgreSQL CPU-ms',
        'GZ CPU-ms',
        'HK CPU-ms',
        'MO CPU-ms',
        'services CPU-ms',
        'bench CPU-ms',
      ],
      ...rows.map(([name, r]) => [
        name,
        r.statements.perDeclarationPerParticipant ?? 'n/a',
        r.cpuPerDeclaration.postgresMs ?? '–',
        r.cpuPerDeclaration.serviceMs.GZ ?? '–',
        r.cpuPerDeclaration.serviceMs.HK ?? '–',
        r.cpuPerDeclaration.serviceMs.MO ?? '–',
        r.cpuPerDeclaration.allServicesMs ?? '–',
        r.cpuPerDeclaration.benchMs ?? '–',
      ]),
    ]),
    ...why.map((w) => `SQL statements n/a: ${w}`),
    ...rows
      .filter(([, r]) => r.statements.source !== 'n/a')
      .map(
        ([name, r]) =>
          `${name}: ${r.statements.statements} statements (${r.statements.source}) over ${r.statements.declarationParticipants} declaration-participants` +
          byUnit(r.statements),
      ),
  ];
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  const opts = options();
  const runId = randomBytes(3).toString('hex');
  const external = process.env['BENCH_BASE_URLS'];
  const stack = external ? externalStack(external) : await ownStack();
  let stopping: Promise<void> | undefined;
  const stopStack = () => (stopping ??= stack.stop());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      process.stderr.write(`[bench] ${signal}: stopping\n`);
      void stopStack().finally(() => process.exit(130));
    });
  }

  const tracker = new DecisionTracker(
    stack.kafkaBrokers,
    stack.topicPrefix,
    `${stack.topicPrefix}bench-tracker-${runId}`,
  );
  let sampler: MemorySampler | undefined;
  let leanDatabase = false;
  try {
    await tracker.start();
    sampler = new MemorySampler(stack);
    for (const a of AUTHORITIES) {
      if (!stack.services[a].pid)
        process.stderr.write(`[bench] ${a}: no local process found, its memory is not measured\n`);
    }

    // The lean transaction first, while the services are idle.
    const lean = await leanRun(opts);
    leanDatabase = opts.leanSeconds > 0;
    if (!lean.result) process.stderr.write(`[bench] lean transaction: ${lean.why}\n`);

    if (opts.warmup > 0) {
      const perKind = Math.max(1, Math.ceil(opts.warmup / KINDS.length));
      process.stderr.write(`[bench] warm-up: ${perKind * KINDS.length} declarations (not measured)\n`);
      const warm = await fileAll(
        batches(perKind * KINDS.length, perKind, runId, 0),
        KINDS.length,
        stack,
        tracker,
      );
      if (warm.filed.length === 0) throw new Error(`warm-up filed nothing: ${warm.errors.join('; ')}`);
      if (!(await untilFinal(warm.filed, 60_000, stack)))
        throw new Error(
          `warm-up: only ${warm.filed.filter((f) => f.finalAt !== undefined).length}/${warm.filed.length} final after 60 s`,
        );
    }

    const named = new Map<number, string>([[process.pid, BENCH_GROUP]]);
    for (const a of AUTHORITIES) {
      const pid = stack.services[a].pid;
      if (pid) named.set(pid, `service ${a}`);
    }
    const ctx: Context = {
      opts,
      runId,
      stack,
      tracker,
      classify: classifier(named, stack.databases),
      statsUrl: lean.databaseUrl,
    };
    const startedAt = new Date().toISOString();
    const batch = opts.declarations > 0 ? await batchRun(ctx) : undefined;
    const open: OpenLoopResult[] = [];
    for (const [i, rate] of opts.rates.entries()) {
      if (stack.exited().length) break;
      open.push(await openLoopRun(ctx, rate, i));
    }
    const memory = sampler.stop();
    const { checks, leanRatio } = targetChecks(batch, open, lean.result, memory);

    let plot: string | undefined;
    if (open.length) {
      plot = opts.out.replace(/\.json$/, '') + '-latency.svg';
      mkdirSync(dirname(plot), { recursive: true });
      writeFileSync(
        plot,
        latencyPlotSvg(
          open.map((r) => ({
            ratePerS: r.ratePerS,
            p50: r.clearance.fileToClearedMs?.p50 ?? null,
            p95: r.clearance.fileToClearedMs?.p95 ?? null,
            p99: r.clearance.fileToClearedMs?.p99 ?? null,
            unfinished: r.unfinished,
          })),
          `file → CLEARED, open loop, ${open[0].durationS} s per rate, ${cpus().length} cores`,
        ),
      );
    }

    const cpuModel = cpus()[0]?.model ?? 'unknown';
    const result = {
      benchmark: 'clearance end-to-end',
      startedAt,
      machine: {
        cpus: cpus().length,
        cpuModel,
        memoryMiB: round(totalmem() / MiB, 0),
        node: process.version,
      },
      config: {
        declarations: opts.declarations,
        batch: opts.batch,
        concurrency: opts.concurrency,
        rates: opts.rates,
        durationS: opts.durationS,
        requestTimeoutS: opts.requestTimeoutS,
        warmup: opts.warmup,
        finalTimeoutS: opts.finalTimeoutS,
        stack: stack.kind,
        baseUrls: Object.fromEntries(AUTHORITIES.map((a) => [a, stack.services[a].baseUrl])),
        topicPrefix: stack.topicPrefix,
        randomSelection: stack.randomSelection,
        lane: 'green: face cream HS 330499, no random selection, no inspection',
        mix: KINDS.map((k) => k.name),
      },
      lean: lean.result ?? { why: lean.why },
      leanRatio,
      batch,
      openLoop: open,
      plot,
      memory,
      serviceLogLines: stack.logLines,
      trackerEvents: tracker.events,
      targets: checks,
    };

    // --- report
    const out: string[] = [
      '',
      `Clearance benchmark — ${stack.kind === 'own' ? 'own stack (fresh databases and topics)' : 'external stack'}, ` +
        `${cpus().length} × ${cpuModel}, Node ${process.version}`,
      `Green lane: ${stack.randomSelection === 'off' ? 'RANDOM_SELECTION=off, ' : ''}face cream (HS 330499), released at once by every participant; ` +
        `mix ${KINDS.map((k) => k.name).join(', ')}.`,
      '',
    ];
    if (batch) out.push(...batchReport(batch, opts.warmup), '');
    if (open.length) out.push(...openLoopReport(open), '');
    out.push(
      ...perDeclarationReport([
        ...(batch ? [['closed loop', batch] as [string, BatchResult]] : []),
        ...open.map((r) => [`open loop ${r.ratePerS}/s`, r] as [string, OpenLoopResult]),
      ]),
      '',
    );
    out.push(
      lean.result
        ? `lean transaction (${lean.result.tool}, ${lean.result.clients} clients, ${lean.result.seconds} s, own database): ` +
            `${lean.result.commitsPerS} commits/s (${lean.result.commits} commits, ${lean.result.failed} failed` +
            `${lean.result.latencyAverageMs !== undefined ? `, mean ${lean.result.latencyAverageMs} ms` : ''})` +
            (batch
              ? `; the product cleared ${batch.clearance.clearedPerS}/s: ratio ${leanRatio ?? 'n/a'}`
              : '')
        : `lean transaction: n/a (${lean.why})`,
      '',
      pad([
        ['memory (MiB)', 'pid', 'peak RSS (VmHWM)', 'max sampled RSS', 'RSS at start', 'RSS at end'],
        ...AUTHORITIES.map((a) => [
          `service ${a}`,
          memory[a].pid ?? '–',
          memory[a].peakRssMiB ?? '–',
          memory[a].sampledMaxRssMiB ?? '–',
          memory[a].rssAtStartMiB ?? '–',
          memory[a].rssAtEndMiB ?? '–',
        ]),
      ]),
      '',
      pad([
        ['target', 'measured', '', 'note'],
        ...checks.map((t) => [t.target, t.measured, t.verdict, t.note ?? '']),
      ]),
    );
    if (stack.exited().length) out.push('', `service ${stack.exited().join(', ')} exited during the run`);
    mkdirSync(dirname(opts.out), { recursive: true });
    writeFileSync(opts.out, `${JSON.stringify(result, null, 2)}\n`);
    out.push('', `written to ${opts.out}${plot ? ` and ${plot}` : ''}`);
    console.log(out.join('\n'));
    // 1 only when declarations were left unfinished or nothing could be filed (or a run could not start).
    const accepted = [...(batch ? [batch.filing.accepted] : []), ...open.map((r) => r.accepted)];
    const complete = (batch?.complete ?? true) && open.every((r) => r.complete);
    const allRan = accepted.length === (opts.declarations > 0 ? 1 : 0) + opts.rates.length;
    return complete && allRan && accepted.every((n) => n > 0) ? 0 : 1;
  } finally {
    sampler?.stop();
    await tracker.stop().catch(() => undefined);
    await stopStack();
    if (leanDatabase) {
      try {
        dropDatabase(LEAN_DATABASE);
      } catch {
        // left for the next run, which drops it first
      }
    }
  }
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(`[bench] failed: ${err.stack ?? err.message}`);
    process.exit(1);
  },
);
