import type { DeclarationRecord } from './types';

/** Whether a declaration may still be cancelled, and if not, why (the 409's detail). */
export type Cancellability = { cancellable: true } | { cancellable: false; code: string; reason: string };

/**
 * The rule "cancellable?" (issue 13): a declaration may be withdrawn until any participant has
 * released it; after a release the goods are out and a return is the way. A declaration already
 * cancelled is not cancelled twice. Pure over the record as this authority holds it (a release
 * that has not reached this authority yet is not seen: see applyFact, where a release crossing a
 * cancellation still stands for its participant).
 */
export function cancellability(record: DeclarationRecord): Cancellability {
  const released = record.participants.filter((p) => p.status === 'RELEASED').map((p) => p.authority);
  if (released.length > 0) {
    return {
      cancellable: false,
      code: 'already-released',
      reason: `Released by ${released.join(', ')}: a released declaration cannot be cancelled; file a return instead.`,
    };
  }
  if (record.status === 'CANCELLED' || record.participants.some((p) => p.status === 'CANCELLED')) {
    return { cancellable: false, code: 'already-cancelled', reason: 'The declaration is already cancelled.' };
  }
  return { cancellable: true };
}
