// Pure arithmetic of the benchmark: percentiles, the open-loop schedule, ratios against targets and
// reading a counter from Prometheus text. No I/O here, so that bench/src/stats.spec.ts covers it.

/** Nearest-rank percentiles of a sample, in the sample's unit (here milliseconds), one decimal. */
export interface Percentiles {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export function round(n: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** Nearest-rank percentiles (the smallest value with at least p % of the sample at or below it); null for no values. */
export function percentiles(values: readonly number[]): Percentiles | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
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

/**
 * The open-loop schedule: the send times, in ms after the start, of `ratePerS` requests a second
 * for `durationS` seconds, evenly spaced (request i at i × 1000 / rate). Fixed in advance, so that a
 * slow response never delays a later request (no coordinated omission).
 */
export function openLoopSchedule(ratePerS: number, durationS: number): number[] {
  if (!(ratePerS > 0) || !(durationS > 0)) throw new RangeError('rate and duration must be positive');
  const count = Math.round(ratePerS * durationS);
  const interval = 1000 / ratePerS;
  return Array.from({ length: count }, (_, i) => i * interval);
}

/** `"25,50,100"` → [25, 50, 100]; throws on anything that is not a list of positive numbers. */
export function parseRates(raw: string): number[] {
  const rates = raw.split(',').map((r) => r.trim());
  if (rates.length === 0 || rates.some((r) => !/^\d+(\.\d+)?$/.test(r) || Number(r) <= 0))
    throw new RangeError(`rates must be positive numbers separated by commas, got "${raw}"`);
  return rates.map(Number);
}

/** numerator ÷ denominator to `digits` decimals; null when either is unknown or the denominator is not positive. */
export function ratio(
  numerator: number | null | undefined,
  denominator: number | null | undefined,
  digits = 3,
) {
  if (numerator == null || denominator == null || !(denominator > 0)) return null;
  return round(numerator / denominator, digits);
}

/**
 * The samples of a counter in Prometheus text exposition format, by their label set, for a metric
 * named `name` or ending in `_<name>` (a prefix such as `gba_` is allowed). undefined when the text
 * has no sample of it (the counter is not exposed).
 */
export function counterSamples(
  text: string,
  name: string,
): { total: number; byLabels: Record<string, number> } | undefined {
  const byLabels: Record<string, number> = {};
  let total = 0;
  let found = false;
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)/.exec(line.trim());
    if (!m || !(m[1] === name || m[1].endsWith(`_${name}`))) continue;
    const value = Number(m[3]);
    if (!Number.isFinite(value)) continue;
    found = true;
    total += value;
    const labels = m[2] ?? '{}';
    byLabels[labels] = (byLabels[labels] ?? 0) + value;
  }
  return found ? { total, byLabels } : undefined;
}

/** `tps = 1880.5 (without initial connection time)` and the processed/failed counts of a pgbench report. */
export function parsePgbench(output: string): {
  tps: number;
  processed: number;
  failed: number;
  latencyMs?: number;
} {
  const tps = /^tps = ([\d.]+) \(without initial connection time\)/m.exec(output)?.[1];
  const processed = /^number of transactions actually processed: (\d+)/m.exec(output)?.[1];
  if (tps === undefined || processed === undefined)
    throw new Error(`not a pgbench report:\n${output.slice(-800)}`);
  const failed = /^number of failed transactions: (\d+)/m.exec(output)?.[1];
  const latency = /^latency average = ([\d.]+) ms/m.exec(output)?.[1];
  return {
    tps: Number(tps),
    processed: Number(processed),
    failed: Number(failed ?? 0),
    latencyMs: latency === undefined ? undefined : Number(latency),
  };
}

export type Verdict = 'met' | 'MISSED' | 'n/a';

/** One line of the target table: what the issue asks, what was measured, and whether it holds. */
export interface TargetCheck {
  target: string;
  measured: string;
  verdict: Verdict;
  /** why the verdict is n/a, or what the figure depends on */
  note?: string;
}

/** `met` when `value` satisfies `holds`, `MISSED` when it does not, `n/a` when nothing was measured. */
export function verdict(value: number | null | undefined, holds: (v: number) => boolean): Verdict {
  if (value == null || Number.isNaN(value)) return 'n/a';
  return holds(value) ? 'met' : 'MISSED';
}
