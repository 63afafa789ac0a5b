// Mainland import taxes on cross-border e-commerce retail: the reduced retail rates within the
// limits, and full taxation for the indivisible item above the single limit.
import { lookupFor, MONEY_SCALE, RATE_SCALE } from '../config/lookup';
import { currentStandard } from '../config/standards';
import type { Standard } from '../config/types';
import { divRound, formatUnits, toUnits } from '../money/decimal';

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
