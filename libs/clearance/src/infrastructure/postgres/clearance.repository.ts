import type { DeclarationStatus, RiskTarget } from '@gba/standards';
import type { EntityManager } from 'typeorm';
import {
  type DeclarationRecord,
  emptyRecord,
  type Filing,
  type HistoryEntry,
  type ParticipantState,
  type TaskState,
} from '@gba/clearance-domain';
import type { PersonalData } from './personal-data';
import { iso } from './sql';

/** Rows as loaded: only changed ones are written back. */
const loaded = new WeakSet<object>();

/**
 * Takes the transaction's advisory locks on `keys` (declaration ids, idempotency keys,
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
  withDeclaration: readonly string[] = ids,
): Promise<Map<string, DeclarationRecord>> {
  const records = new Map<string, DeclarationRecord>();
  if (ids.length === 0) return records;
  const declarations: (Filing & { id: string; status: DeclarationStatus })[] = await manager.query(
    `SELECT id, status, platform_id AS "platformId", platform_ref AS "platformRef", filed_with AS "filedWith",
            trade_mode AS "tradeMode", ${iso('filed_at')} AS "filedAt", version,
            CASE WHEN id = ANY($2::uuid[]) THEN body END AS declaration
       FROM declarations WHERE id = ANY($1::uuid[])`,
    [ids, withDeclaration],
  );
  const participants: (ParticipantState & { declarationId: string })[] = await manager.query(
    `SELECT declaration_id AS "declarationId", authority, role, status, lane, reasons, duties,
            standard_version AS "standardVersion", assessment, ${iso('decided_at')} AS "decidedAt",
            assessed_version AS "assessedVersion"
       FROM participants WHERE declaration_id = ANY($1::uuid[])`,
    [ids],
  );
  const tasks: TaskState[] = await manager.query(
    `SELECT id, declaration_id AS "declarationId", kind, joint, checks, covers, reasons, status, result,
            officer_id AS "officerId", ${iso('created_at')} AS "createdAt", ${iso('done_at')} AS "doneAt"
       FROM inspection_tasks WHERE declaration_id = ANY($1::uuid[])`,
    [ids],
  );
  const recordOf = (id: string): DeclarationRecord => {
    let record = records.get(id);
    if (!record) {
      record = emptyRecord(id);
      records.set(id, record);
    }
    return record;
  };
  for (const { id, status, ...filing } of declarations) {
    const record = recordOf(id);
    record.filing = {
      ...filing,
      declaration: filing.declaration && personalData.open(filing.declaration),
    };
    record.status = status;
    loaded.add(record.filing);
  }
  for (const { declarationId, ...state } of participants) {
    loaded.add(state);
    recordOf(declarationId).participants.push(state);
  }
  for (const task of tasks) {
    loaded.add(task);
    recordOf(task.declarationId).tasks.push(task);
  }
  return records;
}

/**
 * Writes what changed in these records, with ONE statement per table: new declarations, changed
 * overall statuses, changed participants (upsert), changed or new tasks (upsert), new history
 * entries. Filings are stored with the ID numbers of persons encrypted. The rows travel as JSON
 * records in the domain's own field names.
 */
