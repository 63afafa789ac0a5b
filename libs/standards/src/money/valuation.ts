// Valuation: line values and currency conversion at the rates in force, exactly, in cents.
import type { RateTableLookup, StandardLookup } from '../config/lookup';
import { divRound } from '../money/decimal';

const E6 = 1_000_000n;
const E8 = 100_000_000n;
const E12 = 1_000_000_000_000n;

/** The exchange-rate table in force on a local day. Throws before the first table. */
export function rateTableFor(lk: StandardLookup, day: number): RateTableLookup {
  let found: RateTableLookup | undefined;
  for (const t of lk.rateTables) if (t.fromDay <= day) found = t;
  if (!found) throw new RangeError('no exchange-rate table in force on the declaration date');
  return found;
}

/**
 * `cents` of `from` in `to`, rounded half-up to the cent once. MOP goes through its HKD peg.
 * Rates are quoted for every currency of the code list, so a validated declaration always converts.
 */
export function convertCents(
  cents: bigint,
  from: string,
  to: 'CNY' | 'HKD' | 'MOP',
  table: RateTableLookup,
  lk: StandardLookup,
): bigint {
  if (from === to) return cents;
  if (to === 'CNY') return divRound(cents * (table.cny.get(from) as bigint), E6, 'half-up');
  const hkd = table.hkd.get(from) as bigint;
  if (to === 'HKD') return divRound(cents * hkd, E6, 'half-up');
  return divRound(cents * hkd * lk.mopPerHkd, E12, 'half-up');
}

/** A unit value (scale 10^-4) in CNY at scale 10^-10, unrounded, for comparisons. */
export function unitValueCny10(unitValue: bigint, currency: string, table: RateTableLookup): bigint {
  return currency === 'CNY' ? unitValue * E6 : unitValue * (table.cny.get(currency) as bigint);
}

/** Unit value (scale 10^-4) × quantity (scale 10^-6), rounded half-up to the cent. */
export function lineCents(unitValue: bigint, quantity: bigint): bigint {
  return divRound(unitValue * quantity, E8, 'half-up');
}
