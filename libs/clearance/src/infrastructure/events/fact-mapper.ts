import {
  type Authority as ProtoAuthority,
  authorityFromProto,
  authorityToProto,
  createEvent,
  encodeEvent,
  Decision,
  type Event,
  EventDecodeError,
  type EventInit,
  Lane as ProtoLane,
  Role as ProtoRole,
} from '@gba/contracts';
import {
  type InspectionResult,
  type Lane,
  parseRfc3339,
  type Role,
  validateDeclaration,
} from '@gba/standards';
import type { ClearanceFact, FactEnvelope, FinalDecision } from '@gba/clearance-domain';

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

function roleOf(role: ProtoRole): Role {
  const known = ROLE_OF.get(role);
  if (!known) throw new EventDecodeError(`unknown role ${role}`);
  return known;
}

const reasonsOf = (reasons: readonly { ruleId: string; detail: string }[]) =>
  reasons.map((r) => ({ ruleId: r.ruleId, detail: r.detail }));

/** A fact's own fields: what it carries besides the envelope. */
type FactBody = ClearanceFact extends infer F
  ? F extends ClearanceFact
    ? Omit<F, keyof FactEnvelope>
    : never
  : never;

/**
 * The envelope with the body's fields assigned onto it (the keys of `{ ...envelope, ...body }`).
 * A spread followed by further keys in one literal is V8's slow path (≈ 8 µs a fact on Node 20,
 * against 0.2 µs for this), and every declaration's facts are read by each partner.
 */
function withEnvelope(envelope: FactEnvelope, body: FactBody): ClearanceFact {
  return Object.assign(envelope, body) as ClearanceFact;
}

/** The addressees of a received event, read without decoding its body. */
export function addresseesOf(event: Event): Authority[] {
  return event.participants.map(authorityFromProto);
}
type Authority = ReturnType<typeof authorityFromProto>;

/**
 * A received protobuf Event as a domain fact. A filing's declaration is checked against the data
 * standard here: one that breaks it can never be applied (an Error, so it is dead-lettered).
 */
