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

/**
 * HK Business Registration number, the Unique Business Identifier (UBI): the first 8 digits of the
 * number on the business registration certificate (Business Registration Ordinance, Cap. 310; Inland
 * Revenue Department, "Unique Business Identifier"). No public check digit; numbers are allocated
 * from 00000001, so 00000000 is none.
 */
export function isValidBusinessRegistrationNumber(s: string): boolean {
  return BRN.test(s) && s !== '00000000';
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
const LEI = /^([A-Z0-9]{4})[A-Z0-9]{14}(\d{2})$/;
const JP_CORPORATE_NUMBER = /^\d{13}$/;
const GB_COMPANY_NUMBER = /^(\d{2}|[A-Z][A-Z0-9])(\d{6})$/;
const US_EIN = /^(\d{2})-?\d{7}$/;

/**
 * The prefixes of EINs the IRS assigns, by campus (Andover 10, 12; Atlanta 60, 67; Austin 50, 53;
 * Brookhaven 01–06, 11, 13, 14, 16, 21–23, 25, 34, 51, 52, 54–59, 65; Cincinnati 30, 32, 35–38, 61;
 * Fresno 15, 24; Kansas City 40, 44; Memphis 94, 95; Ogden 80, 90; Philadelphia 33, 39, 41–43, 46,
 * 48, 62–64, 66, 68, 71–77, 85–88, 91–93, 98, 99), Internet 20, 26, 27, 45–47, 81–88 and the Small
 * Business Administration 31 (IRS, "How EINs are assigned and valid EIN prefixes", irs.gov). Never
 * assigned: 00, 07–09, 17–19, 28, 29, 49, 69, 70, 78, 79, 89, 96, 97.
 */
const US_EIN_PREFIX_RANGES: readonly (readonly [number, number])[] = [
  [1, 6],
  [10, 16],
  [20, 27],
  [30, 48],
  [50, 68],
  [71, 77],
  [80, 88],
  [90, 95],
  [98, 99],
];
export const US_EIN_PREFIXES: ReadonlySet<string> = new Set(
  US_EIN_PREFIX_RANGES.flatMap(([from, to]) =>
    Array.from({ length: to - from + 1 }, (_, i) => String(from + i).padStart(2, '0')),
  ),
);

/**
 * The two-character prefixes of Companies House registered numbers (the registrar's form of the
 * number under Companies Act 2006, s. 1066(2); Companies House, "Company number prefixes" of the
 * register and its URI customer guide): AC/SA/NA assurance companies, CE/CS charitable incorporated
 * organisations, SE/ES/EN European companies (Societas Europaea) of England and Wales, Scotland and
 * Northern Ireland, FC/SF/NF overseas companies, FE further education corporations,
 * GE/GS/GN EEIGs, IC/SI/NV investment companies with variable capital, IP/SP/NP industrial and
 * provident societies, LP/SL/NL limited partnerships, OC/SO/NC limited liability partnerships,
 * OE overseas entities, PC protected cell companies, R0 Northern Ireland companies before partition,
 * NI after it, RC/SR/NR royal charter companies, RS registered societies, SC Scottish companies,
 * SG Scottish qualifying partnerships, NO Northern Ireland other, ZC/SZ/NZ unregistered companies
 * (s. 1043). England and Wales companies have no prefix (8 digits).
 */
export const GB_COMPANY_NUMBER_PREFIXES: ReadonlySet<string> = new Set([
  'AC',
  'SA',
  'NA',
  'CE',
  'CS',
  'SE',
  'ES',
  'EN',
  'FC',
  'SF',
  'NF',
  'FE',
  'GE',
  'GS',
  'GN',
  'IC',
  'SI',
  'NV',
  'IP',
  'SP',
  'NP',
  'LP',
  'SL',
  'NL',
  'OC',
  'SO',
  'NC',
  'OE',
  'PC',
  'R0',
  'NI',
  'RC',
  'SR',
  'NR',
  'RS',
  'SC',
  'SG',
  'NO',
  'ZC',
  'SZ',
  'NZ',
]);

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
 * - LEI (ISO 17442-1:2020): 20 characters, 1–4 the prefix of the issuing LOU (0000 is no LOU's),
 *   5–18 the entity part, 19–20 two check digits of ISO 7064 MOD 97-10 over the whole, which that
 *   standard puts in 02–98 (00, 01 and 99 are never computed, though two of them can pass the mod 97 test).
 * - JP_CORPORATE_NUMBER: 13 digits, the first a check digit ({@link japaneseCorporateNumberCheckDigit})
 *   of a 12-digit base that is never all zeros (the base is a registry's company number or an
 *   NTA-allocated number: both count from 1).
 * - GB_COMPANY_NUMBER: Companies House registered number of 8 characters: 8 digits (England and
 *   Wales) or a register prefix of {@link GB_COMPANY_NUMBER_PREFIXES} and 6 digits (Companies Act 2006,
 *   s. 1066); numbering starts at 1, so a number of zeros after its prefix is none.
 * - US_EIN: IRS Employer Identification Number, 9 digits written NN-NNNNNNN or without the hyphen
 *   (26 U.S.C. § 6109; 26 CFR 301.6109-1), its first two digits a prefix of {@link US_EIN_PREFIXES}.
 * 'format' is a layout fault or a part the identifier's standard never assigns, 'check' a wrong check digit.
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
    case 'LEI': {
      const m = LEI.exec(value);
      if (!m || m[1] === '0000') return 'format';
      const check = Number(m[2]);
      return check >= 2 && check <= 98 && mod97(value) === 1 ? null : 'check';
    }
    case 'JP_CORPORATE_NUMBER':
      if (!JP_CORPORATE_NUMBER.test(value) || /^\d0{12}$/.test(value)) return 'format';
      return japaneseCorporateNumberCheckDigit(value.slice(1)) === value.charCodeAt(0) - 48 ? null : 'check';
    case 'GB_COMPANY_NUMBER': {
      const m = GB_COMPANY_NUMBER.exec(value);
      if (!m) return 'format';
      const [, prefix, serial] = m as unknown as [string, string, string];
      if (/^\d{2}$/.test(prefix)) return value === '00000000' ? 'format' : null;
      return GB_COMPANY_NUMBER_PREFIXES.has(prefix) && serial !== '000000' ? null : 'format';
    }
    case 'US_EIN': {
      const m = US_EIN.exec(value);
      return m && US_EIN_PREFIXES.has(m[1] as string) ? null : 'format';
    }
  }
}
