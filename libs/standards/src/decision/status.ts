// The declaration as a whole, from its participants' statuses (domain.md § Clearance outcome).

export type ParticipantStatus =
  | 'RECEIVED'
  | 'ASSESSED'
  | 'AWAITING_DOCUMENT_CHECK'
  | 'AWAITING_INSPECTION'
  | 'RELEASED'
  | 'HELD'
  | 'REJECTED'
  /** Withdrawn before this participant released it (issue 13: cancellation). */
  | 'CANCELLED';

export type DeclarationStatus = 'CLEARED' | 'REJECTED' | 'HELD' | 'IN_PROGRESS' | 'CANCELLED';

/**
 * CANCELLED when any participant is cancelled (a cancellation cancels every participant that had
 * not released), else REJECTED when any rejected, HELD when any holds, CLEARED when every
 * participant released, else IN_PROGRESS.
 */
export function declarationStatus(statuses: readonly ParticipantStatus[]): DeclarationStatus {
  if (statuses.includes('CANCELLED')) return 'CANCELLED';
  if (statuses.includes('REJECTED')) return 'REJECTED';
  if (statuses.includes('HELD')) return 'HELD';
  if (statuses.length > 0 && statuses.every((s) => s === 'RELEASED')) return 'CLEARED';
  return 'IN_PROGRESS';
}
