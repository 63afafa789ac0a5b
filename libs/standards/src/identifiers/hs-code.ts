// HS codes: the common HS-6 and each authority's national code (GZ 10 digits, HK and MO 8).
import type { Authority } from '../types';

export const NATIONAL_CODE_LENGTH: Readonly<Record<Authority, number>> = { GZ: 10, HK: 8, MO: 8 };

function isDigits(s: string, length: number): boolean {
  if (s.length !== length) return false;
  for (let i = 0; i < length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  // HS chapters run 01–97; chapter 77 is reserved.
  const chapter = (s.charCodeAt(0) - 48) * 10 + (s.charCodeAt(1) - 48);
  return chapter >= 1 && chapter <= 97 && chapter !== 77;
}

/** Whether `code` is a national tariff code of this authority: digits only, its length, a real HS chapter. */
export function isValidHsCode(code: string, authority: Authority): boolean {
  const length = authority === 'GZ' ? 10 : authority === 'HK' || authority === 'MO' ? 8 : 0;
  return typeof code === 'string' && length > 0 && isDigits(code, length);
}

/** Whether `code` is a common HS-6 subheading. */
export function isValidHs6(code: string): boolean {
  return typeof code === 'string' && isDigits(code, 6);
}
