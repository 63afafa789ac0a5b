// HS codes (WCO Harmonized System): the common HS-6 and each authority's national code (GZ 10 digits:
// 8 tariff + 2 supervision; HK and MO 8) — domain.md. The first two digits are an HS chapter,
// 01–97 with 77 reserved for future use.
import type { Authority } from '../types';

export const NATIONAL_CODE_LENGTH: Readonly<Record<Authority, number>> = { GZ: 10, HK: 8, MO: 8 };

/** Whether `s` is `min`–`max` decimal digits whose first two are an HS chapter (01–97, not 77). */
function isHsDigits(s: unknown, min: number, max: number): boolean {
  if (typeof s !== 'string' || s.length < min || s.length > max) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  const chapter = (s.charCodeAt(0) - 48) * 10 + (s.charCodeAt(1) - 48);
  return chapter >= 1 && chapter <= 97 && chapter !== 77;
}

/** Whether `code` is a national tariff code of this authority: digits only, its length, a real HS chapter. */
export function isValidHsCode(code: string, authority: Authority): boolean {
  const length = Object.hasOwn(NATIONAL_CODE_LENGTH, authority) ? NATIONAL_CODE_LENGTH[authority] : 0;
  return length > 0 && isHsDigits(code, length, length);
}

/** Whether `code` is a common HS-6 subheading (6 digits of a real chapter). */
export function isValidHs6(code: string): boolean {
  return isHsDigits(code, 6, 6);
}

/**
 * Whether `prefix` is the start of an HS code at chapter level or finer: 2 to 10 digits whose first
 * two are a real chapter (risk targets match goods by such a prefix).
 */
export function isValidHsPrefix(prefix: string): boolean {
  return isHsDigits(prefix, 2, 10);
}
