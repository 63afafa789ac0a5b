// End-to-end throughput of joint clearance: files declarations through POST /declarations/batch
// from this process (separate from the services), follows every participant's decision on Kafka,
// and reports filing and clearance throughput, latency percentiles, each service's peak memory and
// where the CPU went. See bench/README.md.
//
//   node dist/bench/src/clearance.bench.js [--declarations 5000] [--batch 250] [--concurrency 4]
//        [--warmup 100] [--final-timeout 120] [--out bench-results/clearance.json]
import { randomBytes } from 'node:crypto';
import { cpus, totalmem } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type AuthorityCode, declaration, KINDS, type Kind, participantsOfRoute } from './declarations';
import { classifier, CpuMeter, memoryOf, round } from './procfs';
import { externalStack, ownStack, type Stack } from './stack';
import { DecisionTracker, type Filed } from './tracker';

const AUTHORITIES: AuthorityCode[] = ['GZ', 'HK', 'MO'];
const MiB = 1024 * 1024;
const TARGETS = { clearedPerS: 1000, p99FileToClearedMs: 1000, serviceRssMiB: 300 };

interface Options {
  declarations: number;
  batch: number;
  concurrency: number;
  warmup: number;
  finalTimeoutS: number;
  out: string;
}

function options(): Options {
  const { values } = parseArgs({
    options: {
      declarations: { type: 'string', default: '5000' },
      batch: { type: 'string', default: '250' },
      concurrency: { type: 'string', default: '4' },
      warmup: { type: 'string', default: '100' },
      'final-timeout': { type: 'string', default: '120' },
      out: { type: 'string', default: 'bench-results/clearance.json' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(
      'usage: node dist/bench/src/clearance.bench.js [--declarations 5000] [--batch 250] [--concurrency 4]\n' +
        '         [--warmup 100] [--final-timeout 120] [--out bench-results/clearance.json]\n' +
        'BENCH_BASE_URLS=GZ,HK,MO uses a running stack (with BENCH_KAFKA_BROKERS, BENCH_TOPIC_PREFIX, BENCH_API_KEY).',
    );
    process.exit(0);
  }
  const int = (name: string, raw: string, min: number, max: number) => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      console.error(`--${name} must be an integer from ${min} to ${max}, got "${raw}"`);
      process.exit(2);
    }
    return n;
  };
  return {
    declarations: int('declarations', values.declarations, 1, 1_000_000),
    batch: int('batch', values.batch, 1, 500),
    concurrency: int('concurrency', values.concurrency, 1, 64),
    warmup: int('warmup', values.warmup, 0, 10_000),
    finalTimeoutS: int('final-timeout', values['final-timeout'], 1, 3600),
    out: resolve(values.out),
  };
}

// ---------------------------------------------------------------------------------------------
// Load

interface Batch {
  kind: Kind;
  size: number;
  body: string;
}

interface Request {
  kind: string;
  filedWith: AuthorityCode;
  size: number;
  sentAt: number;
  answeredAt: number;
  httpStatus: number | 'error';
}

interface FilingLog {
  requests: Request[];
  filed: Filed[];
  statuses: Record<string, number>;
  problems: Record<string, number>;
  errors: string[];
}

/** Batches of `size`, each of one kind, the kinds in turn; serialised before the clock starts. */
function batches(count: number, size: number, runId: string, firstNumber: number): Batch[] {
  const out: Batch[] = [];
  let n = firstNumber;
  for (let i = 0, left = count; left > 0; i++) {
    const kind = KINDS[i % KINDS.length];
    const take = Math.min(size, left);
    const items = Array.from({ length: take }, () => {
      const number = n++;
      return {
        idempotencyKey: `bench-${runId}-${number}`,
        declaration: declaration(kind.route, number, runId),
      };
    });
    out.push({ kind, size: take, body: JSON.stringify(items) });
    left -= take;
  }
  return out;
}

interface BatchItem {
  status: number;
  declaration?: { id?: string; participants?: { authority: AuthorityCode }[] };
  problem?: { type?: string; errors?: { code?: string }[] };
}

/** Files every batch with `concurrency` requests in flight; follows every accepted declaration. */
async function fileAll(
  work: Batch[],
  concurrency: number,
  stack: Stack,
  tracker: DecisionTracker,
): Promise<FilingLog> {
  const log: FilingLog = { requests: [], filed: [], statuses: {}, problems: {}, errors: [] };
  let next = 0;
  const worker = async () => {
    while (next < work.length) {
      const batch = work[next++];
      const { filedWith } = batch.kind;
      const sentAt = performance.now();
      let httpStatus: number | 'error' = 'error';
      let items: BatchItem[] | undefined;
      try {
        const res = await fetch(`${stack.services[filedWith].baseUrl}/api/v1/declarations/batch`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-api-key': stack.apiKey },
          body: batch.body,
        });
        httpStatus = res.status;
        const text = await res.text();
        if (res.status === 207) items = JSON.parse(text) as BatchItem[];
        else if (log.errors.length < 20) log.errors.push(`${filedWith} ${res.status}: ${text.slice(0, 300)}`);
      } catch (err) {
        if (log.errors.length < 20) log.errors.push(`${filedWith}: ${(err as Error).message}`);
      }
      const answeredAt = performance.now();
      log.requests.push({
        kind: batch.kind.name,
        filedWith,
        size: batch.size,
        sentAt,
        answeredAt,
        httpStatus,
      });
      if (!items) {
        log.statuses[`request ${httpStatus}`] = (log.statuses[`request ${httpStatus}`] ?? 0) + batch.size;
        continue;
      }
      for (const item of items) {
        log.statuses[String(item.status)] = (log.statuses[String(item.status)] ?? 0) + 1;
        const id = item.declaration?.id;
        if (item.status === 201 && id) {
          const participants = item.declaration?.participants?.map((p) => p.authority);
          const filed: Filed = {
            id,
            kind: batch.kind.name,
            filedWith,
            participants: participants?.length ? participants : participantsOfRoute(batch.kind.route),
            sentAt,
            answeredAt,
            decisions: new Map(),
          };
          log.filed.push(filed);
          tracker.follow(filed);
        } else {
          const code = item.problem?.errors?.[0]?.code ?? item.problem?.type ?? `status ${item.status}`;
          log.problems[code] = (log.problems[code] ?? 0) + 1;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, work.length) }, worker));
  return log;
}

