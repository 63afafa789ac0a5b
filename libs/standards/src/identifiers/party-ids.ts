// Company, AEO and personal identifiers of Hong Kong and Macau (the USCC and the mainland resident ID
// have their own files).
import { GB_T_2260_PROVINCES } from '../config/code-lists';
import type { Territory } from '../types';

const PROVINCES: ReadonlySet<string> = new Set(GB_T_2260_PROVINCES);

const BRN = /^\d{8}$/;
const MO_REGISTRATION = /^[A-Z0-9][A-Z0-9/-]{0,19}$/;
const AEO_CN = /^AEOCN\d{10}$/;
const AEO_HK = /^\d{15}$/;
const AEO_MO = /^AEOMO\d{10}$/;

const HKID = /^([A-Z]{1,2})(\d{6})(?:([0-9A])|\(([0-9A])\))$/;
const MO_ID = /^[157]\d{6}(?:[0-9A-Z]|\([0-9A-Z]\))$/;

/**
 * Whether `s` is a Hong Kong identity card number (Registration of Persons Regulations, Cap. 177A):
 * one or two letters, six digits and a check digit `0`–`9` or `A`, written `A123456(3)` or
 * `A1234563`. Check: letters A=10 … Z=35 (a single letter is preceded by a space worth 36), weights
 * 9…2 over the eight positions; the sum plus the check value (A=10) is a multiple of 11.
 */
export function isValidHkid(s: string): boolean {
  const m = typeof s === 'string' ? HKID.exec(s) : null;
  if (!m) return false;
  const letters = m[1].length === 2 ? m[1] : ` ${m[1]}`;
  const body = letters + m[2];
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const c = body.charCodeAt(i);
    const value = c === 32 ? 36 : c >= 65 ? c - 55 : c - 48;
    sum += value * (9 - i);
  }
  const check = m[3] ?? m[4];
  return (sum + (check === 'A' ? 10 : check.charCodeAt(0) - 48)) % 11 === 0;
}

/**
 * Whether `s` is a Macau resident identity card (BIR) number as printed by the Identification
 * Services Bureau (DSI): a first digit 1, 5 or 7, six digits and a check character, written
 * `1234567(8)` or `12345678`. The check character's algorithm is not published (a digit on the
 * cards seen; a letter is let through rather than refuse a real card), so only the layout is checked.
 */
export function isValidMacauResidentId(s: string): boolean {
  return typeof s === 'string' && MO_ID.test(s);
}

/** HK Business Registration number (the Unique Business Identifier): 8 digits, no public check digit. */
export function isValidBusinessRegistrationNumber(s: string): boolean {
  return BRN.test(s);
}

/** Macau commercial registration number: up to 20 letters, digits, '/' or '-'. */
export function isValidMacauRegistrationNumber(s: string): boolean {
  return MO_REGISTRATION.test(s);
}

/**
 * The administration that certified an AEO, from its code: mainland `AEOCN` + the 10-digit customs
 * enterprise code, whose first four digits are the GB/T 2260 division where the enterprise is
 * registered, so the first two a province (GACC rules on the customs registration of declaring units,
海关对报关单位注册登记管理规定: digits 1–4 division, 5 economic zone, 6 ownership, 7 business, 8–10 sequence);
 * HK 15 digits; Macau `AEOMO` + 10 digits (assumed by analogy: not published). Undefined otherwise.
 */
export function aeoIssuer(code: string): Territory | undefined {
  if (AEO_CN.test(code)) return PROVINCES.has(code.slice(5, 7)) ? 'CN' : undefined;
  if (AEO_HK.test(code)) return 'HK';
  if (AEO_MO.test(code)) return 'MO';
  return undefined;
}
