// Mainland resident identity card number, GB 11643-1999 (公民身份号码): 6-digit address code
// (GB/T 2260), 8-digit birth date (GB/T 7408), 3-digit sequence, check character (ISO 7064 MOD 11-2).
// The residence permits of Hong Kong, Macau and Taiwan residents (港澳台居民居住证, 2018) carry a
// number of the same standard with address code 810000, 820000 or 830000.
import { GB_T_2260_PROVINCES } from '../config/code-lists';
import { isRealDate, localDay } from '../time';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';
const DAY_MS = 86_400_000;

/**
 * First two digits a resident ID may start with: the province-level codes of GB/T 2260, and 83 of
 * the residence permits of Taiwan residents (81 and 82 serve both the HK and Macau divisions and
 * their residents' permits).
 */
const ADDRESS_PROVINCES: ReadonlySet<string> = new Set([...GB_T_2260_PROVINCES, '83']);

/** The earliest birth date a resident ID may carry (the second generation of cards). */
const EARLIEST_BIRTH = 19000101;

/** Why a string is not a resident ID: the first rule of GB 11643 it breaks. */
export type ResidentIdFault = 'format' | 'province' | 'birth-date' | 'check-character';

/** The check character for the first 17 digits. */
export function residentIdCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i];
  return CHECK[sum % 11];
}

/**
 * The local (UTC+8) calendar day of `asOf` as the number yyyymmdd.
 * @throws RangeError when `asOf` is not a valid instant.
 */
export function localDateNumber(asOf: Date | string | number): number {
  const day = new Date(localDay(asOf) * DAY_MS);
  return day.getUTCFullYear() * 10000 + (day.getUTCMonth() + 1) * 100 + day.getUTCDate();
}

/**
 * The first GB 11643 rule `s` breaks, checked on `asOf` (the day of the check, an instant read in
 * UTC+8): `format` (not 17 digits and a check character `0-9`/`X`), `province` (address code not a
 * province of GB/T 2260 nor 83), `birth-date` (digits 7–14 not a real date from 1900-01-01 to the day
 * of the check), `check-character` (ISO 7064 MOD 11-2); null for a valid ID.
 * @throws RangeError when `asOf` is not a valid instant.
 */
export function residentIdFault(s: string, asOf: Date | string | number): ResidentIdFault | null {
  return residentIdFaultOn(s, localDateNumber(asOf));
}

/**
 * residentIdFault with the day of the check given as the number yyyymmdd (see localDateNumber), to
 * check the IDs of one declaration against one day.
 */
export function residentIdFaultOn(s: string, today: number): ResidentIdFault | null {
  if (typeof s !== 'string' || s.length !== 18) return 'format';
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const digit = s.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return 'format';
    sum += digit * WEIGHTS[i];
  }
  const last = s[17];
  if (last !== 'X' && !(last >= '0' && last <= '9')) return 'format';
  if (!ADDRESS_PROVINCES.has(s.slice(0, 2))) return 'province';
  const year = digitsAt(s, 6, 4);
  const month = digitsAt(s, 10, 2);
  const day = digitsAt(s, 12, 2);
  const birth = year * 10000 + month * 100 + day;
  if (!isRealDate(year, month, day) || birth < EARLIEST_BIRTH || birth > today) return 'birth-date';
  return last === CHECK[sum % 11] ? null : 'check-character';
}

/**
 * Whether `s` is a GB 11643 resident ID on `asOf` (the day of the check; callers pass the current
 * instant): 18 characters, a GB/T 2260 province (or 83), a real birth date from 1900-01-01 to that
 * day (UTC+8), and the right check character (upper-case X). See residentIdFault for the reason.
 * @throws RangeError when `asOf` is not a valid instant.
 */
export function isValidResidentId(s: string, asOf: Date | string | number): boolean {
  return residentIdFault(s, asOf) === null;
}

/** The number written by `length` digits at `from` (already known to be digits). */
function digitsAt(s: string, from: number, length: number): number {
  let n = 0;
  for (let i = from; i < from + length; i++) n = n * 10 + (s.charCodeAt(i) - 48);
  return n;
}
