// Exact decimal arithmetic on bigint "units" (an integer count of 10^-scale). Money never goes
// through binary floating point: amounts are parsed from their decimal strings, multiplied as
// integers, and rounded once, in the direction each rule prescribes.

export type Rounding = 'half-up' | 'up' | 'down';

const POW10: readonly bigint[] = Array.from({ length: 40 }, (_, i) => 10n ** BigInt(i));
const POW10_NUMBER: readonly number[] = Array.from({ length: 16 }, (_, i) => 10 ** i);

/**
 * `s` as an exact count of 10^-scale units. Throws RangeError if malformed or more precise than
 * `scale`. One pass over the characters: this runs for every amount of every assessment.
 */
export function toUnits(s: string, scale: number): bigint {
  const length = typeof s === 'string' ? s.length : 0;
  let digits = 0;
  let fraction = -1; // digits after the point; -1 before it
  let value = 0; // exact while digits ≤ 15
  for (let i = 0; i < length; i++) {
    const c = s.charCodeAt(i);
    if (c === 46 && fraction < 0 && digits > 0 && i < length - 1) {
      fraction = 0;
      continue;
    }
    if (c < 48 || c > 57 || (digits === 1 && fraction < 0 && s.charCodeAt(0) === 48)) return malformed(s);
    value = value * 10 + (c - 48);
    digits++;
    if (fraction >= 0) fraction++;
  }
  if (digits === 0) return malformed(s);
  const places = fraction < 0 ? 0 : fraction;
  if (places > scale) throw new RangeError(`more than ${scale} decimal places: ${s}`);
  const units = digits <= 15 ? BigInt(value) : BigInt(s.replace('.', ''));
  return units * POW10[scale - places];
}

function malformed(s: unknown): never {
  throw new RangeError(`not a non-negative decimal: ${JSON.stringify(s)}`);
}

/**
 * A validated JSON number (quantity, mass, litres; at most `scale` ≤ 6 decimals and below 10^9) as
 * exact units. Such a number times 10^scale is within half a unit of an integer below 2^53, so
 * rounding recovers exactly the decimal the sender wrote: 0.1 is one tenth here.
 */
export function numberToUnits(n: number, scale: number): bigint {
  const factor = POW10_NUMBER[scale];
  const scaled = Math.round(n * factor);
  if (!Number.isSafeInteger(scaled) || scaled < 0 || scaled / factor !== n) return toUnits(String(n), scale);
  return BigInt(scaled);
}

/** `units` written with exactly `scale` decimal places. */
export function formatUnits(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative ? `-${text}` : text;
}

/** n ÷ d rounded as asked; n ≥ 0, d > 0. */
export function divRound(n: bigint, d: bigint, rounding: Rounding): bigint {
  if (rounding === 'down') return n / d;
  if (rounding === 'up') return (n + d - 1n) / d;
  return (2n * n + d) / (2n * d);
}

export function minUnits(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}
