import {
  type Assessment,
  type Authority,
  decide,
  type DecisionInput,
  type InspectionResult,
  planInspection,
  recognise,
} from '@gba/standards';
import type {
  ClearanceDecided,
  ClearanceFact,
  ELockVerified,
  FactFactory,
  InspectionRecorded,
} from './facts';
import { supersededByAmendment } from './amendment';
import { mergeReasons, mergeRuleIds } from './reasons';
import type { DeclarationRecord, Reason, TaskState } from './types';

/** What a reaction leaves: the record with any task it opened, and this authority's new facts. */
export interface Reaction {
  record: DeclarationRecord;
  facts: ClearanceFact[];
}

const none = (record: DeclarationRecord): Reaction => ({ record, facts: [] });

/** A document check passes when every check performed passed and nothing was found. */
function documentCheckOf(result: InspectionResult): NonNullable<DecisionInput['documentCheck']> {
  const failed = result.checks.filter((c) => c.outcome === 'fail').map((c) => c.check);
  const problems = [
    ...failed.map((c) => `${c} failed`),
    ...result.findings.map((f) => `${f.code}: ${f.detail}`),
  ];
  return problems.length === 0 ? { outcome: 'pass' } : { outcome: 'fail', detail: problems.join('; ') };
}

/**
 * "Inspected once, released by all": what this authority does when an assessment, an inspection
 * result or an e-lock check becomes known. Pure: it returns the record (with any task it opened)
 * and this authority's own resulting facts.
 */
export class InspectionWorkflow {
  constructor(
    private readonly facts: FactFactory,
    private readonly now: () => Date,
    private readonly newId: () => string,
  ) {}

  private get me(): Authority {
    return this.facts.authority;
  }

  react(record: DeclarationRecord, fact: ClearanceFact): Reaction {
    switch (fact.type) {
      case 'AssessmentCompleted': {
        const own = fact.authority === this.me ? this.afterOwnAssessment(record) : none(record);
        const joint = this.jointInspection(own.record);
        return { record: joint.record, facts: [...own.facts, ...joint.facts] };
      }
      case 'InspectionRecorded':
        return this.afterResult(record, fact);
      case 'ELockVerified':
        return fact.authority === this.me ? this.afterELockCheck(record, fact) : none(record);
      default:
        return none(record);
    }
  }

  /** The decision this authority's participant takes now, as a fact (null while it waits). */
  decision(record: DeclarationRecord, input: DecisionInput, extra: Reason[] = []): ClearanceDecided | null {
    const mine = record.participants.find((p) => p.authority === this.me);
    if (!mine?.assessment) return null;
    const decision = decide(mine.assessment, input);
    if (decision.outcome !== 'RELEASED' && decision.outcome !== 'HELD' && decision.outcome !== 'REJECTED')
      return null;
    return this.facts.clearanceDecided(record.id, decision.standardVersion, {
      decision: decision.outcome,
      reasons: mergeReasons(
        extra,
        decision.reasons.map(({ ruleId, detail }) => ({ ruleId, detail })),
      ),
      decidedBy: 'system',
    });
  }

  private decided(record: DeclarationRecord, input: DecisionInput, extra: Reason[] = []): Reaction {
    const decided = this.decision(record, input, extra);
    return { record, facts: decided ? [decided] : [] };
  }

  private afterOwnAssessment(record: DeclarationRecord): Reaction {
    const assessment = record.participants.find((p) => p.authority === this.me)?.assessment;
    if (!assessment) return none(record);
    const outcome = decide(assessment).outcome;
    const ownReasons = assessment.reasons.map(({ ruleId, detail }) => ({ ruleId, detail }));
    if (outcome === 'AWAITING_DOCUMENT_CHECK') {
      return this.openTask(record, 'document', false, assessment.checks, [this.me], ownReasons, assessment);
    }
    if (outcome === 'AWAITING_INSPECTION' && assessment.reserved) {
      // The assessment names each reserved line under the rule; a task of its own says why only
      // when no line does, so that the rule is listed once per line, never again as a summary.
      const reserved = {
        ruleId: 'QUARANTINE_RESERVED',
        detail: `${this.me} inspects these goods itself (reserved category)`,
      };
      const reasons = ownReasons.some((r) => r.ruleId === reserved.ruleId)
        ? ownReasons
        : [reserved, ...ownReasons];
      return this.openTask(record, 'physical', false, assessment.checks, [this.me], reasons, assessment);
    }
    if (outcome === 'AWAITING_INSPECTION') return none(record);
    return this.decided(record, {});
  }

  /** Once every participant has assessed, the export-most joint participant schedules one inspection. */
  private jointInspection(record: DeclarationRecord): Reaction {
    const rows = record.participants;
    if (rows.length === 0 || rows.some((r) => !r.assessment)) return none(record);
    const plan = planInspection(rows.map((r) => r.assessment as Assessment));
    if (!plan || plan.inspectingAuthority !== this.me) return none(record);
    const reason = {
      ruleId: 'JOINT_INSPECTION',
      detail: `one inspection by ${plan.inspectingAuthority} for ${plan.participants.join(', ')}`,
    };
    return this.openTask(record, 'physical', true, plan.checks, plan.participants, [reason], plan);
  }

