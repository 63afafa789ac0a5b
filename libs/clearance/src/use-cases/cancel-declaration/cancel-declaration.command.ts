import type { IdempotentRepeat } from '../idempotent-repeat';
import type { Actor } from '../officer';

/** Longest cancellation reason accepted, in characters. */
export const MAX_REASON = 1000;

/**
 * A cancellation asked for (issue 13): by the platform that filed the declaration, under its
 * Idempotency-Key, or by a supervisor of a participating authority. `reason`: 1–1000 characters.
 */
export type CancelDeclarationCommand = {
  declarationId: string;
  reason: string;
} & ({ by: 'platform'; platformId: string; idempotencyKey: string } | { by: 'officer'; officer: Actor });

/** What a cancellation answers: the declaration's state after it. */
export interface CancellationResource {
  declarationId: string;
  status: 'CANCELLED';
  cancelledBy: string;
  reason: string;
  /** RFC 3339, UTC. */
  cancelledAt: string;
  participants: { authority: string; role: string; status: string }[];
}

/**
 * The outcome in the use case's terms (the controller maps them to HTTP); refusals are thrown as
 * domain errors: NotFoundError (not on record here, or not the caller's), ConflictError
 * (already-released: a return is the way; already-cancelled).
 */
export type CancelOutcome = { kind: 'cancelled'; cancellation: CancellationResource } | IdempotentRepeat;
