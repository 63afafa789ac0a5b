// Amounts in a currency are whole numbers of its ISO 4217 minor unit (JPY 0 decimals, CNY 2, KWD 3):
// an order of "6001.50" JPY cannot be paid. Unit values are prices, not amounts paid, and may keep
// 4 decimal places in any currency (the data standard, api.md).
import { ISO_4217_MINOR_UNITS } from '../config/code-lists';

/**
 * The ISO 4217 minor units of `currency` (decimal places of its minor unit: JPY 0, most 2, KWD 3),
 * undefined for a code that is not an active ISO 4217 currency.
 */
export function minorUnits(currency: string): number | undefined {
  return Object.hasOwn(ISO_4217_MINOR_UNITS, currency) ? ISO_4217_MINOR_UNITS[currency] : undefined;
}

/**
 * Whether the decimal string `amount` is a whole number of `currency`'s minor unit (ISO 4217): no
 * non-zero digit after the currency's minor units ("6001" and "6001.00" JPY yes, "6001.50" JPY no,
 * "1.005" KWD yes, "1.005" CNY no). False for a currency without minor units in the table.
 */
export function fitsMinorUnits(amount: string, currency: string): boolean {
  const units = minorUnits(currency);
  if (units === undefined) return false;
  const point = amount.indexOf('.');
  if (point < 0) return true;
  for (let i = point + 1 + units; i < amount.length; i++) if (amount.charCodeAt(i) !== 48) return false;
  return true;
}