  private afterResult(record: DeclarationRecord, fact: InspectionRecorded): Reaction {
    const result = fact.result;
    const mine = record.participants.find((p) => p.authority === this.me);
    if (
      !mine?.assessment ||
      (mine.status !== 'AWAITING_INSPECTION' && mine.status !== 'AWAITING_DOCUMENT_CHECK')
    ) {
      return none(record);
    }
    if (result.inspectingAuthority === this.me) {
      const task = record.tasks.find((t) => t.id === fact.taskId);
      if (!task?.covers.includes(this.me)) return none(record);
      return this.decided(
        record,
        task.kind === 'document' ? { documentCheck: documentCheckOf(result) } : { inspection: result },
      );
    }
    // A partner's result: only a physical inspection can answer this authority's RED lane.
    if (result.method === 'document' || mine.status !== 'AWAITING_INSPECTION') return none(record);
    const declaration = record.filing?.declaration;
    if (!declaration) return none(record);
    const recognition = recognise(result, mine.assessment, declaration);
    if (recognition.accepted) {
      return this.decided(record, { inspection: result }, [
        {
          ruleId: 'MUTUAL_RECOGNITION',
          detail: `${result.inspectingAuthority}'s inspection at ${result.location} accepted`,
        },
      ]);
    }
    const reasons = recognition.reasons.map((detail) => ({
      ruleId: 'MUTUAL_RECOGNITION',
      detail: `not recognised: ${detail}`,
    }));
    return this.openTask(
      record,
      'physical',
      false,
      mine.assessment.checks,
      [this.me],
      reasons,
      mine.assessment,
    );
  }

  /** SELS on arrival: a broken or mismatched lock sends the shipment to RED and holds it. */
  private afterELockCheck(record: DeclarationRecord, seen: ELockVerified): Reaction {
    const declaration = record.filing?.declaration;
    const mine = record.participants.find((p) => p.authority === this.me);
    const a = mine?.assessment;
    if (!declaration || !a) return none(record);
    const declared = declaration.transport.eLock;
    const problem: Reason | null = !seen.intact
      ? { ruleId: 'ELOCK_BROKEN', detail: `e-lock ${seen.lockId} arrived broken at ${seen.location}` }
      : !declared || declared.lockId !== seen.lockId || declared.sealNumber !== seen.sealNumber
        ? {
            ruleId: 'ELOCK_MISMATCH',
            detail: `e-lock ${seen.lockId}/${seen.sealNumber} does not match the declaration`,
          }
        : null;
    if (!problem) return none(record);
    return {
      record,
      facts: [
        this.facts.assessmentCompleted(record.id, a.standardVersion, {
          role: a.role,
          lane: 'RED',
          reasons: mergeReasons(
            a.reasons.map(({ ruleId, detail }) => ({ ruleId, detail })),
            [problem],
          ),
          duties: a.duties.map(({ code, amount, currency }) => ({ code, amount, currency })),
          checks: [...new Set([...a.checks, 'seal', 'identity'])],
          reserved: true, // this authority inspects it itself: no partner's result can stand for it
          permitsMissing: a.permitsMissing,
          ruleIds: mergeRuleIds(a.ruleIds, [problem.ruleId]),
          rejectedRuleIds: a.rejected?.ruleIds ?? null,
          ...(mine?.assessedVersion ? { declarationVersion: mine.assessedVersion } : {}),
        }),
        this.facts.clearanceDecided(record.id, a.standardVersion, {
          decision: 'HELD',
          reasons: [problem],
          decidedBy: 'system',
        }),
      ],
    };
  }

  /**
   * At most one task of a kind (own or joint) per declaration version: a second one is not opened
   * (a task an amendment closed was for the old version).
   */
  private openTask(
    record: DeclarationRecord,
    kind: TaskState['kind'],
    joint: boolean,
    checks: string[],
    covers: Authority[],
    reasons: Reason[],
    basis: { standardVersion: string },
  ): Reaction {
    if (record.tasks.some((t) => t.kind === kind && t.joint === joint && !supersededByAmendment(t)))
      return none(record);
    const task: TaskState = {
      id: this.newId(),
      declarationId: record.id,
      kind,
      joint,
      checks,
      covers,
      reasons,
      status: 'pending',
      result: null,
      officerId: null,
      createdAt: this.now().toISOString(),
      doneAt: null,
    };
    return {
      record: { ...record, tasks: [...record.tasks, task] },
      facts: [
        this.facts.inspectionRequested(record.id, basis.standardVersion, {
          taskId: task.id,
          kind,
          checks,
          requestedBy: covers,
          reasons,
        }),
      ],
    };
  }
}

/** A task of this authority with an officer's result: done. */
export function completeTask(
  record: DeclarationRecord,
  taskId: string,
  result: InspectionResult,
  officerId: string,
  at: Date,
): DeclarationRecord {
  return {
    ...record,
    tasks: record.tasks.map((t) =>
      t.id === taskId ? { ...t, status: 'done', result, officerId, doneAt: at.toISOString() } : t,
    ),
  };
}
