import {
  counterSamples,
  openLoopSchedule,
  parsePgbench,
  parseRates,
  percentiles,
  ratio,
  verdict,
} from './stats';

describe('percentiles', () => {
  it('are nearest-rank: the smallest value with at least p % of the sample at or below it', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i); // 100 … 1, unsorted on purpose
    expect(percentiles(values)).toEqual({ n: 100, p50: 50, p95: 95, p99: 99, max: 100, mean: 50.5 });
  });

  it('of a small sample take the value at the rank rounded up, not an interpolation', () => {
    expect(percentiles([10, 20, 30])).toMatchObject({ p50: 20, p95: 30, p99: 30, max: 30 });
    expect(percentiles([7])).toMatchObject({ n: 1, p50: 7, p99: 7 });
  });

  it('are null for no values', () => {
    expect(percentiles([])).toBeNull();
  });
});

describe('openLoopSchedule', () => {
  it('spaces rate × duration sends evenly from 0, independent of any response', () => {
    const s = openLoopSchedule(20, 15);
    expect(s).toHaveLength(300);
    expect(s[0]).toBe(0);
    expect(s[1]).toBe(50);
    expect(s[299]).toBe(14_950);
  });

  it('handles fractional rates and rejects non-positive ones', () => {
    expect(openLoopSchedule(2.5, 2)).toEqual([0, 400, 800, 1200, 1600]);
    expect(() => openLoopSchedule(0, 10)).toThrow(RangeError);
    expect(() => openLoopSchedule(10, -1)).toThrow(RangeError);
  });
});

describe('parseRates', () => {
  it('reads a comma-separated list', () => {
    expect(parseRates('25, 50,100')).toEqual([25, 50, 100]);
    expect(parseRates('12.5')).toEqual([12.5]);
  });

  it.each(['', '10,', 'ten', '0', '-5', '1e3'])('refuses %p', (raw) => {
    expect(() => parseRates(raw)).toThrow(RangeError);
  });
});

describe('ratio', () => {
  it('divides to three decimals', () => {
    expect(ratio(37.9, 1880)).toBe(0.02);
    expect(ratio(500, 1880)).toBe(0.266);
  });

  it('is null when a figure is missing or the denominator is not positive', () => {
    expect(ratio(undefined, 100)).toBeNull();
    expect(ratio(10, null)).toBeNull();
    expect(ratio(10, 0)).toBeNull();
  });
});

describe('counterSamples', () => {
  const text = [
    '# HELP gba_db_statements_total SQL statements run, by unit of work',
    '# TYPE gba_db_statements_total counter',
    'gba_db_statements_total{unit="http"} 120',
    'gba_db_statements_total{unit="kafka_fetch"} 30.5',
    'gba_db_statements_total_created{unit="http"} 1700000000',
    'process_cpu_seconds_total 12',
    'db_statements_totally_else 99',
    '',
  ].join('\n');

  it('sums every label set of the counter, with or without a prefix', () => {
    expect(counterSamples(text, 'db_statements_total')).toEqual({
      total: 150.5,
      byLabels: { '{unit="http"}': 120, '{unit="kafka_fetch"}': 30.5 },
    });
    expect(counterSamples('db_statements_total 7\n', 'db_statements_total')).toEqual({
      total: 7,
      byLabels: { '{}': 7 },
    });
  });

  it('is undefined when the counter is not exposed', () => {
    expect(counterSamples('process_cpu_seconds_total 12\n', 'db_statements_total')).toBeUndefined();
  });
});

describe('parsePgbench', () => {
  it('reads the throughput and counts of a pgbench 15 report', () => {
    const report = [
      'transaction type: /tmp/lean.sql',
      'scaling factor: 1',
      'query mode: prepared',
      'number of clients: 8',
      'number of threads: 2',
      'maximum number of tries: 1',
      'duration: 15 s',
      'number of transactions actually processed: 28207',
      'number of failed transactions: 0 (0.000%)',
      'latency average = 4.254 ms',
      'initial connection time = 12.345 ms',
      'tps = 1880.512 (without initial connection time)',
    ].join('\n');
    expect(parsePgbench(report)).toEqual({ tps: 1880.512, processed: 28207, failed: 0, latencyMs: 4.254 });
  });

  it('throws on anything else', () => {
    expect(() => parsePgbench('pgbench: error: connection to server failed')).toThrow(/not a pgbench report/);
  });
});

describe('verdict', () => {
  it('is met, MISSED or n/a', () => {
    expect(verdict(0.3, (r) => r >= 0.25)).toBe('met');
    expect(verdict(0.02, (r) => r >= 0.25)).toBe('MISSED');
    expect(verdict(null, (r) => r >= 0.25)).toBe('n/a');
    expect(verdict(undefined, (r) => r >= 0.25)).toBe('n/a');
  });
});
