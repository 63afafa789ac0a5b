import { type DeclarationRecord, versionOf } from '@gba/clearance-domain';
import { type DeclarationStatus, type ParticipantStatus, parseRfc3339 } from '@gba/standards';

export interface ParticipantView {
  authority: string;
  role: string;
  status: ParticipantStatus;
  lane: string | null;
  reasons: { ruleId: string; detail: string }[];
  duties: { code: string; amount: string; currency: string }[];
  decidedAt: string | null;
}

export interface HistoryView {
  eventId: string;
  authority: string;
  type: string;
  occurredAt: string;
  detail: Record<string, unknown>;
}

/** The declaration resource of api.md. */
export interface DeclarationResource {
  id: string;
  platformRef: string;
  status: DeclarationStatus;
  filedWith: string;
  tradeMode: string;
  filedAt: string;
  /** 1 as filed, +1 per amendment (issue 13): the version every participant assesses. */
  version: number;
  participants: ParticipantView[];
  history: HistoryView[];
}

const ROLE_ORDER = { export: 0, transit: 1, import: 2 } as const;

/**
 * History in time order; facts of the same instant keep the order they were applied in (the order
 * they arrived and were recorded: Array.prototype.sort is stable), never that of their random event
 * ids. The store reads it the same way (its history's serial id).
 */
const byTime = (a: HistoryView, b: HistoryView) =>
  a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : 0;

/**
 * The resource of a record held in memory, as api.md shows it: participants in route order (then
 * by authority), history by time then in the order applied. Only for a record whose whole history is in
 * memory, e.g. one filed in this unit of work.
 */
export function resourceOf(record: DeclarationRecord): DeclarationResource {
  const filing = record.filing;
  if (!filing || !record.status) throw new Error(`declaration ${record.id} is not filed here`);
  return {
    id: record.id,
    platformRef: filing.platformRef,
    status: record.status,
    filedWith: filing.filedWith,
    tradeMode: filing.tradeMode,
    filedAt: filing.filedAt,
    version: versionOf(filing),
    participants: [...record.participants]
      .sort(
        (a, b) =>
          ROLE_ORDER[a.role] - ROLE_ORDER[b.role] ||
          (a.authority < b.authority ? -1 : a.authority > b.authority ? 1 : 0),
      )
      .map((p) => ({
        authority: p.authority,
        role: p.role,
        status: p.status,
        lane: p.lane,
        reasons: p.reasons,
        duties: p.duties,
        decidedAt: p.decidedAt,
      })),
    history: record.history
      .map((h) => ({
        eventId: h.eventId,
        authority: h.authority,
        type: h.type,
        occurredAt: h.occurredAt,
        detail: h.detail,
      }))
      .sort(byTime),
  };
}

export interface DeclarationSummary {
  id: string;
  platformRef: string;
  status: DeclarationStatus;
  filedWith: string;
  filedAt: string;
}

/** Cursor: the (filed_at, id) of the last item, opaque to clients. */
export function encodeCursor(filedAt: Date, id: string): string {
  return Buffer.from(`${filedAt.toISOString()}|${id}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): { filedAt: string; id: string } | null {
  const [filedAt, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!filedAt || !id || rest.length > 0 || Number.isNaN(parseRfc3339(filedAt))) return null;
  if (!/^[0-9a-f-]{36}$/.test(id)) return null;
  return { filedAt, id };
}
