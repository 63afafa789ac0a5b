// Unified Social Credit Code of mainland organisations, GB 32100-2015 (with amendment No. 1, 2016):
//   1     registration authority code (登记管理部门代码)      table below
//   2     organisation type code (机构类别代码)               table below, per authority
//   3–8   administrative division of the registering office (GB/T 2260; 100000 at national level)
//   9–17  the organisation's code (主体标识码, GB 11714-1997: 8 characters + check character)
//   18    check character (GB/T 17710, MOD 31)
import { GB_T_2260_PROVINCES } from '../config/code-lists';

const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY'; // 0-9 A-Z without I O S V Z: 31 characters

/** Character code → value in the charset, -1 outside it. */
const VALUE: Int8Array = (() => {
  const table = new Int8Array(128).fill(-1);
  for (let i = 0; i < CHARSET.length; i++) table[CHARSET.charCodeAt(i)] = i;
  return table;
})();

function valueAt(s: string, i: number): number {
  const c = s.charCodeAt(i);
  return c < 128 ? VALUE[c] : -1;
}

const WEIGHTS: readonly number[] = Array.from({ length: 17 }, (_, i) => 3 ** i % 31);

/**
 * GB 32100-2015 table of registration authorities (first character) and the organisation types
 * (second character) each may register: 1 staffing offices (1 organs of state, 2 public
 * institutions, 3 mass organisations, 9 other), 2 foreign affairs, 3 justice, 4 culture,
 * 5 civil affairs, 6 tourism, 7 religious affairs, 8 trade unions, 9 market regulation (1 enterprise,
 * 2 individual business, 3 farmers' cooperative), A the Central Military Commission's staffing
 * office, N agriculture (collective economic organisations), Y other.
 */
const ORGANISATION_TYPES: Readonly<Record<string, string>> = {
  '1': '1239',
  '2': '19',
  '3': '123459',
  '4': '19',
  '5': '1239',
  '6': '129',
  '7': '129',
  '8': '19',
  '9': '123',
  A: '19',
  N: '1239',
  Y: '1',
};

const PROVINCES: ReadonlySet<string> = new Set(GB_T_2260_PROVINCES);
/** Division code of registrations at national level (central organs and their registrations). */
const NATIONAL = '100000';

/** GB 11714-1997 weights of the 8 characters of an organisation code. */
const ORGANISATION_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

export type UsccCheck = 'valid' | 'checksum-mismatch' | 'invalid';

/** The first GB 32100 rule a USCC breaks. */
export type UsccFault =
  | 'format'
  | 'registration-authority'
  | 'organisation-type'
  | 'division'
  | 'organisation-code-check'
  | 'check-character';

/** The check character for the first 17 characters (which must be in the charset). */
export function usccCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += valueAt(first17, i) * WEIGHTS[i];
  const check = 31 - (sum % 31);
  return CHARSET[check === 31 ? 0 : check];
}

/**
 * The GB 11714-1997 check character of an organisation code's first 8 characters (digits, and
 * letters A=10 … Z=35): 11 − (Σ value × weight mod 11), 10 → X, 11 → 0.
 */
export function organisationCodeCheckCharacter(first8: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const c = first8.charCodeAt(i);
    sum += (c <= 57 ? c - 48 : c - 55) * ORGANISATION_CODE_WEIGHTS[i];
  }
  const check = 11 - (sum % 11);
  return check === 10 ? 'X' : check === 11 ? '0' : String(check);
}

/**
 * The first GB 32100-2015 rule `s` breaks, null for a valid code. Structural faults: `format`
 * (not 18 characters of 0-9 A-Z without I O S V Z, or the organisation code's check character not
 * 0-9/X), `registration-authority` and `organisation-type` (not in the standard's table),
 * `division` (characters 3–8 not digits of a GB/T 2260 province, nor 100000). Check faults:
 * `organisation-code-check` (GB 11714 check character of characters 9–17) and `check-character`
 * (character 18).
 */
export function usccFault(s: string): UsccFault | null {
  if (typeof s !== 'string' || s.length !== 18) return 'format';
  for (let i = 0; i < 18; i++) if (valueAt(s, i) < 0) return 'format';
  const organisationCheck = s[16];
  if (organisationCheck !== 'X' && !(organisationCheck >= '0' && organisationCheck <= '9')) return 'format';
  const types = ORGANISATION_TYPES[s[0]];
  if (types === undefined) return 'registration-authority';
  if (!types.includes(s[1])) return 'organisation-type';
  const division = s.slice(2, 8);
  if (!/^\d{6}$/.test(division) || (!PROVINCES.has(division.slice(0, 2)) && division !== NATIONAL))
    return 'division';
  if (organisationCodeCheckCharacter(s.slice(8, 16)) !== organisationCheck) return 'organisation-code-check';
  return usccCheckCharacter(s) === s[17] ? null : 'check-character';
}

/**
 * 'invalid' when `s` breaks the structure of GB 32100 (see usccFault); 'checksum-mismatch' when well
 * formed but a check character disagrees (the GB 11714 one of the embedded organisation code or the
 * final one: some real early codes do, so it is a risk flag, not a data error — domain.md).
 */
export function checkUscc(s: string): UsccCheck {
  const fault = usccFault(s);
  if (fault === null) return 'valid';
  return fault === 'organisation-code-check' || fault === 'check-character' ? 'checksum-mismatch' : 'invalid';
}
