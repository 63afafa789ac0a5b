import { type Assessment, declarationStatus, type ParticipantStatus } from '@gba/standards';
import type { ClearanceFact } from './facts';
import { isSettled, versionOf } from './amendment';
import { isFinal } from './decidability';
import { mergeReasons } from './reasons';
import type { DeclarationRecord, HistoryEntry, ParticipantState } from './types';

const AWAITING: Record<string, ParticipantStatus> = {
  GREEN: 'ASSESSED',
  YELLOW: 'AWAITING_DOCUMENT_CHECK',
  RED: 'AWAITING_INSPECTION',
};

const SEQUENCE = { export: 0, transit: 1, import: 2 } as const;

/** {@link historyType} of each fact type met so far: two regular expressions per fact add up. */
const HISTORY_TYPES = new Map<string, string>();

/** History type of a fact: DeclarationFiled → DECLARATION_FILED, ELockApplied → E_LOCK_APPLIED. */
export function historyType(type: ClearanceFact['type']): string {
  let known = HISTORY_TYPES.get(type);
  if (known === undefined) {
    known = type
      .replace(/^[A-Z]/, (c) => c.toLowerCase())
      .replace(/[A-Z]/g, (c) => `_${c}`)
      .toUpperCase();
    HISTORY_TYPES.set(type, known);
  }
  return known;
}

/** What the history shows of a fact: its type, its publisher and a readable summary. */
export function historyOf(fact: ClearanceFact): HistoryEntry {
  const entry = {
    eventId: fact.eventId,
    declarationId: fact.declarationId,
    authority: fact.authority,
    type: historyType(fact.type),
    occurredAt: fact.occurredAt,
    // Present from the start: `{ ...entry, detail }` then replaces a key, V8's fast path (adding
    // one after a spread is its slow one).
    detail: {},
  };
  switch (fact.type) {
    case 'DeclarationFiled':
      return { ...entry, detail: { filedWith: fact.filedWith, platformRef: fact.platformRef } };
    case 'AssessmentCompleted':
      return { ...entry, detail: { lane: fact.lane, reasons: fact.reasons } };
    case 'ClearanceDecided':
      return {
        ...entry,
        detail: { decision: fact.decision, decidedBy: fact.decidedBy, reasons: fact.reasons },
      };
    case 'DeclarationCancelled':
      return { ...entry, detail: { cancelledBy: fact.cancelledBy, reason: fact.reason } };
    case 'DeclarationAmended':
      return {
        ...entry,
        detail: {
          version: fact.version,
          amendedBy: fact.amendedBy,
          platformRef: fact.declaration.platformRef,
        },
      };
    default:
      return { ...entry, detail: {} };
  }
}

/** A participant that has the declaration and has not assessed it yet. */
function receivedParticipant(
  authority: ParticipantState['authority'],
  role: ParticipantState['role'],
): ParticipantState {
  return {
    authority,
    role,
    status: 'RECEIVED',
    lane: null,
    reasons: [],
    duties: [],
    standardVersion: null,
    assessment: null,
    decidedAt: null,
  };
}

function withParticipant(
  participants: ParticipantState[],
  authority: ParticipantState['authority'],
  change: (current: ParticipantState | undefined) => ParticipantState | undefined,
): ParticipantState[] {
  const index = participants.findIndex((p) => p.authority === authority);
  const next = change(participants[index]);
  if (!next) return participants;
  return index < 0 ? [...participants, next] : participants.map((p, i) => (i === index ? next : p));
}

/** Whether an assessment is of a declaration version older than the one this record holds. */
export function isStale(record: DeclarationRecord, fact: ClearanceFact): boolean {
  return (
    fact.type === 'AssessmentCompleted' &&
    record.filing !== null &&
    (fact.declarationVersion ?? 1) < versionOf(record.filing)
  );
}

/**
 * Applies one fact, this authority's own or a partner's, to the record of its declaration:
 * history, participant state and overall status. Pure; applying a fact already in the record's
 * history returns the record unchanged. Every service applies the same facts, so every service
 * shows the same picture; facts of one publisher arrive in order, facts of different publishers in
 * any order (a partner's decision may precede the filing itself).
 */
