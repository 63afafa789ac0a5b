// Country codes (ISO 3166-1 alpha-2) and UN/LOCODEs (UN/ECE Recommendation 16).
import { ISO_3166_COUNTRIES } from '../config/code-lists';

const COUNTRIES: ReadonlySet<string> = new Set(ISO_3166_COUNTRIES);
const LOCATION = /^[A-Z2-9]{3}$/;

/** Whether `code` is an officially assigned ISO 3166-1 alpha-2 code ("CN", "HK", "MO"; not "XX", "UK"). */
export function isCountryCode(code: string): boolean {
  return typeof code === 'string' && COUNTRIES.has(code);
}

/**
 * Whether `code` has the structure of a UN/LOCODE (UN/ECE Recommendation 16): an ISO 3166-1 alpha-2
 * country code followed by a 3-character location code of letters A–Z and digits 2–9 ("CNCAN",
 * "HKHKG"). Whether the location exists is a question for the code list of the standard.
 */
export function isValidUnLocode(code: string): boolean {
  return (
    typeof code === 'string' &&
    code.length === 5 &&
    isCountryCode(code.slice(0, 2)) &&
    LOCATION.test(code.slice(2))
  );
}
