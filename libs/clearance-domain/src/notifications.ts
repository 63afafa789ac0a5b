import type { Authority, DeclarationStatus, Lane, ParticipantStatus } from '@gba/standards';
import { versionOf } from './amendment';
import type { DeclarationRecord, ParticipantState, Reason } from './types';

/**
 * What a notification tells the filing platform (the receipts of the mainland's CBEC platform
 * interface, HMRC's push-pull notifications):
 * - `ACCEPTED`: filed and accepted, every participant has received it;
 * - `ASSESSED`: a participant assessed it GREEN (no check of its own);
 * - `DOCUMENTS_REQUESTED`: a participant's YELLOW lane, a document check;
 * - `INSPECTION_SCHEDULED`: a participant's RED lane, a physical inspection (`inspectingAuthority`
 *   where known);
 * - `RELEASED`, `HELD`, `REJECTED`: a participant's decision (with its reasons, rule ids);
 * - `CLEARED`: every participant released. A rejection or hold of the declaration as a whole is
 *   `REJECTED`/`HELD` with `status` saying so;
 * - `CANCELLED`: the declaration withdrawn (every participant that had not released it);
 * - `AMENDED`: a corrected version of the declaration (the filing's version rose); the
 *   participants as they stand after re-assessing it, as far as the filing authority knows.
 */
export type NotificationType =
  | 'ACCEPTED'
  | 'ASSESSED'
  | 'DOCUMENTS_REQUESTED'
  | 'INSPECTION_SCHEDULED'
  | 'RELEASED'
  | 'HELD'
  | 'REJECTED'
  | 'CLEARED'
  | 'CANCELLED'
  | 'AMENDED';

export const NOTIFICATION_TYPES: readonly NotificationType[] = [
  'ACCEPTED',
  'ASSESSED',
  'DOCUMENTS_REQUESTED',
  'INSPECTION_SCHEDULED',
  'RELEASED',
  'HELD',
  'REJECTED',
  'CLEARED',
  'CANCELLED',
  'AMENDED',
];

/** A participant as a notification shows it. */
export interface NotifiedParticipant {
  authority: Authority;
  status: ParticipantStatus;
  lane: Lane | null;
}

/** A reason of a participant that changed, with that participant. */
export interface NotifiedReason extends Reason {
  authority: Authority;
}

/**
 * One notification the filing authority owes the filing platform: the declaration as it stands
 * after one change, as pushed (the webhook body) and pulled (`GET /notifications`).
 */
export interface PlatformNotification {
  /** UUID; the Standard Webhooks `webhook-id` of every delivery of it. */
  id: string;
  declarationId: string;
  platformId: string;
  platformRef: string;
  type: NotificationType;
  /** The declaration's overall status after the change. */
  status: DeclarationStatus;
  /** The participant the change is about (null for ACCEPTED and CLEARED). */
  authority: Authority | null;
  /** For INSPECTION_SCHEDULED: the authority that inspects (one joint inspection may cover several). */
  inspectingAuthority: Authority | null;
  /** In the order of the route (export, transit, import). */
  participants: NotifiedParticipant[];
  /** The reasons (rule ids and details) of the participants that changed. */
  reasons: NotifiedReason[];
  /** RFC 3339, UTC: when the latest fact of the change occurred. */
  occurredAt: string;
}

/** By a participant's new status (a status this version does not know names no type). */
const TYPE_OF_STATUS: Readonly<Record<string, NotificationType>> = {
  RECEIVED: 'ACCEPTED',
  ASSESSED: 'ASSESSED',
  AWAITING_DOCUMENT_CHECK: 'DOCUMENTS_REQUESTED',
  AWAITING_INSPECTION: 'INSPECTION_SCHEDULED',
  RELEASED: 'RELEASED',
  HELD: 'HELD',
  REJECTED: 'REJECTED',
  CANCELLED: 'CANCELLED',
};