export function applyFact(record: DeclarationRecord, fact: ClearanceFact): DeclarationRecord {
  if (record.history.some((h) => h.eventId === fact.eventId)) return record;
  let { filing, participants } = record;
  switch (fact.type) {
    case 'DeclarationFiled':
      filing ??= {
        platformId: fact.platformId,
        platformRef: fact.platformRef,
        filedWith: fact.filedWith,
        tradeMode: fact.declaration.tradeMode,
        filedAt: fact.occurredAt,
        declaration: fact.declaration,
      };
      for (const p of fact.participants) {
        participants = withParticipant(participants, p.authority, (current) =>
          current ? { ...current, role: p.role } : receivedParticipant(p.authority, p.role),
        );
      }
      break;
    case 'AssessmentCompleted': {
      // A late assessment of an old version is history only: the participant re-assesses the new one.
      if (isStale(record, fact)) break;
      // The assessment as the standard's functions take it (planInspection, recognise, decide).
      const assessment = {
        declarationId: fact.declarationId,
        authority: fact.authority,
        role: fact.role,
        sequence: SEQUENCE[fact.role] ?? 2,
        lane: fact.lane,
        ruleIds: fact.ruleIds,
        reasons: fact.reasons,
        checks: fact.checks,
        reserved: fact.reserved,
        duties: fact.duties.map((d) => ({ ...d, ruleId: '' })),
        permitsMissing: fact.permitsMissing,
        rejected: fact.rejectedRuleIds !== null ? { ruleIds: fact.rejectedRuleIds } : null,
        standardVersion: fact.standardVersion,
        assessedAt: fact.occurredAt,
      } as Assessment;
      // Facts of one publisher arrive in order: an assessment never overtakes its decision.
      participants = withParticipant(participants, fact.authority, (current) => ({
        authority: fact.authority,
        role: fact.role,
        // A final status stays (an assessment published before its publisher applied a
        // cancellation stays cancelled; a released or rejected participant is not re-opened).
        status:
          current && isFinal(current.status)
            ? current.status
            : fact.lane
              ? (AWAITING[fact.lane] ?? 'ASSESSED')
              : 'ASSESSED',
        lane: fact.lane,
        reasons: fact.reasons,
        duties: fact.duties,
        standardVersion: fact.standardVersion,
        assessment,
        decidedAt: current?.decidedAt ?? null,
        ...(fact.declarationVersion ? { assessedVersion: fact.declarationVersion } : {}),
      }));
      break;
    }
    case 'DeclarationAmended': {
      // Versions come from the one authority the declaration was filed with, in order; the filing
      // precedes them. A version already held (or newer) changes nothing.
      if (!filing || versionOf(filing) >= fact.version) break;
      filing = {
        ...filing,
        tradeMode: fact.declaration.tradeMode,
        declaration: fact.declaration,
        version: fact.version,
      };
      // Every participant that has not settled starts over with the new version; one that decided
      // (a decision crossing the amendment) or was cancelled keeps its state, as does one whose
      // assessment of this version (a partner's, overtaking the amendment) is already here.
      for (const p of fact.participants) {
        participants = withParticipant(participants, p.authority, (current) =>
          current && (isSettled(current) || (current.assessedVersion ?? 1) >= fact.version)
            ? undefined
            : receivedParticipant(p.authority, p.role),
        );
      }
      break;
    }
    case 'ClearanceDecided': {
      const decision = fact.decision;
      if (!decision) break;
      participants = withParticipant(participants, fact.authority, (current) =>
        // A final decision is final (decidability): a released or rejected participant takes no
        // later decision. A cancelled one takes only a release (one that crossed the
        // cancellation): the same picture whichever of the two arrives first (see
        // DeclarationCancelled). The fact stays in the history either way.
        current && (!isFinal(current.status) || (current.status === 'CANCELLED' && decision === 'RELEASED'))
          ? {
              ...current,
              status: decision,
              decidedAt: fact.occurredAt,
              reasons: mergeReasons(current.reasons, fact.reasons),
            }
          : undefined,
      );
      break;
    }
    case 'DeclarationCancelled':
      // Every participant that has not released is cancelled; one that released before it applied
      // the cancellation keeps its release (a return is the way for those goods).
      for (const p of fact.participants) {
        participants = withParticipant(participants, p.authority, (current) =>
          current
            ? current.status === 'RELEASED'
              ? undefined
              : { ...current, status: 'CANCELLED' }
            : {
                authority: p.authority,
                role: p.role,
                status: 'CANCELLED',
                lane: null,
                reasons: [],
                duties: [],
                standardVersion: null,
                assessment: null,
                decidedAt: null,
              },
        );
      }
      break;
    default:
      break;
  }
  return {
    ...record,
    filing,
    participants,
    // Before the filing reaches this authority there is no declaration status yet.
    status: filing ? declarationStatus(participants.map((p) => p.status)) : null,
    history: [...record.history, historyOf(fact)],
  };
}
