import type {
  Assessment,
  Authority,
  Declaration,
  DeclarationStatus,
  InspectionResult,
  Lane,
  ParticipantStatus,
  Role,
} from '@gba/standards';

/** A rule that fired, or a free-text ground, as published in events and shown to platforms. */
export interface Reason {
  ruleId: string;
  detail: string;
}

/** A duty as published: decimal amount string with two decimals, ISO 4217 currency. */
export interface DutyLine {
  code: string;
  amount: string;
  currency: string;
}

export type FinalDecision = 'RELEASED' | 'HELD' | 'REJECTED';

/** One authority taking part in a declaration, as this authority knows it. */
export interface ParticipantState {
  authority: Authority;
  role: Role;
  status: ParticipantStatus;
  lane: Lane | null;
  reasons: Reason[];
  duties: DutyLine[];
  standardVersion: string | null;
  /** The participant's assessment as published (what planInspection, recognise and decide take). */
  assessment: Assessment | null;
  /** RFC 3339, UTC; null until decided. */
  decidedAt: string | null;
  /** The declaration version its assessment is of (absent: version 1, or not assessed). */
  assessedVersion?: number;
}

/** One of this authority's inspection tasks: a document check or a physical inspection. */
export interface TaskState {
  id: string;
  declarationId: string;
  kind: 'document' | 'physical';
  /** One joint inspection for several participants, or this authority's own. */
  joint: boolean;
  checks: string[];
  covers: Authority[];
  reasons: Reason[];
  status: 'pending' | 'done';
  result: InspectionResult | null;
  officerId: string | null;
  /** RFC 3339, UTC. */
  createdAt: string;
  doneAt: string | null;
}

/** An entry of the shared history: one applied fact. */
export interface HistoryEntry {
  eventId: string;
  declarationId: string;
  authority: Authority;
  /** DECLARATION_FILED, ASSESSMENT_COMPLETED, CLEARANCE_DECIDED, INSPECTION_REQUESTED, ... */
  type: string;
  occurredAt: string;
  detail: Record<string, unknown>;
}

/** The filing itself: known here once the DeclarationFiled fact was applied. */
export interface Filing {
  platformId: string;
  platformRef: string;
  filedWith: Authority;
  tradeMode: string;
  /** RFC 3339, UTC. */
  filedAt: string;
  /**
   * The validated declaration (ID numbers in clear: sealed only at rest); null when the unit of
   * work did not load it (only an inspection result or an e-lock check reads it).
   */
  declaration: Declaration | null;
  /**
   * The declaration's version: 1 as filed, +1 per amendment (issue 13). Absent in a filing stored
   * before amendments: read it with `versionOf`.
   */
  version?: number;
}

/**
 * Everything this authority knows of one declaration. A partner's facts may arrive before the
 * filing (events of different publishers come in any order): `filing` is null until then, and so
 * is `status`.
 */
export interface DeclarationRecord {
  id: string;
  filing: Filing | null;
  status: DeclarationStatus | null;
  participants: ParticipantState[];
  tasks: TaskState[];
  /** History entries applied in this unit of work (earlier ones stay in the store). */
  history: HistoryEntry[];
}

/** A record of which nothing is known yet. */
export function emptyRecord(id: string): DeclarationRecord {
  return { id, filing: null, status: null, participants: [], tasks: [], history: [] };
}

/** An entry for the tamper-evident audit trail. */
export interface AuditNote {
  actor: string;
  action: string;
  declarationId?: string;
  detail: Record<string, unknown>;
}
