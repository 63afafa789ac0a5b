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

/**
 * The identifier schemes accepted for a party from outside CN, HK and MO (`foreignId.scheme` of the
 * declaration body). Each is checked by {@link foreignIdFault}.
 */
export const FOREIGN_ID_SCHEMES = [
  'EORI',
  'LEI',
  'JP_CORPORATE_NUMBER',
  'GB_COMPANY_NUMBER',
  'US_EIN',
] as const;
export type ForeignIdScheme = (typeof FOREIGN_ID_SCHEMES)[number];

/**
 * The country a national scheme is issued in: a party identified by it must be of that country.
 * EORI (issued by any EU member state or the UK, also to operators established elsewhere) and LEI
 * (global) are not tied to the party's country.
 */
export const FOREIGN_ID_COUNTRY: Readonly<Partial<Record<ForeignIdScheme, string>>> = {
  JP_CORPORATE_NUMBER: 'JP',
  GB_COMPANY_NUMBER: 'GB',
  US_EIN: 'US',
};

const EORI = /^([A-Z]{2})[A-Z0-9]{1,15}$/;
const LEI = /^[A-Z0-9]{18}\d{2}$/;
const JP_CORPORATE_NUMBER = /^\d{13}$/;
const GB_COMPANY_NUMBER = /^(?:\d{8}|[A-Z]{2}\d{6})$/;
const US_EIN = /^\d{2}-?\d{7}$/;

/** ISO 7064 MOD 97-10 over digits and letters (A=10 … Z=35), as in ISO 17442 and IBAN: remainder 1 is valid. */
function mod97(s: string): number {
  let rest = 0;
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    const value = c >= 65 ? c - 55 : c - 48;
    rest = (rest * (value >= 10 ? 100 : 10) + value) % 97;
  }
  return rest;
}

/**
 * The check digit (first digit) of a Japanese corporate number for its 12-digit base: 9 − (Σ Pn·Qn
 * mod 9), Pn the n-th digit counted from the right, Qn 1 for odd n and 2 for even n (Ordinance of
 * the Ministry of Finance No. 70 of 2014 on the designation of corporate numbers, art. 2 —
 * 法人番号の指定等に関する省令 第2条). The National Tax Agency's own number is 7000012050002.
 */
export function japaneseCorporateNumberCheckDigit(base: string): number {
  let sum = 0;
  for (let n = 1; n <= 12; n++) sum += (base.charCodeAt(12 - n) - 48) * (n % 2 === 1 ? 1 : 2);
  return 9 - (sum % 9);
}

/**
 * Why `value` is not an identifier of `scheme`, or null when it is one. Formats and sources:
 * - EORI: the issuing state's ISO 3166 alpha-2 code then up to 15 letters or digits, an..17
 *   (Commission Implementing Regulation (EU) 2015/2447, Annex 12-01, data element "EORI number");
 *   `isCountry` tells whether the prefix is a country code of the standard ('country' otherwise).
 * - LEI: 20 characters, 18 letters or digits then two check digits, ISO 7064 MOD 97-10 (ISO 17442).
 * - JP_CORPORATE_NUMBER: 13 digits, the first a check digit ({@link japaneseCorporateNumberCheckDigit}).
 * - GB_COMPANY_NUMBER: Companies House registration number, 8 digits (England and Wales) or a
 *   two-letter register prefix (SC, NI, OC, …) and 6 digits (Companies Act 2006, s. 1066).
 * - US_EIN: IRS Employer Identification Number, 9 digits written NN-NNNNNNN or without the hyphen
 *   (26 U.S.C. § 6109; IRS Publication 1635).
 * 'format' is a layout fault, 'check' a wrong check digit.
 */
export function foreignIdFault(
  scheme: ForeignIdScheme,
  value: string,
  isCountry: (code: string) => boolean,
): 'format' | 'check' | 'country' | null {
  switch (scheme) {
    case 'EORI': {
      const m = EORI.exec(value);
      if (!m) return 'format';
      return isCountry(m[1]) ? null : 'country';
    }
    case 'LEI':
      if (!LEI.test(value)) return 'format';
      return mod97(value) === 1 ? null : 'check';
    case 'JP_CORPORATE_NUMBER':
      if (!JP_CORPORATE_NUMBER.test(value)) return 'format';
      return japaneseCorporateNumberCheckDigit(value.slice(1)) === value.charCodeAt(0) - 48 ? null : 'check';
    case 'GB_COMPANY_NUMBER':
      return GB_COMPANY_NUMBER.test(value) ? null : 'format';
    case 'US_EIN':
      return US_EIN.test(value) ? null : 'format';
  }
}
