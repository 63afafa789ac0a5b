import {
  assess,
  type Authority,
  type Declaration,
  participants,
  partyIdentifiers,
  type RiskTarget,
  type Standard,
  standardFor,
} from '@gba/standards';
import type { AssessmentCompleted, FactFactory } from './facts';
import type { OwnLaw } from './own-law';

/** What the own assessment needs besides the declaration, as loaded for the unit of work. */
export interface AssessmentSettings {
  /** Random selection on (production) or off (RANDOM_SELECTION=off, for tests and demos). */
  randomSelection: boolean;
  /** Secret key of the keyed random selection. */
  selectionKey: string;
  /** This authority's risk targets in force. */
  riskTargets: readonly RiskTarget[];
  /** Consignor identifiers seen before; the assessment adds the ones it sees. */
  knownConsignors: Set<string>;
  law?: OwnLaw;
  books?: unknown;
}

/** The identifiers a consignor is known by (USCC, BR number, registration number, ID number, foreign id). */
export function consignorIdsOf(declaration: Declaration): string[] {
  return partyIdentifiers(declaration.consignor);
}

const NEVER = { RED: '0', YELLOW: '0' };

/** One copy per version, so the standard's lookups (cached per object) are built once, not per call. */
const withoutSelection = new WeakMap<Standard, Standard>();

/** The standard in force with every random-selection rate at zero (RANDOM_SELECTION=off). */
function withoutRandomSelection(standard: Standard): Standard {
  let copy = withoutSelection.get(standard);
  if (!copy) {
    copy = { ...standard, randomSelection: { standard: NEVER, aeo: NEVER, firstTimeConsignor: NEVER } };
    withoutSelection.set(standard, copy);
  }
  return copy;
}

/**
 * This authority's own assessment of its part of a declaration, as the fact it publishes (none
 * when it takes no part). A consignor none of whose identifiers was seen before is a first-time
 * consignor; its identifiers are known from then on. The own law reads and updates its books.
 * An amended declaration is assessed the same way, its version carried on the fact.
 */
export function assessOwnPart(
  facts: FactFactory,
  declarationId: string,
  declaration: Declaration,
  settings: AssessmentSettings,
  at: Date,
  /** The declaration version assessed (issue 13): 1 as filed, higher once amended. */
  declarationVersion = 1,
): AssessmentCompleted | null {
  const me: Authority = facts.authority;
  const mine = participants(declaration).find((p) => p.authority === me);
  if (!mine) return null;
  const ids = consignorIdsOf(declaration);
  const firstTimeConsignor =
    new Set(ids).size === ids.length && ids.every((id) => !settings.knownConsignors.has(id));
  for (const id of ids) settings.knownConsignors.add(id);
  const law = settings.law;
  const extra = law?.assessmentContext?.(settings.books, declaration, declarationId, at) ?? {};
  const assessment = assess(declaration, me, {
    declarationId,
    assessedAt: at,
    ...(settings.randomSelection ? {} : { standard: withoutRandomSelection(standardFor(at)) }),
    selectionKey: settings.selectionKey,
    firstTimeConsignor,
    riskTargets: settings.riskTargets,
    ...extra,
  });
  law?.afterAssessment?.(settings.books, declaration, assessment);
  return facts.assessmentCompleted(declarationId, assessment.standardVersion, {
    role: mine.role,
    lane: assessment.lane,
    reasons: assessment.reasons.map(({ ruleId, detail }) => ({ ruleId, detail })),
    duties: assessment.duties.map(({ code, amount, currency }) => ({ code, amount, currency })),
    checks: assessment.checks,
    reserved: assessment.reserved,
    permitsMissing: assessment.permitsMissing,
    ruleIds: assessment.ruleIds,
    rejectedRuleIds: assessment.rejected?.ruleIds ?? null,
    ...(declarationVersion > 1 ? { declarationVersion } : {}),
  });
}
