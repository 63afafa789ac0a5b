// The declaration as a whole, from its participants' statuses (domain.md § Clearance outcome).

export type ParticipantStatus =
  | 'RECEIVED'
  | 'ASSESSED'
  | 'AWAITING_DOCUMENT_CHECK'
  | 'AWAITING_INSPECTION'
  | 'RELEASED'
  | 'HELD'
  | 'REJECTED';

export type DeclarationStatus = 'CLEARED' | 'REJECTED' | 'HELD' | 'IN_PROGRESS';

/** CLEARED when every participant released, REJECTED when any rejected, HELD when any holds, else IN_PROGRESS. */
export function declarationStatus(statuses: readonly ParticipantStatus[]): DeclarationStatus {
  if (statuses.includes('REJECTED')) return 'REJECTED';
  if (statuses.includes('HELD')) return 'HELD';
  if (statuses.length > 0 && statuses.every((s) => s === 'RELEASED')) return 'CLEARED';
  return 'IN_PROGRESS';
}
