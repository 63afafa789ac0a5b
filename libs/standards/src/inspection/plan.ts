// One inspection for the whole route (Hengqin "cooperative inspection, one-time release").
import type { Assessment } from '../assessment/types';
import { CHECKS, type Check } from '../types';
import type { InspectionPlan } from './types';

/**
 * The joint inspection plan for one declaration's assessments, or null when none is needed: no
 * participant needs RED outside its reserved categories. The inspecting authority is the
 * export-side participant, else the first transit, else the import side; the plan covers the
 * union of the checks of every participant that asked for any. A participant RED from its
 * reserved categories inspects itself and takes no part; rejected participants take none either.
 */
export function planInspection(assessments: Assessment[]): InspectionPlan | null {
  if (assessments.length === 0) return null;
  const declarationId = assessments[0].declarationId;
  if (assessments.some((a) => a.declarationId !== declarationId))
    throw new RangeError('assessments of different declarations');

  const joint = assessments
    .filter((a) => a.rejected === null && !a.reserved)
    .sort((a, b) => a.sequence - b.sequence);
  if (!joint.some((a) => a.lane === 'RED')) return null;
  const covered = joint.filter((a) => a.lane !== 'GREEN');
  const wanted = new Set<Check>(covered.flatMap((a) => a.checks));
  const inspecting = joint[0];
  return {
    declarationId,
    inspectingAuthority: inspecting.authority,
    checks: CHECKS.filter((c) => wanted.has(c)),
    participants: covered.map((a) => a.authority),
    standardVersion: inspecting.standardVersion,
  };
}
