import { latencyPlotSvg, linearTicks, logTicks, type LoadPoint } from './plot';

/** The (x, y) pairs of a polyline of the given class. */
function line(svg: string, cls: string): [number, number][] {
  const m = new RegExp(`<polyline class="${cls}" points="([^"]*)"`).exec(svg);
  if (!m) throw new Error(`no polyline ${cls}`);
  return m[1]
    .split(' ')
    .filter(Boolean)
    .map((pair) => pair.split(',').map(Number) as [number, number]);
}

describe('latencyPlotSvg', () => {
  const points: LoadPoint[] = [
    { ratePerS: 100, p50: 400, p95: 900, p99: 2500, unfinished: 3 },
    { ratePerS: 25, p50: 80, p95: 120, p99: 200, unfinished: 0 },
    { ratePerS: 50, p50: 150, p95: 300, p99: 700, unfinished: 0 },
  ];
  const svg = latencyPlotSvg(points, 'a <title> & more');

  it('is one SVG document with an escaped title', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    expect(svg).toContain('a &lt;title&gt; &amp; more');
  });

  it('draws p50, p95 and p99 through every rate, left to right by rate', () => {
    for (const cls of ['p50', 'p95', 'p99']) {
      const xs = line(svg, cls).map(([x]) => x);
      expect(xs).toHaveLength(3);
      expect([...xs].sort((a, b) => a - b)).toEqual(xs);
    }
  });

  it('puts a higher latency higher up (smaller y) on a log scale', () => {
    const [p50, p95, p99] = ['p50', 'p95', 'p99'].map((c) => line(svg, c));
    for (let i = 0; i < 3; i++) {
      expect(p99[i][1]).toBeLessThan(p95[i][1]);
      expect(p95[i][1]).toBeLessThan(p50[i][1]);
    }
    // log scale: 80 → 200 ms (×2.5) spans the same height as 400 → 1000 ms would
    const target = Number(/<line class="target"[^>]* y1="([\d.]+)"/.exec(svg)![1]);
    const y200 = p99[0][1];
    const y80 = p50[0][1];
    const y400 = p50[2][1];
    expect(Math.abs(y80 - y200 - (y400 - target))).toBeLessThan(0.5);
  });

  it('marks runs that left declarations unfinished, and skips percentiles that are missing', () => {
    expect(svg).toContain('3 unfinished');
    const sparse = latencyPlotSvg([{ ratePerS: 10, p50: null, p95: null, p99: null, unfinished: 100 }], 't');
    expect(line(sparse, 'p99')).toEqual([]);
    expect(sparse).toContain('100 unfinished');
  });
});

describe('axis ticks', () => {
  it('linear: round steps from 0 past the maximum', () => {
    expect(linearTicks(105)).toEqual([0, 50, 100, 150]);
    expect(linearTicks(21)).toEqual([0, 5, 10, 15, 20, 25]);
  });

  it('logarithmic: 1-2-5 steps covering the range', () => {
    expect(logTicks(80, 2500)).toEqual([50, 100, 200, 500, 1000, 2000, 5000]);
    expect(logTicks(1000, 1000)).toEqual([1000]);
  });
});