/** Which of several participants' changes names the notification: the weightiest. */
const WEIGHT: Record<NotificationType, number> = {
  ACCEPTED: 0,
  ASSESSED: 1,
  DOCUMENTS_REQUESTED: 2,
  INSPECTION_SCHEDULED: 3,
  RELEASED: 4,
  HELD: 5,
  REJECTED: 6,
  CLEARED: 7,
  CANCELLED: 8,
  AMENDED: 9,
};

const ROUTE_ORDER: Record<string, number> = { export: 0, transit: 1, import: 2 };
/** Participants in the order of the route: export, transit, import. */
const byRoute = (a: ParticipantState, b: ParticipantState): number =>
  (ROUTE_ORDER[a.role] ?? 3) - (ROUTE_ORDER[b.role] ?? 3);

function sameParticipant(a: ParticipantState | undefined, b: ParticipantState): boolean {
  return (
    a !== undefined &&
    a.status === b.status &&
    a.lane === b.lane &&
    JSON.stringify(a.reasons) === JSON.stringify(b.reasons)
  );
}

/**
 * The notifications the filing authority `me` owes the filing platforms for one unit of work:
 * for every declaration filed with `me` whose overall status or any participant's status, lane or
 * reasons differ between `before` (as loaded) and `after` (as saved), exactly ONE notification,
 * whichever authority's fact caused the change; none for an unchanged declaration, none at a
 * partner authority (the platform hears from the authority it filed with). Pure: ids from `newId`,
 * `now` only when the unit applied no fact (occurredAt).
 */
export function notificationsOwed(
  me: Authority,
  before: ReadonlyMap<string, DeclarationRecord>,
  after: readonly DeclarationRecord[],
  newId: () => string,
  now: Date,
): PlatformNotification[] {
  const owed: PlatformNotification[] = [];
  for (const record of after) {
    const { filing, status } = record;
    if (!filing || filing.filedWith !== me || status === null) continue;
    const earlier = before.get(record.id);
    const earlierStatus = earlier?.filing ? earlier.status : null;
    const previous = new Map((earlier?.participants ?? []).map((p) => [p.authority, p]));
    const changed = record.participants.filter((p) => !sameParticipant(previous.get(p.authority), p));
    const amended = earlierStatus !== null && versionOf(filing) > versionOf(earlier?.filing ?? null);
    if (earlierStatus === status && changed.length === 0 && !amended) continue;

    let type: NotificationType;
    let authority: Authority | null = null;
    if (earlierStatus === null) type = 'ACCEPTED';
    else if (amended) type = 'AMENDED';
    else if (status !== earlierStatus && status !== 'IN_PROGRESS') type = status;
    else {
      type = 'ACCEPTED';
      for (const p of changed) {
        const t = TYPE_OF_STATUS[p.status];
        if (t === undefined) continue;
        if (authority === null || WEIGHT[t] > WEIGHT[type]) {
          type = t;
          authority = p.authority;
        }
      }
    }
    if (type === 'HELD' || type === 'REJECTED') {
      authority = changed.find((p) => p.status === type)?.authority ?? authority;
    }
    const requested = record.history.filter((h) => h.type === 'INSPECTION_REQUESTED').at(-1);
    const latest = record.history
      .map((h) => h.occurredAt)
      .sort()
      .at(-1);
    owed.push({
      id: newId(),
      declarationId: record.id,
      platformId: filing.platformId,
      platformRef: filing.platformRef,
      type,
      status,
      authority: type === 'ACCEPTED' || type === 'CLEARED' || type === 'AMENDED' ? null : authority,
      inspectingAuthority: type === 'INSPECTION_SCHEDULED' ? (requested?.authority ?? null) : null,
      participants: [...record.participants].sort(byRoute).map((p) => ({
        authority: p.authority,
        status: p.status,
        lane: p.lane,
      })),
      reasons: changed.flatMap((p) =>
        p.reasons.map((r) => ({ authority: p.authority, ruleId: r.ruleId, detail: r.detail })),
      ),
      occurredAt: latest ?? now.toISOString(),
    });
  }
  return owed;
}
