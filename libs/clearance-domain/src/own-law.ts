import type { Assessment, AssessmentContext, Declaration } from '@gba/standards';
import type { FinalDecision } from './types';

/**
 * What one authority's own law adds to the common standard, as pure functions over its own books
 * (e.g. the mainland CBEC ledger), loaded for a unit of work and changed in memory. The books are
 * whatever the authority keeps; the store that loads and saves them is the authority's own.
 */
export interface OwnLaw<Books = unknown> {
  /** Extra assessment context from the books (e.g. the buyer's quota used this year). */
  assessmentContext?(
    books: Books,
    declaration: Declaration,
    declarationId: string,
    at: Date,
  ): Partial<AssessmentContext>;
  /** Records in the books what an assessment implies (e.g. counts the value against the quota). */
  afterAssessment?(books: Books, declaration: Declaration, assessment: Assessment): void;
  /** Follows this authority's own final decision in its books (e.g. a rejection frees quota). */
  afterDecision?(books: Books, declarationId: string, decision: FinalDecision, at: string): void;
  /**
   * Follows a cancellation of a declaration this authority had not released (e.g. gives the buyer's
   * CBEC quota back). `at`: the cancellation's RFC 3339 time.
   */
  afterCancellation?(books: Books, declarationId: string, at: string): void;
  /**
   * Follows an amendment, before this authority re-assesses the new version (e.g. takes the old
   * version's value off the buyer's CBEC quota, so that only the amended value is counted).
   */
  afterAmendment?(books: Books, declarationId: string, at: string): void;
}
