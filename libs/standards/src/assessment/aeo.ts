// AEO facilitation: an authority recognises its own AEOs, and a partner's only while an
// arrangement between the two is in force on the declaration's date for its transport mode.
import { lookupFor } from '../config/lookup';
import type { Standard, TransportMode } from '../config/types';
import { aeoIssuer } from '../identifiers/party-ids';
import { localDay } from '../time';
import { TERRITORY_OF, type Authority } from '../types';

/** Whether `authority` recognises the AEO with this code on the local day `day` for `mode`. */
export function aeoRecognisedOnDay(
  code: string,
  authority: Authority,
  mode: TransportMode,
  day: number,
  standard: Standard,
): boolean {
  const issuer = aeoIssuer(code);
  if (issuer === undefined) return false;
  const home = TERRITORY_OF[authority];
  if (issuer === home) return true;
  return lookupFor(standard).arrangements.some(({ arrangement, fromDay }) => {
    const [a, b] = arrangement.parties;
    const between = (a === home && b === issuer) || (a === issuer && b === home);
    const from = fromDay[mode];
    return between && from !== undefined && from <= day;
  });
}

/** Whether `authority` recognises the AEO with this code at the instant `at` (UTC+8 calendar day). */
export function aeoRecognised(
  code: string,
  authority: Authority,
  mode: TransportMode,
  at: Date | string,
  standard: Standard,
): boolean {
  return aeoRecognisedOnDay(code, authority, mode, localDay(at), standard);
}
