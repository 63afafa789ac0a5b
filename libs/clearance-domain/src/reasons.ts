import type { Reason } from './types';

/**
 * The reasons of several stages of one participant (assessment, then each decision) as one list:
 * each reason once, in the order it first appeared. A reason is its rule id with its detail: a rule
 * that fired at the assessment and is repeated by the decision it led to (CBEC_PAYER_NOT_BUYER
 * assessed, then REJECTED for it) is one reason; one rule with two different details (two
 * inspection findings, two missing permits) is two. domain.md: every assessment and decision
 * records the rule ids that fired, so any decision can be explained; listing one twice explains
 * nothing more.
 */
export function mergeReasons(earlier: readonly Reason[], later: readonly Reason[]): Reason[] {
  const merged: Reason[] = [];
  for (const r of earlier.concat(later)) {
    if (!merged.some((m) => m.ruleId === r.ruleId && m.detail === r.detail)) merged.push(r);
  }
  return merged;
}

/** Rule ids of several stages as one list, each once, in the order it first appeared. */
export function mergeRuleIds(earlier: readonly string[], later: readonly string[]): string[] {
  return [...new Set([...earlier, ...later])];
}
