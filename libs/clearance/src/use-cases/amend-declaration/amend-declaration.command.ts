import type { DataError } from '@gba/standards';
import type { IdempotentRepeat } from '../idempotent-repeat';

/**
 * An amendment asked for (issue 13): the full corrected declaration, by the platform that filed
 * it, under its Idempotency-Key, at the authority it was filed with.
 */
export interface AmendDeclarationCommand {
  declarationId: string;
  platformId: string;
  idempotencyKey: string;
  /** The corrected declaration as sent (checked against the data standard here). */
  declaration: unknown;
}

/** What an amendment answers: the declaration's new version and where each participant stands. */
export interface AmendmentResource {
  declarationId: string;
  /** The new version: 2 for the first amendment. */
  version: number;
  status: string;
  amendedBy: string;
  /** RFC 3339, UTC. */
  amendedAt: string;
  /** Every participant: this authority re-assessed at once, the others re-assess on receipt. */
  participants: { authority: string; role: string; status: string; lane: string | null }[];
}

/**
 * The outcome in the use case's terms (the controller maps them to HTTP); refusals are thrown as
 * domain errors: NotFoundError (not on record here, or not the caller's), ConflictError (the
 * `amendability` codes: already-released, already-held, already-rejected, already-cancelled,
 * inspection-recorded, not-filing-authority).
 */
export type AmendOutcome =
  | { kind: 'amended'; amendment: AmendmentResource }
  | IdempotentRepeat
  /** The corrected declaration breaks the data standard, or changes its route or platformRef. */
  | { kind: 'invalid'; errors: DataError[] };
