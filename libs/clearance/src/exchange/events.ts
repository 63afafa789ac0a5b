import { randomUUID } from 'node:crypto';
import {
  authorityFromProto,
  authorityToProto,
  createEvent,
  Decision,
  type Event,
  type EventInit,
  Lane as ProtoLane,
  Role as ProtoRole,
} from '@gba/contracts';
import type { Authority, InspectionResult, Lane, Role } from '@gba/standards';
import type { ParticipantStatus } from '@gba/standards';

export interface Reason {
  ruleId: string;
  detail: string;
}

export interface DutyLine {
  code: string;
  amount: string;
  currency: string;
}

const LANES: Record<Lane, ProtoLane> = {
  GREEN: ProtoLane.GREEN,
  YELLOW: ProtoLane.YELLOW,
  RED: ProtoLane.RED,
};
const ROLES: Record<Role, ProtoRole> = {
  export: ProtoRole.EXPORT,
  transit: ProtoRole.TRANSIT,
  import: ProtoRole.IMPORT,
};
export type FinalDecision = 'RELEASED' | 'HELD' | 'REJECTED';
const DECISIONS: Record<FinalDecision, Decision> = {
  RELEASED: Decision.RELEASED,
  HELD: Decision.HELD,
  REJECTED: Decision.REJECTED,
};

function invert<K extends string, V extends number>(map: Record<K, V>): Map<V, K> {
  return new Map(Object.entries(map).map(([k, v]) => [v as V, k as K]));
}
const LANE_OF = invert(LANES);
const ROLE_OF = invert(ROLES);
const DECISION_OF = invert(DECISIONS);

export function laneFromProto(lane: ProtoLane): Lane | null {
  return LANE_OF.get(lane) ?? null;
}
export function roleFromProto(role: ProtoRole): Role | null {
  return ROLE_OF.get(role) ?? null;
}
export function decisionFromProto(decision: Decision): FinalDecision | null {
  return DECISION_OF.get(decision) ?? null;
}