export function factFromEvent(event: Event): ClearanceFact {
  if (Number.isNaN(parseRfc3339(event.occurredAt)))
    throw new EventDecodeError(`occurredAt ${JSON.stringify(event.occurredAt)} is not an RFC 3339 date-time`);
  const envelope: FactEnvelope = {
    eventId: event.eventId,
    declarationId: event.declarationId,
    authority: authorityFromProto(event.authority),
    occurredAt: event.occurredAt,
    standardVersion: event.standardVersion,
    addressees: addresseesOf(event),
  };
  const body = event.body;
  switch (body.case) {
    case 'declarationFiled': {
      const validation = validateDeclaration(JSON.parse(body.value.declarationJson), event.occurredAt);
      if (!validation.ok) {
        throw new Error(
          `declaration ${event.declarationId} fails the data standard: ${validation.errors[0]?.code}`,
        );
      }
      return withEnvelope(envelope, {
        type: 'DeclarationFiled',
        filedWith: body.value.filedWith as Authority,
        platformId: body.value.platformId,
        platformRef: body.value.platformRef,
        declaration: validation.declaration,
        participants: body.value.participants.map((p) => ({
          authority: authorityFromProto(p.authority),
          role: roleOf(p.role),
        })),
      });
    }
    case 'assessmentCompleted': {
      const v = body.value;
      return withEnvelope(envelope, {
        type: 'AssessmentCompleted',
        role: roleOf(v.role),
        lane: LANE_OF.get(v.lane) ?? null,
        reasons: reasonsOf(v.reasons),
        duties: v.duties.map((d) => ({
          code: d.code,
          amount: d.money?.amount as string,
          currency: d.money?.currency as string,
        })),
        checks: v.checks,
        reserved: v.reserved,
        permitsMissing: v.permitsMissing,
        ruleIds: v.ruleIds,
        rejectedRuleIds: v.rejected ? v.rejectedRuleIds : null,
        ...(v.declarationVersion > 1 ? { declarationVersion: v.declarationVersion } : {}),
      });
    }
    case 'inspectionRequested': {
      const v = body.value;
      return withEnvelope(envelope, {
        type: 'InspectionRequested',
        inspectingAuthority: authorityFromProto(v.inspectingAuthority),
        taskId: v.taskId,
        kind: v.kind as 'document' | 'physical',
        checks: v.checks,
        requestedBy: v.requestedBy.map(authorityFromProto),
        reasons: reasonsOf(v.reasons),
      });
    }
    case 'inspectionRecorded': {
      const r = body.value;
      if (Number.isNaN(parseRfc3339(r.inspectedAt)))
        throw new EventDecodeError(
          `inspectedAt ${JSON.stringify(r.inspectedAt)} is not an RFC 3339 date-time`,
        );
      const result: InspectionResult = {
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
      return withEnvelope(envelope, { type: 'InspectionRecorded', taskId: r.taskId, result });
    }
    case 'eLockApplied': {
      const { lockId, sealNumber, location } = body.value;
      return withEnvelope(envelope, { type: 'ELockApplied', lockId, sealNumber, location });
    }
    case 'eLockVerified': {
      const { lockId, sealNumber, location, intact } = body.value;
      return withEnvelope(envelope, { type: 'ELockVerified', lockId, sealNumber, location, intact });
    }
    case 'declarationCancelled':
      return withEnvelope(envelope, {
        type: 'DeclarationCancelled',
        cancelledBy: body.value.cancelledBy,
        reason: body.value.reason,
        participants: body.value.participants.map((p) => ({
          authority: authorityFromProto(p.authority),
          role: roleOf(p.role),
        })),
      });
    case 'declarationAmended': {
      const v = body.value;
      if (v.version < 2) throw new EventDecodeError(`an amendment's version is 2 or more, not ${v.version}`);
      const validation = validateDeclaration(JSON.parse(v.declarationJson), event.occurredAt);
      if (!validation.ok) {
        throw new Error(
          `amended declaration ${event.declarationId} fails the data standard: ${validation.errors[0]?.code}`,
        );
      }
      return withEnvelope(envelope, {
        type: 'DeclarationAmended',
        version: v.version,
        declaration: validation.declaration,
        amendedBy: v.amendedBy,
        participants: v.participants.map((p) => ({
          authority: authorityFromProto(p.authority),
          role: roleOf(p.role),
        })),
      });
    }
    case 'clearanceDecided':
      return withEnvelope(envelope, {
        type: 'ClearanceDecided',
        decision: DECISION_OF.get(body.value.decision) ?? null,
        reasons: reasonsOf(body.value.reasons),
        decidedBy: body.value.decidedBy,
      });
    default:
      throw new EventDecodeError('event has no known body');
  }
}

function bodyOf(fact: ClearanceFact): EventInit['body'] {
  switch (fact.type) {
    case 'DeclarationFiled':
      return {
        case: 'declarationFiled',
        value: {
          filedWith: fact.filedWith,
          platformId: fact.platformId,
          platformRef: fact.platformRef,
          declarationJson: JSON.stringify(fact.declaration),
          participants: fact.participants.map((p) => ({
            authority: authorityToProto(p.authority),
            role: ROLES[p.role],
          })),
        },
      };
    case 'AssessmentCompleted':
      return {
        case: 'assessmentCompleted',
        value: {
          role: ROLES[fact.role],
          lane: fact.lane ? LANES[fact.lane] : ProtoLane.UNSPECIFIED,
          reasons: fact.reasons,
          duties: fact.duties.map((d) => ({
            code: d.code,
            money: { amount: d.amount, currency: d.currency },
          })),
          checks: fact.checks,
          reserved: fact.reserved,
          permitsMissing: fact.permitsMissing,
          ruleIds: fact.ruleIds,
          rejected: fact.rejectedRuleIds !== null,
          rejectedRuleIds: fact.rejectedRuleIds ?? [],
          declarationVersion: fact.declarationVersion ?? 0,
        },
      };
    case 'InspectionRequested':
      return {
        case: 'inspectionRequested',
        value: {
          inspectingAuthority: authorityToProto(fact.inspectingAuthority),
          taskId: fact.taskId,
          kind: fact.kind,
          checks: fact.checks,
          requestedBy: fact.requestedBy.map(authorityToProto),
          reasons: fact.reasons,
        },
      };
    case 'InspectionRecorded': {
      const result = fact.result;
      return {
        case: 'inspectionRecorded',
        value: {
          taskId: fact.taskId,
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
      };
    }
    case 'ELockApplied':
      return {
        case: 'eLockApplied',
        value: { lockId: fact.lockId, sealNumber: fact.sealNumber, location: fact.location },
      };
    case 'ELockVerified':
      return {
        case: 'eLockVerified',
        value: {
          lockId: fact.lockId,
          sealNumber: fact.sealNumber,
          location: fact.location,
          intact: fact.intact,
        },
      };
    case 'DeclarationCancelled':
      return {
        case: 'declarationCancelled',
        value: {
          cancelledBy: fact.cancelledBy,
          reason: fact.reason,
          participants: fact.participants.map((p) => ({
            authority: authorityToProto(p.authority),
            role: ROLES[p.role],
          })),
        },
      };
    case 'DeclarationAmended':
      return {
        case: 'declarationAmended',
        value: {
          version: fact.version,
          declarationJson: JSON.stringify(fact.declaration),
          amendedBy: fact.amendedBy,
          participants: fact.participants.map((p) => ({
            authority: authorityToProto(p.authority),
            role: ROLES[p.role],
          })),
        },
      };
    case 'ClearanceDecided':
      return {
        case: 'clearanceDecided',
        value: {
          decision: fact.decision ? DECISIONS[fact.decision] : Decision.UNSPECIFIED,
          reasons: fact.reasons,
          decidedBy: fact.decidedBy,
        },
      };
  }
}

/** A fact of this authority as the protobuf Event it publishes. */
export function eventFromFact(fact: ClearanceFact): Event {
  return createEvent({
    eventId: fact.eventId,
    declarationId: fact.declarationId,
    authority: authorityToProto(fact.authority),
    occurredAt: fact.occurredAt,
    standardVersion: fact.standardVersion,
    participants: fact.addressees.map(authorityToProto) as ProtoAuthority[],
    body: bodyOf(fact),
  });
}

/** A fact of this authority as the protobuf bytes it publishes. */
export function encodeFact(fact: ClearanceFact): Uint8Array {
  return encodeEvent(eventFromFact(fact));
}
