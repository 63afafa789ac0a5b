import type { Assessment, AssessmentContext, Authority, Declaration } from '@gba/standards';
import type { EntityManager } from 'typeorm';

/**
 * What one authority's own law adds to the common standard. Each service supplies one; everything
 * else about the lifecycle is shared.
 */
export interface AuthorityPolicy {
  authority: Authority;
  /** Extra assessment context from this authority's own records (e.g. the mainland CBEC ledger). */
  assessmentContext?(
    manager: EntityManager,
    declaration: Declaration,
    declarationId: string,
  ): Promise<Partial<AssessmentContext>>;
  /** Records what the assessment implies in this authority's own books, in the same transaction. */
  afterAssessment?(manager: EntityManager, declaration: Declaration, assessment: Assessment): Promise<void>;
  /** Follows this authority's own final decision in its books (e.g. a rejection frees CBEC quota). */
  afterDecision?(
    manager: EntityManager,
    declarationId: string,
    decision: 'RELEASED' | 'HELD' | 'REJECTED',
    at: string,
  ): Promise<void>;
}

export const AUTHORITY_POLICY = Symbol('AUTHORITY_POLICY');
