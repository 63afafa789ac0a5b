// The latency-against-load plot of the open-loop runs, as a standalone SVG: offered declarations/s
// on a linear x axis, file→CLEARED p50/p95/p99 on a logarithmic y axis (milliseconds), and the
// issue's 1 s target as a dashed line. Pure: it returns the SVG text.

/** One open-loop run: the offered rate and its file→CLEARED percentiles (ms); null when none cleared. */
export interface LoadPoint {
  ratePerS: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  /** declarations offered but not final at the end (shown next to the point) */
  unfinished: number;
}

const SERIES = [
  { key: 'p50', colour: '#1b9e77' },
  { key: 'p95', colour: '#d95f02' },
  { key: 'p99', colour: '#7570b3' },
] as const;

const W = 640;
const H = 400;
const M = { left: 70, right: 110, top: 40, bottom: 64 };

/** Round steps (1, 2, 5 × 10^k) from 0 to at least `max`, about five of them. */
export function linearTicks(max: number): number[] {
  const raw = max / 5;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((f) => f * magnitude).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let t = 0; t < max + step; t += step) ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

/** 1-2-5 steps of every decade from below `min` to above `max` (both > 0). */
export function logTicks(min: number, max: number): number[] {
  const ticks: number[] = [];
  for (let e = Math.floor(Math.log10(min)); e <= Math.ceil(Math.log10(max)); e++)
    for (const f of [1, 2, 5]) ticks.push(Number((f * 10 ** e).toPrecision(12)));
  const lo = ticks.filter((t) => t <= min).pop() ?? ticks[0];
  const hi = ticks.find((t) => t >= max) ?? ticks[ticks.length - 1];
  return ticks.filter((t) => t >= lo && t <= hi);
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const label = (ms: number) => (ms >= 1000 ? `${ms / 1000} s` : `${ms} ms`);

/** The SVG document of `points` (sorted by rate here); `title` goes on top. */
export function latencyPlotSvg(points: readonly LoadPoint[], title: string, targetMs = 1000): string {
  const sorted = [...points].sort((a, b) => a.ratePerS - b.ratePerS);
  const values = sorted.flatMap((p) => SERIES.map((s) => p[s.key])).filter((v): v is number => v !== null);
  const yTicks = logTicks(Math.max(1, Math.min(targetMs, ...values)), Math.max(targetMs, ...values));
  const maxRate = Math.max(...sorted.map((p) => p.ratePerS), 1);
  const xTicks = linearTicks(maxRate).filter((t) => t <= maxRate * 1.08);
  const xMax = Math.max(xTicks[xTicks.length - 1], maxRate * 1.08);
  const [yMin, yMax] = [Math.log10(yTicks[0]), Math.log10(yTicks[yTicks.length - 1])];
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const x = (rate: number) => M.left + (rate / xMax) * plotW;
  const y = (ms: number) =>
    M.top + plotH - ((Math.log10(Math.max(ms, yTicks[0])) - yMin) / (yMax - yMin || 1)) * plotH;
  const f = (n: number) => n.toFixed(1);

  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="20" text-anchor="middle" font-size="14">${escape(title)}</text>`,
  ];
  for (const t of yTicks) {
    out.push(`<line x1="${M.left}" x2="${M.left + plotW}" y1="${f(y(t))}" y2="${f(y(t))}" stroke="#eee"/>`);
    out.push(`<text x="${M.left - 6}" y="${f(y(t) + 4)}" text-anchor="end">${label(t)}</text>`);
  }
  for (const t of xTicks) {
    out.push(`<line x1="${f(x(t))}" x2="${f(x(t))}" y1="${M.top}" y2="${M.top + plotH}" stroke="#eee"/>`);
    out.push(`<text x="${f(x(t))}" y="${M.top + plotH + 18}" text-anchor="middle">${t}</text>`);
  }
  out.push(
    `<rect x="${M.left}" y="${M.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#888"/>`,
    `<text x="${M.left + plotW / 2}" y="${H - 10}" text-anchor="middle">offered load (declarations/s, single filings)</text>`,
    `<text transform="translate(16 ${M.top + plotH / 2}) rotate(-90)" text-anchor="middle">file → CLEARED latency</text>`,
    `<line class="target" x1="${M.left}" x2="${M.left + plotW}" y1="${f(y(targetMs))}" y2="${f(y(targetMs))}" stroke="#c00" stroke-dasharray="6 4"/>`,
    `<text x="${M.left + plotW + 6}" y="${f(y(targetMs) + 4)}" fill="#c00">target p99</text>`,
  );
  SERIES.forEach((s, i) => {
    const drawn = sorted.filter((p) => p[s.key] !== null);
    const coords = drawn.map((p) => `${f(x(p.ratePerS))},${f(y(p[s.key]!))}`);
    out.push(
      `<polyline class="${s.key}" points="${coords.join(' ')}" fill="none" stroke="${s.colour}" stroke-width="2"/>`,
    );
    for (const c of coords) {
      const [cx, cy] = c.split(',');
      out.push(`<circle cx="${cx}" cy="${cy}" r="3" fill="${s.colour}"/>`);
    }
    const ly = M.top + 10 + i * 18;
    out.push(
      `<line x1="${M.left + plotW + 8}" x2="${M.left + plotW + 28}" y1="${ly}" y2="${ly}" stroke="${s.colour}" stroke-width="2"/>`,
      `<text x="${M.left + plotW + 32}" y="${ly + 4}">${s.key}</text>`,
    );
  });
  for (const p of sorted.filter((q) => q.unfinished > 0))
    out.push(
      `<text x="${f(x(p.ratePerS))}" y="${M.top + plotH + 33}" text-anchor="middle" font-size="11" fill="#c00">${p.unfinished} unfinished</text>`,
    );
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
