// Macau consumption tax on alcoholic drinks and tobacco entering the territory (domain.md § Hong
// Kong (HK) and Macau (MO); gov.mo service ps-1331).
import { countOf, type Frame, litresOf } from '../../assessment/frame';
import { lookupFor, MONEY_SCALE, type StandardLookup } from '../../config/lookup';
import { currentStandard } from '../../config/standards';
import type { Standard } from '../../config/types';
import { divRound, formatUnits, numberToUnits, toUnits } from '../../money/decimal';
import { convertCents } from '../../money/valuation';

const E6 = 1_000_000n;

export interface MacauTaxable {
  /** Common HS-6 (or longer). */
  hsCode: string;
  /** CIF value in MOP. */
  cifValueMop: string;
  alcoholPercent?: number;
  litres?: number;
  sticks?: number;
  netMassKg?: number;
  /** Rice wine is excepted from the tax on alcoholic drinks. */
  riceWine?: boolean;
}

/** Whether an alcoholic drink falls under the tax: heading 2205/2206/2208, ≥ 30 % vol. */
export function isMacauTaxedAlcohol(
  hsCode: string,
  alcoholPercent: number | undefined,
  lk: StandardLookup,
): boolean {
  return (
    lk.mo.alcoholHeadings.has(hsCode.slice(0, 4)) &&
    alcoholPercent !== undefined &&
    numberToUnits(alcoholPercent, 2) >= lk.mo.alcoholMinAbv
  );
}

/** The tax in avos (cents of MOP). Quantities at scale 10^-6. */
export function macauTaxCents(
  goods: {
    hsCode: string;
    cifCents: bigint;
    alcoholPercent?: number;
    litres?: bigint;
    sticks?: bigint;
    netKg?: bigint;
    riceWine?: boolean;
  },
  lk: StandardLookup,
): bigint {
  if (isMacauTaxedAlcohol(goods.hsCode, goods.alcoholPercent, lk)) {
    if (goods.riceWine) return 0n;
    const adValorem = goods.cifCents * lk.mo.adValorem; // scale 10^-8
    const specific = lk.mo.perLitreCents * (goods.litres ?? 0n); // scale 10^-8
    return divRound(adValorem + specific, E6, 'half-up');
  }
  if (lk.mo.cigarettes.match(goods.hsCode))
    return divRound(lk.mo.perStickCents * (goods.sticks ?? 0n), E6, 'half-up');
  if (lk.mo.cigars.match(goods.hsCode))
    return divRound(lk.mo.perKgCents * (goods.netKg ?? 0n), E6, 'half-up');
  return 0n;
}

/**
 * Macau consumption tax, MOP with two decimals: drinks of HS 2205/2206/2208 at ≥ 30 % ABV (rice wine
 * excepted) 10 % of CIF value + MOP 20 per litre; cigarettes MOP 1.50 a stick; cigars MOP 4,326/kg;
 * "0.00" for other goods.
 */
export function macauConsumptionTax(goods: MacauTaxable, standard: Standard = currentStandard()): string {
  const lk = lookupFor(standard);
  const q = (n: number | undefined) => (n === undefined ? undefined : numberToUnits(n, 6));
  const tax = macauTaxCents(
    {
      hsCode: goods.hsCode,
      cifCents: toUnits(goods.cifValueMop, MONEY_SCALE),
      alcoholPercent: goods.alcoholPercent,
      litres: q(goods.litres),
      sticks: q(goods.sticks),
      netKg: q(goods.netMassKg),
      riceWine: goods.riceWine,
    },
    lk,
  );
  return formatUnits(tax, MONEY_SCALE);
}

/**
 * Macau consumption tax on an import: adds MO_CONSUMPTION_TAX (MOP) over the lines, and fires
 * MO_RICE_WINE_EXCEPTION where a line described as rice wine escapes a tax it would otherwise pay.
 */
export function assessMacauConsumptionTax(f: Frame): void {
  const { d, lk, out, rates } = f;
  let tax = 0n;
  for (let i = 0; i < d.items.length; i++) {
    const item = d.items[i];
    const { moAlcohol, moCigarettes, moCigars } = f.goods[i];
    if (!moAlcohol && !moCigarettes && !moCigars) continue;
    const description = item.description.toLowerCase();
    const riceWine = moAlcohol && lk.mo.riceWineTerms.some((t) => description.includes(t));
    const goods = {
      hsCode: item.hsCode,
      cifCents: convertCents(f.lineValues[i], item.currency, 'MOP', rates, lk),
      alcoholPercent: item.alcoholPercent,
      litres: litresOf(item, f.quantities[i]),
      sticks: countOf(item, f.quantities[i]),
      netKg: numberToUnits(item.netMassKg, 6),
      riceWine,
    };
    if (riceWine && macauTaxCents({ ...goods, riceWine: false }, lk) > 0n) {
      out.fire(
        'MO_RICE_WINE_EXCEPTION',
        `line ${item.line}: described as rice wine, excepted from the consumption tax`,
        { line: item.line },
      );
    }
    tax += macauTaxCents(goods, lk);
  }
  out.addDuty('MO_CONSUMPTION_TAX', tax, 'MOP', 'MO_CONSUMPTION_TAX');
}
