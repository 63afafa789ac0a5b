// Company and AEO identifiers other than the USCC.
import type { Territory } from '../types';

const BRN = /^\d{8}$/;
const MO_REGISTRATION = /^[A-Z0-9][A-Z0-9/-]{0,19}$/;
const AEO_CN = /^AEOCN\d{10}$/;
const AEO_HK = /^\d{15}$/;
const AEO_MO = /^AEOMO\d{10}$/;

/** HK Business Registration number (the Unique Business Identifier): 8 digits, no public check digit. */
export function isValidBusinessRegistrationNumber(s: string): boolean {
  return BRN.test(s);
}

/** Macau commercial registration number: up to 20 letters, digits, '/' or '-'. */
export function isValidMacauRegistrationNumber(s: string): boolean {
  return MO_REGISTRATION.test(s);
}

/**
 * The administration that certified an AEO, from its code: mainland `AEOCN` + 10-digit customs
 * enterprise code, HK 15 digits, Macau `AEOMO` + 10 digits (assumed by analogy: not published).
 */
export function aeoIssuer(code: string): Territory | undefined {
  if (AEO_CN.test(code)) return 'CN';
  if (AEO_HK.test(code)) return 'HK';
  if (AEO_MO.test(code)) return 'MO';
  return undefined;
}
