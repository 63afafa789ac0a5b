import { randomUUID } from 'node:crypto';
import { authorityFromProto, type Event } from '@gba/contracts';
import {
  type Assessment,
  type Authority,
  type Declaration,
  decide,
  type DecisionInput,
  type InspectionResult,
  planInspection,
  recognise,
} from '@gba/standards';
import type { EntityManager } from 'typeorm';
import { type EventFactory, inspectionResultOf, type Reason } from '../exchange/events';
import { declarationBody, participantRows } from '../lifecycle/records';

/** A document check passes when every check performed passed and nothing was found. */
function documentCheckOf(result: InspectionResult): NonNullable<DecisionInput['documentCheck']> {
  const failed = result.checks.filter((c) => c.outcome === 'fail').map((c) => c.check);
  const problems = [
    ...failed.map((c) => `${c} failed`),
    ...result.findings.map((f) => `${f.code}: ${f.detail}`),
  ];
  return problems.length === 0 ? { outcome: 'pass' } : { outcome: 'fail', detail: problems.join('; ') };
}

interface NewTask {
  declarationId: string;
  kind: 'document' | 'physical';
  joint: boolean;
  checks: string[];
  covers: Authority[];
  reasons: Reason[];
  standardVersion: string;
}

/**
 * "Inspected once, released by all": what this authority does when an assessment, an inspection
 * result or an e-lock check becomes known. Returns this authority's own resulting events.
 */
export class InspectionWorkflow {
  constructor(
    private readonly me: Authority,
    private readonly events: EventFactory,
  ) {}

  async react(manager: EntityManager, event: Event): Promise<Event[]> {
    switch (event.body.case) {
      case 'assessmentCompleted':
        return [
          ...(authorityFromProto(event.authority) === this.me
            ? await this.afterOwnAssessment(manager, event.declarationId)
            : []),
          ...(await this.jointInspection(manager, event.declarationId)),
        ];
      case 'inspectionRecorded':
        return this.afterResult(manager, event);
      case 'eLockVerified':
        return authorityFromProto(event.authority) === this.me ? this.afterELockCheck(manager, event) : [];
      default:
        return [];
    }
  }

  /** The decision this authority's participant takes now, as an event (null while it waits). */
  async decision(
    manager: EntityManager,
    declarationId: string,
    input: DecisionInput,
    extra: Reason[] = [],
  ): Promise<Event | null> {
    const mine = (await participantRows(manager, declarationId)).find((p) => p.authority === this.me);
    if (!mine?.assessment) return null;
    const decision = decide(mine.assessment, input);
    if (decision.outcome !== 'RELEASED' && decision.outcome !== 'HELD' && decision.outcome !== 'REJECTED')
      return null;
    return this.events.clearanceDecided({
      declarationId,
      decision: decision.outcome,
      reasons: [...extra, ...decision.reasons.map(({ ruleId, detail }) => ({ ruleId, detail }))],
      decidedBy: 'system',
      standardVersion: decision.standardVersion,
    });
  }

  private async afterOwnAssessment(manager: EntityManager, declarationId: string): Promise<Event[]> {
    const mine = (await participantRows(manager, declarationId)).find((p) => p.authority === this.me);
    const assessment = mine?.assessment;
    if (!assessment) return [];
    const outcome = decide(assessment).outcome;
    if (outcome === 'AWAITING_DOCUMENT_CHECK') {
      return this.openTask(manager, {
        declarationId,
        kind: 'document',
        joint: false,
        checks: assessment.checks,
        covers: [this.me],
        reasons: assessment.reasons.map(({ ruleId, detail }) => ({ ruleId, detail })),
        standardVersion: assessment.standardVersion,
      });
    }
    if (outcome === 'AWAITING_INSPECTION' && assessment.reserved) {
      return this.openTask(manager, {
        declarationId,
        kind: 'physical',
        joint: false,
        checks: assessment.checks,
        covers: [this.me],
        reasons: [
          {
            ruleId: 'QUARANTINE_RESERVED',
            detail: `${this.me} inspects these goods itself (reserved category)`,
          },
          ...assessment.reasons.map(({ ruleId, detail }) => ({ ruleId, detail })),
        ],
        standardVersion: assessment.standardVersion,
      });
    }
    if (outcome === 'AWAITING_INSPECTION') return [];
    const decided = await this.decision(manager, declarationId, {});
    return decided ? [decided] : [];
  }

  /** Once every participant has assessed, the export-most joint participant schedules one inspection. */
  private async jointInspection(manager: EntityManager, declarationId: string): Promise<Event[]> {
    const rows = await participantRows(manager, declarationId);
    if (rows.length === 0 || rows.some((r) => !r.assessment)) return [];
    const plan = planInspection(rows.map((r) => r.assessment as Assessment));
    if (!plan || plan.inspectingAuthority !== this.me) return [];
    return this.openTask(manager, {
      declarationId,
      kind: 'physical',
      joint: true,
      checks: plan.checks,
      covers: plan.participants,
      reasons: [
        {
          ruleId: 'JOINT_INSPECTION',
          detail: `one inspection by ${plan.inspectingAuthority} for ${plan.participants.join(', ')}`,
        },
      ],
      standardVersion: plan.standardVersion,
    });
  }