export async function saveRecords(
  manager: EntityManager,
  records: readonly DeclarationRecord[],
  originals: ReadonlyMap<string, DeclarationRecord>,
  personalData: PersonalData,
): Promise<void> {
  const filed: string[] = [];
  const amended: string[] = [];
  const statuses = [];
  const participants = [];
  const tasks: TaskState[] = [];
  const history: HistoryEntry[] = [];
  for (const record of records) {
    const { filing, status } = record;
    if (filing && !loaded.has(filing) && originals.get(record.id)?.filing) {
      // An amendment replaced the loaded filing (issue 13): its new version, body and status.
      const row = JSON.stringify({
        id: record.id,
        tradeMode: filing.tradeMode,
        version: filing.version ?? 1,
        status,
      });
      amended.push(`${row.slice(0, -1)},"body":${personalData.sealed(filing.declaration)}}`);
    } else if (filing && !loaded.has(filing)) {
      // The sealed body is JSON text already: spliced in as a JSON value, not escaped as a string
      // (which PostgreSQL would then parse twice).
      const row = JSON.stringify({
        id: record.id,
        platformId: filing.platformId,
        platformRef: filing.platformRef,
        filedWith: filing.filedWith,
        tradeMode: filing.tradeMode,
        status,
        filedAt: filing.filedAt,
        version: filing.version ?? 1,
      });
      filed.push(`${row.slice(0, -1)},"body":${personalData.sealed(filing.declaration)}}`);
    } else if (filing && status !== originals.get(record.id)?.status) {
      statuses.push({ id: record.id, status });
    }
    for (const p of record.participants) {
      // Explicit fields: spreading into a literal with new keys is V8's slow path (≈ 0.7 µs a key).
      if (!loaded.has(p)) {
        participants.push({
          declarationId: record.id,
          authority: p.authority,
          role: p.role,
          status: p.status,
          lane: p.lane,
          reasons: p.reasons,
          duties: p.duties,
          standardVersion: p.standardVersion,
          assessment: p.assessment,
          decidedAt: p.decidedAt,
          assessedVersion: p.assessedVersion ?? 1,
        });
      }
    }
    tasks.push(...record.tasks.filter((t) => !loaded.has(t)));
    history.push(...record.history);
  }
  if (filed.length > 0) {
    await manager.query(
      `INSERT INTO declarations (id, platform_id, platform_ref, filed_with, trade_mode, body, status, filed_at,
         version)
       SELECT id, "platformId", "platformRef", "filedWith", "tradeMode", body, status, "filedAt", version
         FROM jsonb_to_recordset($1::jsonb) AS d(id uuid, "platformId" text, "platformRef" text,
           "filedWith" text, "tradeMode" text, body jsonb, status text, "filedAt" timestamptz, version int)
       ON CONFLICT (id) DO NOTHING`,
      [`[${filed.join(',')}]`],
    );
  }
  if (amended.length > 0) {
    // Versions only move forward: a unit that lost a race to a later version writes nothing here.
    await manager.query(
      `UPDATE declarations d SET body = u.body, trade_mode = u."tradeMode", version = u.version,
              status = u.status, updated_at = now()
         FROM jsonb_to_recordset($1::jsonb) AS u(id uuid, "tradeMode" text, version int, status text, body jsonb)
        WHERE d.id = u.id AND d.version < u.version`,
      [`[${amended.join(',')}]`],
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
         assessment, decided_at, assessed_version)
       SELECT "declarationId", authority, role, status, lane, reasons, duties, "standardVersion", assessment,
              "decidedAt", "assessedVersion"
         FROM jsonb_to_recordset($1::jsonb) AS p("declarationId" uuid, authority text, role text, status text,
           lane text, reasons jsonb, duties jsonb, "standardVersion" text, assessment jsonb, "decidedAt" timestamptz,
           "assessedVersion" int)
       ON CONFLICT (declaration_id, authority) DO UPDATE SET
         role = EXCLUDED.role, status = EXCLUDED.status, lane = EXCLUDED.lane, reasons = EXCLUDED.reasons,
         duties = EXCLUDED.duties, standard_version = EXCLUDED.standard_version,
         assessment = EXCLUDED.assessment, decided_at = EXCLUDED.decided_at,
         assessed_version = EXCLUDED.assessed_version, updated_at = now()`,
      [JSON.stringify(participants)],
    );
  }
  if (tasks.length > 0) {
    await manager.query(
      `INSERT INTO inspection_tasks (id, declaration_id, kind, joint, checks, covers, reasons, status, result,
         officer_id, created_at, done_at)
       SELECT id, "declarationId", kind, joint, checks, covers, reasons, status, result, "officerId", "createdAt",
              "doneAt"
         FROM jsonb_to_recordset($1::jsonb) AS t(id uuid, "declarationId" uuid, kind text, joint boolean,
           checks jsonb, covers jsonb, reasons jsonb, status text, result jsonb, "officerId" text,
           "createdAt" timestamptz, "doneAt" timestamptz)
       ON CONFLICT (id) DO UPDATE SET reasons = EXCLUDED.reasons, status = EXCLUDED.status,
         result = EXCLUDED.result, officer_id = EXCLUDED.officer_id, done_at = EXCLUDED.done_at`,
      [JSON.stringify(tasks)],
    );
  }
  if (history.length > 0) {
    await manager.query(
      // In the order the facts were applied, so the serial id is the order of arrival (the
      // history's tiebreak for facts of the same instant).
      `INSERT INTO history (event_id, declaration_id, authority, type, detail, occurred_at)
       SELECT "eventId", "declarationId", authority, type, detail, "occurredAt"
         FROM ROWS FROM (jsonb_to_recordset($1::jsonb) AS ("eventId" uuid, "declarationId" uuid,
           authority text, type text, detail jsonb, "occurredAt" timestamptz)) WITH ORDINALITY AS h
        ORDER BY h.ordinality
       ON CONFLICT (event_id) DO NOTHING`,
      [JSON.stringify(history)],
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
     SELECT "eventId", topic, "declarationId"
       FROM jsonb_to_recordset($1::jsonb) AS i("eventId" uuid, topic text, "declarationId" text)
     ON CONFLICT (event_id) DO NOTHING`,
    [JSON.stringify(received)],
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
