// Who takes part in a declaration: every one of CN, HK, MO on its route, with its role.
import { AUTHORITY_OF, type Territory } from '../types';
import type { Declaration, Participant, Party, Route } from './types';

export function isJointTerritory(t: string): t is Territory {
  return t === 'CN' || t === 'HK' || t === 'MO';
}

/** Participants in route order: the origin exports, transits in order, the destination imports. */
export function participantsOfRoute(route: Route): Participant[] {
  const result: Participant[] = [];
  if (isJointTerritory(route.origin)) result.push({ authority: AUTHORITY_OF[route.origin], role: 'export' });
  for (const t of route.transit)
    if (isJointTerritory(t)) result.push({ authority: AUTHORITY_OF[t], role: 'transit' });
  if (isJointTerritory(route.destination))
    result.push({ authority: AUTHORITY_OF[route.destination], role: 'import' });
  return result;
}

/** The authorities taking part in a declaration and their roles, in route order. */
export function participants(d: Declaration): Participant[] {
  return participantsOfRoute(d.route);
}

/**
 * Every identifier a party carries, in a fixed order: uscc, businessRegistrationNumber,
 * registrationNumber, idNumber, foreignId.value. Risk targets by party id and the first-time
 * consignor rule match on these.
 */
export function partyIdentifiers(party: Party): string[] {
  const ids: string[] = [];
  for (const id of [
    party.uscc,
    party.businessRegistrationNumber,
    party.registrationNumber,
    party.idNumber,
    party.foreignId?.value,
  ])
    if (id) ids.push(id);
  return ids;
}