  private async afterResult(manager: EntityManager, event: Event): Promise<Event[]> {
    const result = inspectionResultOf(event);
    if (!result || event.body.case !== 'inspectionRecorded') return [];
    const mine = (await participantRows(manager, event.declarationId)).find((p) => p.authority === this.me);
    if (
      !mine?.assessment ||
      (mine.status !== 'AWAITING_INSPECTION' && mine.status !== 'AWAITING_DOCUMENT_CHECK')
    ) {
      return [];
    }
    if (result.inspectingAuthority === this.me) {
      const [task]: { covers: Authority[]; kind: 'document' | 'physical' }[] = await manager.query(
        'SELECT covers, kind FROM inspection_tasks WHERE id = $1',
        [event.body.value.taskId],
      );
      if (!task?.covers.includes(this.me)) return [];
      const input: DecisionInput =
        task.kind === 'document' ? { documentCheck: documentCheckOf(result) } : { inspection: result };
      const decided = await this.decision(manager, event.declarationId, input);
      return decided ? [decided] : [];
    }
    // A partner's result: only a physical inspection can answer this authority's RED lane.
    if (result.method === 'document' || mine.status !== 'AWAITING_INSPECTION') return [];
    const declaration = (await declarationBody(manager, event.declarationId)) as Declaration;
    const recognition = recognise(result, mine.assessment, declaration);
    if (recognition.accepted) {
      const decided = await this.decision(manager, event.declarationId, { inspection: result }, [
        {
          ruleId: 'MUTUAL_RECOGNITION',
          detail: `${result.inspectingAuthority}'s inspection at ${result.location} accepted`,
        },
      ]);
      return decided ? [decided] : [];
    }
    return this.openTask(manager, {
      declarationId: event.declarationId,
      kind: 'physical',
      joint: false,
      checks: mine.assessment.checks,
      covers: [this.me],
      reasons: recognition.reasons.map((detail) => ({
        ruleId: 'MUTUAL_RECOGNITION',
        detail: `not recognised: ${detail}`,
      })),
      standardVersion: mine.assessment.standardVersion,
    });
  }

  /** SELS on arrival: a broken or mismatched lock sends the shipment to RED and holds it. */
  private async afterELockCheck(manager: EntityManager, event: Event): Promise<Event[]> {
    if (event.body.case !== 'eLockVerified') return [];
    const seen = event.body.value;
    const declaration = await declarationBody(manager, event.declarationId);
    const mine = (await participantRows(manager, event.declarationId)).find((p) => p.authority === this.me);
    if (!declaration || !mine?.assessment) return [];
    const declared = declaration.transport.eLock;
    const problem: Reason | null = !seen.intact
      ? { ruleId: 'ELOCK_BROKEN', detail: `e-lock ${seen.lockId} arrived broken at ${seen.location}` }
      : !declared || declared.lockId !== seen.lockId || declared.sealNumber !== seen.sealNumber
        ? {
            ruleId: 'ELOCK_MISMATCH',
            detail: `e-lock ${seen.lockId}/${seen.sealNumber} does not match the declaration`,
          }
        : null;
    if (!problem) return [];
    const a = mine.assessment;
    return [
      this.events.assessmentCompleted({
        declarationId: event.declarationId,
        role: a.role,
        lane: 'RED',
        reasons: [...a.reasons.map(({ ruleId, detail }) => ({ ruleId, detail })), problem],
        duties: a.duties.map(({ code, amount, currency }) => ({ code, amount, currency })),
        checks: [...new Set([...a.checks, 'seal', 'identity'])],
        reserved: true, // this authority inspects it itself: no partner's result can stand for it
        permitsMissing: a.permitsMissing,
        ruleIds: [...a.ruleIds, problem.ruleId],
        rejectedRuleIds: a.rejected?.ruleIds ?? null,
        standardVersion: a.standardVersion,
      }),
      this.events.clearanceDecided({
        declarationId: event.declarationId,
        decision: 'HELD',
        reasons: [problem],
        decidedBy: 'system',
        standardVersion: a.standardVersion,
      }),
    ];
  }

  private async openTask(manager: EntityManager, task: NewTask): Promise<Event[]> {
    const id = randomUUID();
    const created: unknown[] = await manager.query(
      `INSERT INTO inspection_tasks (id, declaration_id, kind, joint, checks, covers, reasons)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (declaration_id, kind, joint) DO NOTHING RETURNING id`,
      [
        id,
        task.declarationId,
        task.kind,
        task.joint,
        JSON.stringify(task.checks),
        JSON.stringify(task.covers),
        JSON.stringify(task.reasons),
      ],
    );
    if (created.length === 0) return [];
    return [
      this.events.inspectionRequested({
        declarationId: task.declarationId,
        taskId: id,
        kind: task.kind,
        checks: task.checks,
        requestedBy: task.covers,
        reasons: task.reasons,
        standardVersion: task.standardVersion,
      }),
    ];
  }
}
