// Mainland import taxes on cross-border e-commerce retail: the reduced retail rates within the
// limits, and full taxation for the indivisible item above the single limit (domain.md § Mainland
// cross-border e-commerce retail imports (GZ), "Tax within limits").
import type { Frame } from '../../assessment/frame';
import { lookupFor, MONEY_SCALE, RATE_SCALE } from '../../config/lookup';
import { currentStandard } from '../../config/standards';
import type { Standard } from '../../config/types';
import { divRound, formatUnits, toUnits } from '../../money/decimal';

const E6 = 1_000_000n;

export interface CnImportTax {
  customsDuty: string;
  consumptionTax: string;
  vat: string;
  total: string;
}

/** Retail rates, cents: combined = base × (ct + vat) ÷ (1 − ct) × reduction; the VAT share is the rest. */
export function cbecTaxCents(
  base: bigint,
  consumptionTaxRate: bigint,
  lk: ReturnType<typeof lookupFor>,
): { duty: bigint; ct: bigint; vat: bigint } {
  const { vatRate, taxReduction, tariffRate } = lk.cbec;
  const denominator = (E6 - consumptionTaxRate) * E6;
  const combined = divRound(base * (consumptionTaxRate + vatRate) * taxReduction, denominator, 'half-up');
  const ct = divRound(base * consumptionTaxRate * taxReduction, denominator, 'half-up');
  // Tariff within the limits is 0 (a configured figure: kept in the formula, not assumed).
  const duty = divRound(base * tariffRate, E6, 'half-up');
  return { duty, ct, vat: combined - ct };
}

/** Full taxation, cents: duty on the value, consumption tax on value + duty, VAT on all three. */
export function fullImportTaxCents(
  base: bigint,
  tariffRate: bigint,
  consumptionTaxRate: bigint,
  vatRate: bigint,
): { duty: bigint; ct: bigint; vat: bigint } {
  const duty = divRound(base * tariffRate, E6, 'half-up');
  const ct = divRound((base + duty) * consumptionTaxRate, E6 - consumptionTaxRate, 'half-up');
  const vat = divRound((base + duty + ct) * vatRate, E6, 'half-up');
  return { duty, ct, vat };
}

function format(t: { duty: bigint; ct: bigint; vat: bigint }): CnImportTax {
  return {
    customsDuty: formatUnits(t.duty, MONEY_SCALE),
    consumptionTax: formatUnits(t.ct, MONEY_SCALE),
    vat: formatUnits(t.vat, MONEY_SCALE),
    total: formatUnits(t.duty + t.ct + t.vat, MONEY_SCALE),
  };
}

/**
 * CBEC retail import tax on a taxable value in CNY (the price actually paid including freight
 * and insurance), within the limits: e.g. ¥300.00 without consumption tax → VAT ¥27.30 (9.1 %).
 */
export function cbecTax(
  taxableValueCny: string,
  consumptionTaxRate = '0',
  standard: Standard = currentStandard(),
): CnImportTax {
  const lk = lookupFor(standard);
  return format(
    cbecTaxCents(toUnits(taxableValueCny, MONEY_SCALE), toUnits(consumptionTaxRate, RATE_SCALE), lk),
  );
}

/** Mainland import taxes in full (general-trade rates): what the indivisible item above ¥5,000 pays. */
export function fullImportTax(
  valueCny: string,
  rates: { tariffRate: string; consumptionTaxRate?: string },
  standard: Standard = currentStandard(),
): CnImportTax {
  const lk = lookupFor(standard);
  return format(
    fullImportTaxCents(
      toUnits(valueCny, MONEY_SCALE),
      toUnits(rates.tariffRate, RATE_SCALE),
      toUnits(rates.consumptionTaxRate ?? '0', RATE_SCALE),
      lk.cbec.vatRate,
    ),
  );
}

/** Allocates `extra` over groups in proportion to their values; the last group takes the rounding rest. */
function allocate(extra: bigint, values: readonly bigint[], total: bigint): bigint[] {
  if (extra === 0n) return values.map(() => 0n);
  if (total === 0n) return values.map((_, i) => (i === values.length - 1 ? extra : 0n));
  const sign = extra < 0n ? -1n : 1n;
  const magnitude = extra * sign;
  let given = 0n;
  return values.map((v, i) => {
    const share = i === values.length - 1 ? magnitude - given : divRound(magnitude * v, total, 'half-up');
    given += share;
    return share * sign;
  });
}

/**
 * Taxes a CBEC retail import on the price actually paid: the goods (`valuesCny`, cents per line)
 * plus their share of freight and insurance less discount (`extraCny`, cents), totalled per
 * consumption-tax rate and rounded once per rate. Adds CN_CUSTOMS_DUTY, CN_CONSUMPTION_TAX and
 * CN_IMPORT_VAT (CNY) under CBEC_TAX, or under CBEC_INDIVISIBLE_ITEM_OVER_LIMIT at the full rates
 * when `fullyTaxed` (one indivisible item above the single limit; CBEC_TARIFF_RATE_UNKNOWN fires
 * when the standard holds no MFN rate for it).
 */
export function assessCbecTax(
  f: Frame,
  valuesCny: readonly bigint[],
  extraCny: bigint,
  fullyTaxed: boolean,
): void {
  const { d, lk, out } = f;
  const goodsCny = valuesCny.reduce((a, b) => a + b, 0n);
  const ctRates: bigint[] = [];
  const groupValues: bigint[] = [];
  for (let i = 0; i < d.items.length; i++) {
    const rate = f.goods[i].cnConsumptionTax;
    const k = ctRates.indexOf(rate);
    if (k < 0) {
      ctRates.push(rate);
      groupValues.push(valuesCny[i]);
    } else groupValues[k] += valuesCny[i];
  }
  const shares = allocate(extraCny, groupValues, goodsCny);
  let duty = 0n;
  let ct = 0n;
  let vat = 0n;
  for (let k = 0; k < ctRates.length; k++) {
    const base = groupValues[k] + shares[k] > 0n ? groupValues[k] + shares[k] : 0n;
    let tax: { duty: bigint; ct: bigint; vat: bigint };
    if (fullyTaxed) {
      // One item, so one group: taxed in full at its MFN tariff rate.
      const item = d.items[0];
      const tariff = f.goods[0].cnMfnTariff;
      if (tariff === undefined) {
        out.fire(
          'CBEC_TARIFF_RATE_UNKNOWN',
          `line ${item.line}: no MFN tariff rate for HS ${item.hsCode} in this standard`,
          { line: item.line },
        );
      }
      tax = fullImportTaxCents(base, tariff ?? 0n, ctRates[k], lk.cbec.vatRate);
    } else {
      tax = cbecTaxCents(base, ctRates[k], lk);
    }
    duty += tax.duty;
    ct += tax.ct;
    vat += tax.vat;
  }
  const taxRule = fullyTaxed ? 'CBEC_INDIVISIBLE_ITEM_OVER_LIMIT' : 'CBEC_TAX';
  out.addDuty('CN_CUSTOMS_DUTY', duty, 'CNY', taxRule);
  out.addDuty('CN_CONSUMPTION_TAX', ct, 'CNY', taxRule);
  out.addDuty('CN_IMPORT_VAT', vat, 'CNY', taxRule);
}
