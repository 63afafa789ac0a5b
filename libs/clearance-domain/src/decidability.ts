import type { Authority, ParticipantStatus } from '@gba/standards';
import type { DeclarationRecord } from './types';

/**
 * The participant statuses that are final: released (the goods are out; a return is the way),
 * rejected, or cancelled (withdrawn). HELD is not final: a held participant may still be released
 * or rejected.
 */
const FINAL = new Set<ParticipantStatus>(['RELEASED', 'REJECTED', 'CANCELLED']);

/** Whether a participant status is final: no later decision, assessment or officer action moves it. */
export function isFinal(status: ParticipantStatus): boolean {
  return FINAL.has(status);
}

/** Whether an authority may still decide (or act on) its part of a declaration, and if not, why (the 409). */
export type Decidability = { decidable: true } | { decidable: false; code: string; reason: string };

/**
 * The rule "decidable?": a final decision is final. An authority decides, and records inspection
 * results or e-lock facts, on its part of a declaration only while neither the declaration is
 * cancelled nor its own participant released, rejected or cancelled (after a release a return is
 * the way). Codes: `already-cancelled`, `already-released`, `already-rejected`. Pure over the
 * record as this authority holds it, like {@link cancellability}.
 */
export function decidability(record: DeclarationRecord, authority: Authority): Decidability {
  const mine = record.participants.find((p) => p.authority === authority);
  if (record.status === 'CANCELLED' || mine?.status === 'CANCELLED') {
    return { decidable: false, code: 'already-cancelled', reason: 'The declaration is cancelled.' };
  }
  if (mine?.status === 'RELEASED') {
    return {
      decidable: false,
      code: 'already-released',
      reason: `${authority} released the declaration already: a release is final; file a return instead.`,
    };
  }
  if (mine?.status === 'REJECTED') {
    return {
      decidable: false,
      code: 'already-rejected',
      reason: `${authority} rejected the declaration already: a rejection is final.`,
    };
  }
  return { decidable: true };
}
