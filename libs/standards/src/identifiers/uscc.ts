// Unified Social Credit Code of mainland organisations, GB 32100-2015.

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

export type UsccCheck = 'valid' | 'checksum-mismatch' | 'invalid';

/** The check character for the first 17 characters (which must be in the charset). */
export function usccCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += valueAt(first17, i) * WEIGHTS[i];
  const check = 31 - (sum % 31);
  return CHARSET[check === 31 ? 0 : check];
}

/**
 * 'invalid' when not 18 characters of the GB 32100 charset; 'checksum-mismatch' when well formed
 * but the check character disagrees (some real early codes do: a risk flag, not a data error).
 */
export function checkUscc(s: string): UsccCheck {
  if (typeof s !== 'string' || s.length !== 18) return 'invalid';
  for (let i = 0; i < 18; i++) if (valueAt(s, i) < 0) return 'invalid';
  return usccCheckCharacter(s) === s[17] ? 'valid' : 'checksum-mismatch';
}
