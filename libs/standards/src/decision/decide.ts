// decide(): one participant's outcome from its assessment and what happened since (a document
// check, an inspection result, permits produced).
import type { Assessment, Reason } from '../assessment/types';
import { standardByVersion } from '../config/standards';
import type { Standard } from '../config/types';
import type { Permit } from '../declaration/types';
import type { InspectionResult } from '../inspection/types';
import type { Authority } from '../types';

export type ParticipantOutcome =
  | 'RELEASED'
  | 'HELD'
  | 'REJECTED'
  | 'AWAITING_DOCUMENT_CHECK'
  | 'AWAITING_INSPECTION';

export interface DecisionInput {
  /** The authority's own inspection result, or a partner's that recognise() accepted. */
  inspection?: InspectionResult;
  /** The yellow-lane document check by an officer of this authority. */
  documentCheck?: { outcome: 'pass' | 'fail'; detail?: string };
  /** Permits produced after filing, for restricted goods. */
  permits?: Permit[];
}

export interface Decision {
  declarationId: string;
  authority: Authority;
  outcome: ParticipantOutcome;
  reasons: Reason[];
  standardVersion: string;
}

/**
 * The participant's outcome: REJECTED for a business rejection or a finding that rejects;
 * HELD for other findings or failed checks, missing permits or a failed document check;
 * AWAITING_INSPECTION (RED) or AWAITING_DOCUMENT_CHECK (YELLOW) until the checks asked for are
 * done; RELEASED otherwise.
 */
export function decide(
  assessment: Assessment,
  input: DecisionInput = {},
  standard: Standard | undefined = standardByVersion(assessment.standardVersion),
): Decision {
  const decision = (outcome: ParticipantOutcome, reasons: Reason[]): Decision => ({
    declarationId: assessment.declarationId,
    authority: assessment.authority,
    outcome,
    reasons,
    standardVersion: assessment.standardVersion,
  });

  if (assessment.rejected) {
    const ids = assessment.rejected.ruleIds;
    return decision(
      'REJECTED',
      assessment.reasons.filter((r) => ids.includes(r.ruleId)),
    );
  }

  const { inspection } = input;
  if (inspection) {
    if (inspection.declarationId !== assessment.declarationId) {
      return decision('HELD', [
        {
          ruleId: 'INSPECTION_FINDING',
          detail: `inspection result is for ${inspection.declarationId}, not ${assessment.declarationId}`,
        },
      ]);
    }
    if (inspection.findings.length > 0) {
      const outcomes = standard?.findingOutcomes;
      const rejects = inspection.findings.some((x) =>
        outcomes ? outcomes[x.code] === 'REJECTED' : x.code === 'PROHIBITED_GOODS',
      );
      return decision(
        rejects ? 'REJECTED' : 'HELD',
        inspection.findings.map((x) => ({ ruleId: 'INSPECTION_FINDING', detail: `${x.code}: ${x.detail}` })),
      );
    }
    const failed = inspection.checks.filter((c) => c.outcome === 'fail');
    if (failed.length > 0) {
      return decision(
        'HELD',
        failed.map((c) => ({
          ruleId: 'INSPECTION_FINDING',
          detail: `check ${c.check} failed at ${inspection.inspectingAuthority}`,
        })),
      );
    }
  }

  const produced = new Set((input.permits ?? []).map((p) => p.type));
  const missing = assessment.permitsMissing.filter((t) => !produced.has(t));
  if (missing.length > 0)
    return decision(
      'HELD',
      missing.map((t) => ({ ruleId: 'PERMIT_MISSING', detail: `${t} permit not produced` })),
    );

  if (input.documentCheck?.outcome === 'fail') {
    return decision('HELD', [
      { ruleId: 'DOCUMENT_CHECK', detail: input.documentCheck.detail ?? 'document check failed' },
    ]);
  }

  const performed = new Set(inspection?.checks.filter((c) => c.outcome === 'pass').map((c) => c.check));
  const uncovered = assessment.checks.filter((c) => !performed.has(c));
  const laneReasons = assessment.reasons.filter(
    (r) => r.ruleId !== 'FIRST_TIME_CONSIGNOR' && r.ruleId !== 'AEO_FACILITATION',
  );
  if (assessment.lane === 'RED' && uncovered.length > 0) {
    const detail = inspection ? `checks not covered: ${uncovered.join(', ')}` : 'physical inspection pending';
    return decision('AWAITING_INSPECTION', [{ ruleId: 'INSPECTION_REQUIRED', detail }, ...laneReasons]);
  }
  if (assessment.lane === 'YELLOW' && uncovered.length > 0 && input.documentCheck?.outcome !== 'pass') {
    return decision('AWAITING_DOCUMENT_CHECK', [
      { ruleId: 'DOCUMENT_CHECK', detail: 'document check pending' },
      ...laneReasons,
    ]);
  }
  return decision('RELEASED', laneReasons);
}
