import type {
  Authority,
  Declaration,
  DeclarationStatus,
  ParticipantStatus,
  RiskTarget,
} from '@gba/standards';
import type { EntityManager } from 'typeorm';
import type { DeclarationRecord, HistoryEntry, ParticipantState, TaskState } from '@gba/clearance-domain';
import type { PersonalData } from './personal-data';

/** Rows as loaded: only changed ones are written back. */
const loaded = new WeakSet<object>();

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/**
 * Takes the transaction's advisory locks on `keys` (declaration ids, idempotency keys, consignors,
 * own-law books …) with ONE statement, in a fixed order so that two units never deadlock on them.
 * Held until commit.
 */
export async function lockKeys(manager: EntityManager, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  await manager.query(
    `SELECT pg_advisory_xact_lock(k)
       FROM (SELECT DISTINCT hashtextextended(t, 0) AS k FROM unnest($1::text[]) AS t) AS keys ORDER BY k`,
    [keys],
  );
}

/**
 * The records of these declarations as this authority holds them (declaration, participants,
 * its own inspection tasks), one query per table. Unknown ids are simply absent.
 */
export async function loadRecords(
  manager: EntityManager,
  ids: readonly string[],
  personalData: PersonalData,
): Promise<Map<string, DeclarationRecord>> {
  const records = new Map<string, DeclarationRecord>();
  if (ids.length === 0) return records;
  const declarations: {
    id: string;
    platform_id: string;
    platform_ref: string;
    filed_with: Authority;
    trade_mode: string;
    body: Declaration;
    status: DeclarationStatus;
    filed_at: Date;
  }[] = await manager.query(
    `SELECT id, platform_id, platform_ref, filed_with, trade_mode, body, status, filed_at
       FROM declarations WHERE id = ANY($1::uuid[])`,
    [ids],
  );
  const participants: {
    declaration_id: string;
    authority: Authority;
    role: ParticipantState['role'];
    status: ParticipantStatus;
    lane: ParticipantState['lane'];
    reasons: ParticipantState['reasons'];
    duties: ParticipantState['duties'];
    standard_version: string | null;
    assessment: ParticipantState['assessment'];
    decided_at: Date | null;
  }[] = await manager.query(
    `SELECT declaration_id, authority, role, status, lane, reasons, duties, standard_version, assessment, decided_at
       FROM participants WHERE declaration_id = ANY($1::uuid[])`,
    [ids],
  );
  const tasks: {
    id: string;
    declaration_id: string;
    kind: TaskState['kind'];
    joint: boolean;
    checks: string[];
    covers: Authority[];
    reasons: TaskState['reasons'];
    status: TaskState['status'];
    result: TaskState['result'];
    officer_id: string | null;
    created_at: Date;
    done_at: Date | null;
  }[] = await manager.query(
    `SELECT id, declaration_id, kind, joint, checks, covers, reasons, status, result, officer_id, created_at, done_at
       FROM inspection_tasks WHERE declaration_id = ANY($1::uuid[])`,
    [ids],
  );
  const recordOf = (id: string): DeclarationRecord => {
    let record = records.get(id);
    if (!record) {
      record = { id, filing: null, status: null, participants: [], tasks: [], history: [] };
      records.set(id, record);
    }
    return record;
  };
  for (const d of declarations) {
    const record = recordOf(d.id);
    record.filing = {
      platformId: d.platform_id,
      platformRef: d.platform_ref,
      filedWith: d.filed_with,
      tradeMode: d.trade_mode,
      filedAt: d.filed_at.toISOString(),
      declaration: personalData.open(d.body),
    };
    record.status = d.status;
    loaded.add(record.filing);
  }
  for (const p of participants) {
    const state: ParticipantState = {
      authority: p.authority,
      role: p.role,
      status: p.status,
      lane: p.lane,
      reasons: p.reasons,
      duties: p.duties,
      standardVersion: p.standard_version,
      assessment: p.assessment,
      decidedAt: iso(p.decided_at),
    };
    loaded.add(state);
    recordOf(p.declaration_id).participants.push(state);
  }
  for (const t of tasks) {
    const state: TaskState = {
      id: t.id,
      declarationId: t.declaration_id,
      kind: t.kind,
      joint: t.joint,
      checks: t.checks,
      covers: t.covers,
      reasons: t.reasons,
      status: t.status,
      result: t.result,
      officerId: t.officer_id,
      createdAt: t.created_at.toISOString(),
      doneAt: iso(t.done_at),
    };
    loaded.add(state);
    recordOf(t.declaration_id).tasks.push(state);
  }
  return records;
}

