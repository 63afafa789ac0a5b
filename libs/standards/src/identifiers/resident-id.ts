// Mainland resident identity card number, GB 11643-1999: 6-digit region, 8-digit birth date,
// 3-digit sequence, check character (ISO 7064 MOD 11-2).
import { isRealDate } from '../time';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** The check character for the first 17 digits. */
export function residentIdCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i];
  return CHECK[sum % 11];
}

/**
 * Whether `s` is a GB 11643 resident ID: 18 characters, a real birth date in digits 7–14
 * (years 1900–2099), and the right check character (upper-case X). One pass over the digits.
 */
export function isValidResidentId(s: string): boolean {
  if (typeof s !== 'string' || s.length !== 18) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const digit = s.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return false;
    sum += digit * WEIGHTS[i];
  }
  if (s[17] !== CHECK[sum % 11]) return false;
  const year = digitsAt(s, 6, 4);
  return year >= 1900 && year <= 2099 && isRealDate(year, digitsAt(s, 10, 2), digitsAt(s, 12, 2));
}

/** The number written by `length` digits at `from` (already known to be digits). */
function digitsAt(s: string, from: number, length: number): number {
  let n = 0;
  for (let i = from; i < from + length; i++) n = n * 10 + (s.charCodeAt(i) - 48);
  return n;
}
