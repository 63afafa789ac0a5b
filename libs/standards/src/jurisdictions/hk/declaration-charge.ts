// Hong Kong government declaration charge on import and export declarations (domain.md § Hong Kong
// (HK) and Macau (MO)).
import type { Frame } from '../../assessment/frame';
import { lookupFor, MONEY_SCALE, type StandardLookup } from '../../config/lookup';
import { currentStandard } from '../../config/standards';
import type { Standard } from '../../config/types';
import { divRound, formatUnits, minUnits, toUnits } from '../../money/decimal';
import { convertCents } from '../../money/valuation';

/** Declaration charge in cents on a declared value in cents. */
export function hkDeclarationChargeCents(valueCents: bigint, lk: StandardLookup): bigint {
  const c = lk.hk.charge; // charges at scale 10^-3
  let charge = c.firstCharge;
  if (valueCents > c.first) charge += divRound(valueCents - c.first, c.step, 'up') * c.stepCharge;
  charge = divRound(charge, c.roundUpTo, 'up') * c.roundUpTo;
  return minUnits(charge, c.cap) / 10n;
}

/**
 * HK government declaration charge on a declared value in HKD, as HKD with two decimals:
 * HK$0.20 for the first HK$46,000, HK$0.125 for each further HK$1,000 or part, rounded up to
 * 10 cents, capped at HK$200. Throws RangeError on a malformed value.
 */
export function hkDeclarationCharge(valueHkd: string, standard: Standard = currentStandard()): string {
  const lk = lookupFor(standard);
  return formatUnits(hkDeclarationChargeCents(toUnits(valueHkd, MONEY_SCALE), lk), MONEY_SCALE);
}

/**
 * Adds HK_DECLARATION_CHARGE (HKD) on the declared value: lines totalled per currency and each
 * total converted to HKD once, so there is one rounding per currency.
 */
export function assessHkDeclarationCharge(f: Frame): void {
  const { d, lk, rates } = f;
  const currencies: string[] = [];
  const totals: bigint[] = [];
  for (let i = 0; i < d.items.length; i++) {
    const k = currencies.indexOf(d.items[i].currency);
    if (k < 0) {
      currencies.push(d.items[i].currency);
      totals.push(f.lineValues[i]);
    } else totals[k] += f.lineValues[i];
  }
  let value = 0n;
  for (let k = 0; k < currencies.length; k++)
    value += convertCents(totals[k], currencies[k], 'HKD', rates, lk);
  f.out.addDuty('HK_DECLARATION_CHARGE', hkDeclarationChargeCents(value, lk), 'HKD', 'HK_DECLARATION_CHARGE');
}