/** Builds envelopes published by one authority. */
export class EventFactory {
  constructor(
    readonly authority: Authority,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private envelope(declarationId: string, standardVersion: string, body: EventInit['body']): Event {
    return createEvent({
      eventId: randomUUID(),
      declarationId,
      authority: authorityToProto(this.authority),
      occurredAt: this.now().toISOString(),
      standardVersion,
      body,
    });
  }

  declarationFiled(args: {
    declarationId: string;
    platformId: string;
    platformRef: string;
    declarationJson: string;
    participants: { authority: Authority; role: Role }[];
    standardVersion: string;
  }): Event {
    return this.envelope(args.declarationId, args.standardVersion, {
      case: 'declarationFiled',
      value: {
        filedWith: this.authority,
        platformId: args.platformId,
        platformRef: args.platformRef,
        declarationJson: args.declarationJson,
        participants: args.participants.map((p) => ({
          authority: authorityToProto(p.authority),
          role: ROLES[p.role],
        })),
      },
    });
  }

  assessmentCompleted(args: {
    declarationId: string;
    role: Role;
    lane: Lane;
    reasons: Reason[];
    duties: DutyLine[];
    checks: string[];
    reserved: boolean;
    permitsMissing: string[];
    ruleIds: string[];
    rejectedRuleIds: string[] | null;
    standardVersion: string;
  }): Event {
    return this.envelope(args.declarationId, args.standardVersion, {
      case: 'assessmentCompleted',
      value: {
        role: ROLES[args.role],
        lane: LANES[args.lane],
        reasons: args.reasons,
        duties: args.duties.map((d) => ({ code: d.code, money: { amount: d.amount, currency: d.currency } })),
        checks: args.checks,
        reserved: args.reserved,
        permitsMissing: args.permitsMissing,
        ruleIds: args.ruleIds,
        rejected: args.rejectedRuleIds !== null,
        rejectedRuleIds: args.rejectedRuleIds ?? [],
      },
    });
  }

  inspectionRequested(args: {
    declarationId: string;
    taskId: string;
    kind: 'document' | 'physical';
    checks: string[];
    requestedBy: Authority[];
    reasons: Reason[];
    standardVersion: string;
  }): Event {
    return this.envelope(args.declarationId, args.standardVersion, {
      case: 'inspectionRequested',
      value: {
        inspectingAuthority: authorityToProto(this.authority),
        taskId: args.taskId,
        kind: args.kind,
        checks: args.checks,
        requestedBy: args.requestedBy.map(authorityToProto),
        reasons: args.reasons,
      },
    });
  }

  inspectionRecorded(taskId: string, result: InspectionResult): Event {
    return this.envelope(result.declarationId, result.standardVersion, {
      case: 'inspectionRecorded',
      value: {
        taskId,
        inspectingAuthority: authorityToProto(result.inspectingAuthority),
        officerId: result.officerId,
        inspectedAt: result.inspectedAt,
        location: result.location,
        method: result.method,
        checks: result.checks,
        containerNumbers: result.containerNumbers,
        sealNumber: result.sealNumber ?? '',
        eLockId: result.eLockId ?? '',
        sealIntact: result.sealIntact ?? false,
        findings: result.findings,
        standardVersion: result.standardVersion,
      },
    });
  }

  eLock(
    declarationId: string,
    standardVersion: string,
    body:
      | { case: 'eLockApplied'; lockId: string; sealNumber: string; location: string }
      | { case: 'eLockVerified'; lockId: string; sealNumber: string; location: string; intact: boolean },
  ): Event {
    const { case: kind, ...value } = body;
    return this.envelope(declarationId, standardVersion, { case: kind, value } as EventInit['body']);
  }

  clearanceDecided(args: {
    declarationId: string;
    decision: FinalDecision;
    reasons: Reason[];
    decidedBy: string;
    standardVersion: string;
  }): Event {
    return this.envelope(args.declarationId, args.standardVersion, {
      case: 'clearanceDecided',
      value: { decision: DECISIONS[args.decision], reasons: args.reasons, decidedBy: args.decidedBy },
    });
  }
}

/** What the history shows of an event: its type, its publisher and a readable summary. */
export function historyOf(event: Event): {
  authority: Authority;
  type: string;
  detail: Record<string, unknown>;
} {
  const authority = authorityFromProto(event.authority);
  const body = event.body;
  switch (body.case) {
    case 'declarationFiled':
      return {
        authority,
        type: 'DECLARATION_FILED',
        detail: { filedWith: body.value.filedWith, platformRef: body.value.platformRef },
      };
    case 'assessmentCompleted':
      return {
        authority,
        type: 'ASSESSMENT_COMPLETED',
        detail: {
          lane: laneFromProto(body.value.lane),
          reasons: body.value.reasons.map((r) => ({ ruleId: r.ruleId, detail: r.detail })),
        },
      };
    case 'clearanceDecided':
      return {
        authority,
        type: 'CLEARANCE_DECIDED',
        detail: {
          decision: decisionFromProto(body.value.decision),
          decidedBy: body.value.decidedBy,
          reasons: body.value.reasons.map((r) => ({ ruleId: r.ruleId, detail: r.detail })),
        },
      };
    default:
      return {
        authority,
        type: String(body.case ?? 'UNKNOWN')
          .replace(/[A-Z]/g, (c) => `_${c}`)
          .toUpperCase(),
        detail: {},
      };
  }
}

export type { ParticipantStatus };

/** The common inspection record carried by an InspectionRecorded event. */
export function inspectionResultOf(event: Event): InspectionResult | null {
  if (event.body.case !== 'inspectionRecorded') return null;
  const r = event.body.value;
  return {
    declarationId: event.declarationId,
    inspectingAuthority: authorityFromProto(r.inspectingAuthority),
    officerId: r.officerId,
    inspectedAt: r.inspectedAt,
    location: r.location,
    method: r.method as InspectionResult['method'],
    checks: r.checks.map((c) => ({
      check: c.check as InspectionResult['checks'][number]['check'],
      outcome: c.outcome as InspectionResult['checks'][number]['outcome'],
    })),
    containerNumbers: r.containerNumbers,
    ...(r.sealNumber ? { sealNumber: r.sealNumber } : {}),
    ...(r.eLockId ? { eLockId: r.eLockId } : {}),
    ...(r.sealNumber || r.eLockId ? { sealIntact: r.sealIntact } : {}),
    findings: r.findings.map((f) => ({
      code: f.code as InspectionResult['findings'][number]['code'],
      detail: f.detail,
    })),
    standardVersion: r.standardVersion,
  };
}