/** Waits until every filed declaration is final, a service died, or the time is up. */
async function untilFinal(filed: Filed[], timeoutMs: number, stack: Stack): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  let lastSaid = performance.now();
  for (;;) {
    const pending = filed.filter((f) => f.finalAt === undefined).length;
    if (pending === 0) return true;
    if (performance.now() > deadline || stack.exited().length > 0) return false;
    if (performance.now() - lastSaid > 5000) {
      process.stderr.write(`[bench] waiting: ${filed.length - pending}/${filed.length} final\n`);
      lastSaid = performance.now();
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

// ---------------------------------------------------------------------------------------------
// Figures

interface Percentiles {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

function percentiles(values: number[]): Percentiles | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
  const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
  return {
    n: sorted.length,
    p50: round(at(50)),
    p95: round(at(95)),
    p99: round(at(99)),
    max: round(sorted[sorted.length - 1]),
    mean: round(mean),
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

/** Counts per second since `t0`: declarations accepted and declarations final. */
function timeline(filed: Filed[], t0: number) {
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
  try {
    await tracker.start();
    sampler = new MemorySampler(stack);
    for (const a of AUTHORITIES) {
      if (!stack.services[a].pid)
        process.stderr.write(`[bench] ${a}: no local process found, its memory is not measured\n`);
    }

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

    const work = batches(opts.declarations, opts.batch, runId, 1_000_000);
    const named = new Map<number, string>([[process.pid, 'bench (load + tracking)']]);
    for (const a of AUTHORITIES) {
      const pid = stack.services[a].pid;
      if (pid) named.set(pid, `service ${a}`);
    }
    const classify = classifier(named, stack.databases);
    process.stderr.write(
      `[bench] filing ${opts.declarations} declarations in ${work.length} batches of ≤${opts.batch}, ${opts.concurrency} in flight\n`,
    );
    const cpuMeter = new CpuMeter(classify);
    cpuMeter.mark('filing');
    const t0 = performance.now();
    const log = await fileAll(work, opts.concurrency, stack, tracker);
    const filingEnd = Math.max(...log.requests.map((r) => r.answeredAt));
    cpuMeter.mark('draining');
    const complete = await untilFinal(log.filed, opts.finalTimeoutS * 1000, stack);
    cpuMeter.stop();
    const memory = sampler.stop();

    // --- figures
    const filed = log.filed;
    const final = filed.filter((f) => f.finalAt !== undefined);
    const cleared = final.filter((f) => f.cleared);
    const lastFinal = final.length ? Math.max(...final.map((f) => f.finalAt!)) : t0;
    const filingS = (filingEnd - t0) / 1000;
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
    const requestMs = percentiles(log.requests.map((r) => r.answeredAt - r.sentAt));
    const perDeclarationMs = percentiles(filed.map((f) => f.answeredAt - f.sentAt));
    const fileToFinalMs = percentiles(final.map((f) => f.finalAt! - f.sentAt));
    const fileToClearedMs = percentiles(cleared.map((f) => f.finalAt! - f.sentAt));
    const fileToFilerDecisionMs = percentiles(final.flatMap((f) => decisionAt(f, true)));
    const fileToPartnerDecisionMs = percentiles(final.flatMap((f) => decisionAt(f, false)));
    const finalPerS = clearingS > 0 ? round(final.length / clearingS) : 0;
    const clearedPerS = clearingS > 0 ? round(cleared.length / clearingS) : 0;
    const filedPerS = filingS > 0 ? round(filed.length / filingS) : 0;
    const cpu = { filing: cpuMeter.usage('filing')!, draining: cpuMeter.usage('draining')! };
    const cpuModel = cpus()[0]?.model ?? 'unknown';

    const peakOk = AUTHORITIES.every((a) => (memory[a].peakRssMiB ?? Infinity) < TARGETS.serviceRssMiB);
    const targets = [
      {
        target: `≥ ${TARGETS.clearedPerS} declarations/s fully cleared`,
        measured: `${clearedPerS}/s`,
        met: complete && clearedPerS >= TARGETS.clearedPerS,
      },
      {
        target: `p99 file→CLEARED < ${TARGETS.p99FileToClearedMs} ms (green lane)`,
        measured: fileToClearedMs ? `${fileToClearedMs.p99} ms` : 'n/a',
        met: complete && fileToClearedMs !== null && fileToClearedMs.p99 < TARGETS.p99FileToClearedMs,
      },
      {
        target: `each service < ${TARGETS.serviceRssMiB} MiB peak RSS`,
        measured: AUTHORITIES.map((a) => `${a} ${memory[a].peakRssMiB ?? 'n/a'}`).join(', '),
        met: peakOk,
      },
    ];

    const result = {
      benchmark: 'clearance end-to-end',
      startedAt: new Date(performance.timeOrigin + t0).toISOString(),
      complete,
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
        warmup: opts.warmup,
        finalTimeoutS: opts.finalTimeoutS,
        stack: stack.kind,
        baseUrls: Object.fromEntries(AUTHORITIES.map((a) => [a, stack.services[a].baseUrl])),
        topicPrefix: stack.topicPrefix,
        randomSelection: stack.randomSelection,
        lane: 'green: face cream HS 330499, no random selection, no inspection',
        mix: KINDS.map((k) => k.name),
      },
      filing: {
        requests: log.requests.length,
        declarationsSent: opts.declarations,
        accepted: filed.length,
        statuses: log.statuses,
        problems: log.problems,
        errors: log.errors,
        durationS: round(filingS, 2),
        acceptedPerS: filedPerS,
        requestLatencyMs: requestMs,
        perDeclarationLatencyMs: perDeclarationMs,
      },
      clearance: {
        final: final.length,
        notFinal: filed.length - final.length,
        cleared: cleared.length,
        outcomes,
        durationS: round(clearingS, 2),
        drainAfterFilingS: round((lastFinal - filingEnd) / 1000, 2),
        finalPerS,
        clearedPerS,
        fileToFinalMs,
        fileToClearedMs,
        fileToFilerDecisionMs,
        fileToPartnerDecisionMs,
        byKind,
      },
      memory,
      cpu,
      serviceLogLines: stack.logLines,
      trackerEvents: tracker.events,
      timeline: timeline(filed, t0),
      targets,
    };

    // --- report
    const out: string[] = [];
    out.push('');
    out.push(
      `Clearance benchmark — ${stack.kind === 'own' ? 'own stack (fresh databases and topics)' : 'external stack'}, ` +
        `${cpus().length} × ${cpuModel}, Node ${process.version}`,
    );
    out.push(
      `Green lane: ${stack.randomSelection === 'off' ? 'RANDOM_SELECTION=off, ' : ''}face cream (HS 330499), released at once by every participant; ` +
        `mix ${KINDS.map((k) => k.name).join(', ')}.`,
    );
    out.push(
      `${opts.declarations} declarations in ${log.requests.length} batch requests of ≤${opts.batch}, ${opts.concurrency} in flight (after a warm-up of ${opts.warmup}).`,
    );
    out.push('');
    out.push(
      pad([
        ['throughput', 'declarations', 'seconds', 'per second'],
        ['filed (accepted, 201)', filed.length, round(filingS, 2), filedPerS],
        ['final at every participant', final.length, round(clearingS, 2), finalPerS],
        ['  of which CLEARED', cleared.length, round(clearingS, 2), clearedPerS],
      ]),
    );
    out.push('');
    out.push(
      pad([
        ['latency (ms)', 'n', 'p50', 'p95', 'p99', 'max'],
        ...(
          [
            ['filing, per batch request', requestMs],
            ['filing, per declaration', perDeclarationMs],
            ['file → filer decided', fileToFilerDecisionMs],
            ['file → partner decided', fileToPartnerDecisionMs],
            ['file → final', fileToFinalMs],
            ['file → CLEARED', fileToClearedMs],
          ] as const
        ).map(([name, p]) => [name, fmt(p, 'n'), fmt(p, 'p50'), fmt(p, 'p95'), fmt(p, 'p99'), fmt(p, 'max')]),
      ]),
    );
    out.push('');
    out.push(
      pad([
        ['by kind', 'participants', 'filed', 'final', 'p50 ms', 'p99 ms'],
        ...byKind.map((k) => [
          k.kind,
          k.participants,
          k.filed,
          k.final,
          fmt(k.fileToFinalMs, 'p50'),
          fmt(k.fileToFinalMs, 'p99'),
        ]),
      ]),
    );
    out.push('');
    out.push(
      `statuses: ${
        Object.entries(log.statuses)
          .map(([s, n]) => `${s}×${n}`)
          .join(', ') || 'none'
      }` +
        `; outcomes: ${
          Object.entries(outcomes)
            .map(([s, n]) => `${s}×${n}`)
            .join(', ') || 'none'
        }`,
    );
    if (Object.keys(log.problems).length)
      out.push(
        `problems: ${Object.entries(log.problems)
          .map(([c, n]) => `${c}×${n}`)
          .join(', ')}`,
      );
    for (const e of log.errors.slice(0, 5)) out.push(`error: ${e}`);
    out.push('');
    out.push(
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
    );
    out.push('');
    const groups = [...new Set([...Object.keys(cpu.filing.groups), ...Object.keys(cpu.draining.groups)])];
    const cpuS = (g: string) =>
      round((cpu.filing.groups[g]?.cpuS ?? 0) + (cpu.draining.groups[g]?.cpuS ?? 0), 2);
    groups.sort((a, b) => cpuS(b) - cpuS(a));
    out.push(
      pad([
        [
          'CPU (% of one core)',
          `filing ${cpu.filing.windowS}s`,
          `draining ${cpu.draining.windowS}s`,
          'CPU-s total',
        ],
        ...groups.map((g) => [
          g,
          cpu.filing.groups[g]?.coresPct ?? 0,
          cpu.draining.groups[g]?.coresPct ?? 0,
          cpuS(g),
        ]),
        [
          `machine busy (% of ${cpus().length} cores)`,
          cpu.filing.machineBusyPct,
          cpu.draining.machineBusyPct,
          '',
        ],
      ]),
    );
    out.push('');
    out.push(
      pad([
        ['target', 'measured', ''],
        ...targets.map((t) => [t.target, t.measured, t.met ? 'met' : 'MISSED']),
      ]),
    );
    if (!complete) {
      out.push('');
      out.push(
        `INCOMPLETE: only ${final.length} of ${filed.length} accepted declarations were final ` +
          `${round((performance.now() - filingEnd) / 1000)} s after the last filing` +
          (stack.exited().length ? ` (service ${stack.exited().join(', ')} exited)` : '') +
          '; the throughput and latency figures cover the final ones only.',
      );
    }
    mkdirSync(dirname(opts.out), { recursive: true });
    writeFileSync(opts.out, `${JSON.stringify(result, null, 2)}\n`);
    out.push('');
    out.push(`written to ${opts.out}`);
    console.log(out.join('\n'));
    return complete && filed.length > 0 ? 0 : 1;
  } finally {
    sampler?.stop();
    await tracker.stop().catch(() => undefined);
    await stopStack();
  }
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(`[bench] failed: ${err.stack ?? err.message}`);
    process.exit(1);
  },
);