/**
 * Writes what changed in these records, with ONE statement per table: new declarations, changed
 * overall statuses, changed participants (upsert), changed or new tasks (upsert), new history
 * entries. Filings are stored with the ID numbers of persons encrypted.
 */
export async function saveRecords(
  manager: EntityManager,
  records: readonly DeclarationRecord[],
  originals: ReadonlyMap<string, DeclarationRecord>,
  personalData: PersonalData,
): Promise<void> {
  const newDeclarations = [];
  const statuses = [];
  const participants = [];
  const tasks = [];
  const history: HistoryEntry[] = [];
  for (const record of records) {
    const original = originals.get(record.id);
    if (record.filing && !loaded.has(record.filing)) {
      newDeclarations.push({
        id: record.id,
        platform_id: record.filing.platformId,
        platform_ref: record.filing.platformRef,
        filed_with: record.filing.filedWith,
        trade_mode: record.filing.tradeMode,
        body: personalData.seal(JSON.stringify(record.filing.declaration)),
        status: record.status,
        filed_at: record.filing.filedAt,
      });
    } else if (record.filing && record.status !== original?.status) {
      statuses.push({ id: record.id, status: record.status });
    }
    for (const p of record.participants) {
      if (loaded.has(p)) continue;
      participants.push({
        declaration_id: record.id,
        authority: p.authority,
        role: p.role,
        status: p.status,
        lane: p.lane,
        reasons: p.reasons,
        duties: p.duties,
        standard_version: p.standardVersion,
        assessment: p.assessment,
        decided_at: p.decidedAt,
      });
    }
    for (const t of record.tasks) {
      if (loaded.has(t)) continue;
      tasks.push({
        id: t.id,
        declaration_id: t.declarationId,
        kind: t.kind,
        joint: t.joint,
        checks: t.checks,
        covers: t.covers,
        reasons: t.reasons,
        status: t.status,
        result: t.result,
        officer_id: t.officerId,
        created_at: t.createdAt,
        done_at: t.doneAt,
      });
    }
    history.push(...record.history);
  }
  if (newDeclarations.length > 0) {
    await manager.query(
      `INSERT INTO declarations (id, platform_id, platform_ref, filed_with, trade_mode, body, status, filed_at)
       SELECT id, platform_id, platform_ref, filed_with, trade_mode, body::jsonb, status, filed_at
         FROM jsonb_to_recordset($1::jsonb) AS d(id uuid, platform_id text, platform_ref text, filed_with text,
           trade_mode text, body text, status text, filed_at timestamptz)
       ON CONFLICT (id) DO NOTHING`,
      [JSON.stringify(newDeclarations)],
    );
  }
  if (statuses.length > 0) {
    await manager.query(
      `UPDATE declarations d SET status = u.status, updated_at = now()
         FROM jsonb_to_recordset($1::jsonb) AS u(id uuid, status text)
        WHERE d.id = u.id AND d.status IS DISTINCT FROM u.status`,
      [JSON.stringify(statuses)],
    );
  }
  if (participants.length > 0) {
    await manager.query(
      `INSERT INTO participants (declaration_id, authority, role, status, lane, reasons, duties, standard_version,
         assessment, decided_at)
       SELECT declaration_id, authority, role, status, lane, reasons, duties, standard_version, assessment, decided_at
         FROM jsonb_to_recordset($1::jsonb) AS p(declaration_id uuid, authority text, role text, status text,
           lane text, reasons jsonb, duties jsonb, standard_version text, assessment jsonb, decided_at timestamptz)
       ON CONFLICT (declaration_id, authority) DO UPDATE SET
         role = EXCLUDED.role, status = EXCLUDED.status, lane = EXCLUDED.lane, reasons = EXCLUDED.reasons,
         duties = EXCLUDED.duties, standard_version = EXCLUDED.standard_version,
         assessment = EXCLUDED.assessment, decided_at = EXCLUDED.decided_at, updated_at = now()`,
      [JSON.stringify(participants)],
    );
  }
  if (tasks.length > 0) {
    await manager.query(
      `INSERT INTO inspection_tasks (id, declaration_id, kind, joint, checks, covers, reasons, status, result,
         officer_id, created_at, done_at)
       SELECT id, declaration_id, kind, joint, checks, covers, reasons, status, result, officer_id, created_at, done_at
         FROM jsonb_to_recordset($1::jsonb) AS t(id uuid, declaration_id uuid, kind text, joint boolean,
           checks jsonb, covers jsonb, reasons jsonb, status text, result jsonb, officer_id text,
           created_at timestamptz, done_at timestamptz)
       ON CONFLICT (id) DO UPDATE SET reasons = EXCLUDED.reasons, status = EXCLUDED.status,
         result = EXCLUDED.result, officer_id = EXCLUDED.officer_id, done_at = EXCLUDED.done_at`,
      [JSON.stringify(tasks)],
    );
  }
  if (history.length > 0) {
    await manager.query(
      `INSERT INTO history (event_id, declaration_id, authority, type, detail, occurred_at)
       SELECT event_id, declaration_id, authority, type, detail, occurred_at
         FROM jsonb_to_recordset($1::jsonb) AS h(event_id uuid, declaration_id uuid, authority text, type text,
           detail jsonb, occurred_at timestamptz)
       ON CONFLICT (event_id) DO NOTHING`,
      [
        JSON.stringify(
          history.map((h) => ({
            event_id: h.eventId,
            declaration_id: h.declarationId,
            authority: h.authority,
            type: h.type,
            detail: h.detail,
            occurred_at: h.occurredAt,
          })),
        ),
      ],
    );
  }
}

