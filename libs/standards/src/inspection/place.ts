// The places where the authorities inspect goods and check e-locks: one rule for every location field.
import { lookupFor } from '../config/lookup';
import { currentStandard } from '../config/standards';
import type { Standard } from '../config/types';

/** Error code of a location that is not a UN/LOCODE of the standard's code list. */
export const LOCODE_UNKNOWN = 'LOCODE_UNKNOWN';

/**
 * The UN/LOCODEs (UN/ECE Recommendation 16) of the standard's code list: the crossing points and
 * hubs where the three authorities inspect and verify e-locks. A location outside it (a well-formed
 * "ZZZZZ" too) is refused as {@link LOCODE_UNKNOWN}: an inspection result's `location`
 * (validateInspectionResult) and an e-lock's `location` alike.
 */
export function inspectionPlaces(standard: Standard = currentStandard()): ReadonlySet<string> {
  return lookupFor(standard).locodes;
}

/** Whether `code` is a UN/LOCODE of the standard's code list (see {@link inspectionPlaces}). */
export function isInspectionPlace(code: unknown, standard: Standard = currentStandard()): boolean {
  return typeof code === 'string' && inspectionPlaces(standard).has(code);
}
