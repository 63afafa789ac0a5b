// Hong Kong excise: duty on liquor, and the other dutiable commodities this standard holds no rate
// for (domain.md § Hong Kong (HK) and Macau (MO); customs.gov.hk dutiable commodities).
import { countOf, type Frame, litresOf } from '../../assessment/frame';
import { lookupFor, MONEY_SCALE, RATE_SCALE, type StandardLookup } from '../../config/lookup';
import { currentStandard } from '../../config/standards';
import type { Standard } from '../../config/types';
import { divRound, formatUnits, minUnits, numberToUnits, toUnits } from '../../money/decimal';
import { convertCents } from '../../money/valuation';

const E6 = 1_000_000n;
const E12 = 1_000_000_000_000n;

/**
 * Liquor duty in cents on a value in cents, taxed over `basisUnits` (scale 10^-6) units: containers
 * of up to one litre, or litres for larger containers. Tier limits are per unit; zero at or below
 * the strength threshold (alcoholPercent at scale 10^-2).
 */
export function hkLiquorDutyCents(
  valueCents: bigint,
  abv: bigint,
  basisUnits: bigint,
  lk: StandardLookup,
): bigint {
  if (abv <= lk.hk.liquorAboveAbv) return 0n;
  const value = valueCents * E6; // scale 10^-8, same as tier limit × basis units
  let lower = 0n;
  let duty = 0n; // scale 10^-14
  for (const tier of lk.hk.liquorTiers) {
    const upper =
      tier.upToPerUnitCents === null ? value : minUnits(value, tier.upToPerUnitCents * basisUnits);
    if (upper > lower) duty += (upper - lower) * tier.rate;
    if (upper >= value) break;
    lower = upper;
  }
  return divRound(duty, E12, 'half-up');
}

/**
 * The units over which the HK$200 tier applies: each container of up to one litre, or each litre
 * when containers are larger (scale 10^-6).
 */
export function liquorBasisUnits(
  containers: bigint | undefined,
  litres: bigint | undefined,
  lk: StandardLookup,
): bigint {
  if (containers === undefined) return litres ?? E6;
  if (litres !== undefined && litres * E6 > containers * lk.hk.containerLitres) return litres;
  return containers;
}

export interface LiquorConsignment {
  /** Total value of the liquor, HKD. */
  valueHkd: string;
  /** % vol. */
  alcoholPercent: number;
  /** Number of containers (bottles); defaults to 1. */
  containers?: number;
  /** Total litres; when containers hold more than one litre the duty is worked out per litre. */
  litres?: number;
}

/**
 * HK duty on liquor, HKD with two decimals: above 30 % ABV, 100 % on the first HK$200 of value per
 * container (per litre for containers above one litre) and 10 % on the remainder; e.g. one bottle
 * at HK$500 and 40 % → "230.00". In force from 2024-10-16; the earlier standard taxes 100 %.
 */
export function hkExcise(liquor: LiquorConsignment, standard: Standard = currentStandard()): string {
  const lk = lookupFor(standard);
  const containers = numberToUnits(liquor.containers ?? 1, RATE_SCALE);
  const litres = liquor.litres === undefined ? undefined : numberToUnits(liquor.litres, RATE_SCALE);
  const duty = hkLiquorDutyCents(
    toUnits(liquor.valueHkd, MONEY_SCALE),
    numberToUnits(liquor.alcoholPercent, 2),
    liquorBasisUnits(containers, litres, lk),
    lk,
  );
  return formatUnits(duty, MONEY_SCALE);
}

/**
 * HK excise on an import: fires HK_DUTIABLE_COMMODITY for tobacco, hydrocarbon oil and methyl
 * alcohol (assessed by an officer) and adds HK_LIQUOR_DUTY (HKD) for liquor, line by line.
 */
export function assessHkExcise(f: Frame): void {
  const { d, lk, out, rates } = f;
  let liquorDuty = 0n;
  for (let i = 0; i < d.items.length; i++) {
    const item = d.items[i];
    if (f.goods[i].hkLiquor && item.alcoholPercent !== undefined) {
      const value = convertCents(f.lineValues[i], item.currency, 'HKD', rates, lk);
      liquorDuty += hkLiquorDutyCents(
        value,
        numberToUnits(item.alcoholPercent, 2),
        liquorBasisUnits(countOf(item, f.quantities[i]), litresOf(item, f.quantities[i]), lk),
        lk,
      );
    }
    const dutiable = f.goods[i].hkOtherDutiable;
    if (dutiable)
      out.fire(
        'HK_DUTIABLE_COMMODITY',
        `line ${item.line}: ${dutiable.category} is dutiable in HK; duty assessed by an officer`,
        { line: item.line },
      );
  }
  out.addDuty('HK_LIQUOR_DUTY', liquorDuty, 'HKD', 'HK_LIQUOR_DUTY');
}