/** Of these event ids, the ones in the inbox (applied before). */
export async function appliedBefore(
  manager: EntityManager,
  eventIds: readonly string[],
): Promise<Set<string>> {
  if (eventIds.length === 0) return new Set();
  const rows: { event_id: string }[] = await manager.query(
    'SELECT event_id FROM inbox WHERE event_id = ANY($1::uuid[])',
    [eventIds],
  );
  return new Set(rows.map((r) => r.event_id));
}

/** Records received events in the inbox (one statement): each is applied exactly once. */
export async function recordInInbox(
  manager: EntityManager,
  received: readonly { eventId: string; topic: string; declarationId: string }[],
): Promise<void> {
  if (received.length === 0) return;
  await manager.query(
    `INSERT INTO inbox (event_id, source_topic, declaration_id)
     SELECT event_id, source_topic, declaration_id
       FROM jsonb_to_recordset($1::jsonb) AS i(event_id uuid, source_topic text, declaration_id text)
     ON CONFLICT (event_id) DO NOTHING`,
    [
      JSON.stringify(
        received.map((r) => ({
          event_id: r.eventId,
          source_topic: r.topic,
          declaration_id: r.declarationId,
        })),
      ),
    ],
  );
}

/** Of these consignor identifiers, the ones seen before (kept as keyed hashes, never in clear). */
export async function knownConsignors(
  manager: EntityManager,
  ids: readonly string[],
  personalData: PersonalData,
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const byHash = new Map(ids.map((id) => [personalData.keyedHash(id), id]));
  const rows: { party_id: string }[] = await manager.query(
    'SELECT party_id FROM known_consignors WHERE party_id = ANY($1::text[])',
    [[...byHash.keys()]],
  );
  return new Set(rows.map((r) => byHash.get(r.party_id) as string));
}

export async function rememberConsignors(
  manager: EntityManager,
  ids: Iterable<string>,
  personalData: PersonalData,
): Promise<void> {
  const hashes = [...new Set([...ids].map((id) => personalData.keyedHash(id)))];
  if (hashes.length === 0) return;
  await manager.query(
    'INSERT INTO known_consignors (party_id) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING',
    [hashes],
  );
}

/** The lock key of a consignor identifier (its keyed hash: no ID number in pg_locks). */
export function consignorLockKey(id: string, personalData: PersonalData): string {
  return `consignor:${personalData.keyedHash(id)}`;
}

/** This authority's risk targets in force. */
export async function riskTargetsInForce(manager: EntityManager): Promise<RiskTarget[]> {
  const rows: {
    id: string;
    match: RiskTarget['match'];
    lane: 'YELLOW' | 'RED';
    reason: string;
    expires_at: Date;
    set_at: Date;
  }[] = await manager.query(
    `SELECT id, match, lane, reason, expires_at, set_at FROM risk_targets
      WHERE deleted_at IS NULL AND expires_at > now()`,
  );
  return rows.map((t) => ({
    id: t.id,
    match: t.match,
    lane: t.lane,
    reason: t.reason,
    expiresAt: t.expires_at,
    setAt: t.set_at,
  }));
}
