/** A participant's clearance state (domain.md, "Clearance outcome"). */
export type ParticipantStatus =
  | 'RECEIVED'
  | 'ASSESSED'
  | 'AWAITING_DOCUMENT_CHECK'
  | 'AWAITING_INSPECTION'
  | 'RELEASED'
  | 'HELD'
  | 'REJECTED';

/** The declaration as a whole. */
export type OverallStatus = 'IN_PROGRESS' | 'CLEARED' | 'HELD' | 'REJECTED';

export const FINAL_STATUSES: readonly ParticipantStatus[] = ['RELEASED', 'HELD', 'REJECTED'];

/**
 * CLEARED when every participant released it, REJECTED when any rejected it, HELD when any holds
 * it, IN_PROGRESS otherwise. `expected` is how many participants the route has: a partner not yet
 * heard of counts as in progress.
 */
export function overallStatus(statuses: readonly ParticipantStatus[], expected: number): OverallStatus {
  if (statuses.includes('REJECTED')) return 'REJECTED';
  if (statuses.includes('HELD')) return 'HELD';
  if (statuses.length >= expected && statuses.every((s) => s === 'RELEASED')) return 'CLEARED';
  return 'IN_PROGRESS';
}
