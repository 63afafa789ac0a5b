import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { canonicalJson } from '../../canonical-json';

/** One audited action of an authority, e.g. `{ actor: 'GZ-sup', action: 'DECISION', ... }`. */
export type AuditEntry = {
  authority: string;
  actor: string;
  action: string;
  declarationId?: string;
  detail: Record<string, unknown>;
};

export interface AuditVerification {
  /** True when every chained entry holds and the chain ends where its head says. */
  ok: boolean;
  /** Chained entries verified (seq 1 … entries), up to the first broken one. */
  entries: number;
  /** Entries appended but not yet chained by the sequencer (not covered by this verification). */
  unchained: number;
  /** The first entry whose content, link or position does not hold. */
  firstBroken?: { seq: number; problem: string };
}

/** The tail still to be chained: how many entries, and the age of the oldest (seconds, 0 when none). */
export interface AuditBacklog {
  count: number;
  oldestAgeSeconds: number;
}

const GENESIS = '0'.repeat(64);

/** hash = sha256(previous hash ‖ "\n" ‖ canonical JSON of the entry), hex. */
const link = (prevHash: string, entry: string) =>
  createHash('sha256').update(prevHash).update('\n').update(entry).digest('hex');

/**
 * Appends entries to the audit trail inside the caller's transaction, with ONE multi-row INSERT
 * and no lock: they commit or roll back with the change they record. Each entry's content (its
 * canonical JSON, with the time `at` of this call) is fixed here; its place in the hash chain
 * (`seq`, `prev_hash`, `hash`) is given after commit by the sequencer ({@link chainAuditTail}).
 * Entries of one call are chained in the order given.
 */
export async function appendAuditEntries(
  manager: EntityManager,
  entries: readonly AuditEntry[],
): Promise<void> {
  if (entries.length === 0) return;
  const at = new Date().toISOString();
  await manager.query(
    `INSERT INTO audit_log (at, entry)
     SELECT $1::timestamptz, e.entry FROM unnest($2::text[]) WITH ORDINALITY AS e(entry, n) ORDER BY e.n`,
    [
      at,
      entries.map(({ authority, actor, action, declarationId, detail }) =>
        canonicalJson({ at, authority, actor, action, declarationId, detail }),
      ),
    ],
  );
}

/**
 * Chains the committed, unchained entries (at most `limit`), in the order of their ids, after
 * the current head: one short transaction that locks the head row, reads the tail, links it in
 * memory and writes `seq`/`prev_hash`/`hash` with ONE `UPDATE … FROM unnest` and the new head.
 *
 * Chain order is the order in which the sequencer sees committed entries. An entry becomes
 * visible only when its transaction commits, so an entry of a transaction that committed late
 * is chained after entries that committed before it, even if its id is smaller: in practice the
 * chain follows commit order. Rolled-back entries are never seen. The head row lock makes
 * concurrent callers take turns (they never fork the chain); it is held only for this short
 * transaction, never across a unit of work. Returns the number of entries chained.
 */
export async function chainAuditTail(dataSource: DataSource, limit = 5000): Promise<number> {
  return dataSource.transaction(async (manager) => {
    const [head]: { seq: string; hash: string }[] = await manager.query(
      'SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE',
    );
    if (!head) throw new Error('audit_head is missing: run the migrations');
    // Read after taking the lock: in READ COMMITTED this sees every chain written before it.
    const tail: { id: string; entry: string }[] = await manager.query(
      'SELECT id, entry FROM audit_log WHERE seq IS NULL ORDER BY id LIMIT $1',
      [limit],
    );
    if (tail.length === 0) return 0;
    let seq = Number(head.seq);
    let prevHash = head.hash;
    const seqs: number[] = [];
    const prevHashes: string[] = [];
    const hashes: string[] = [];
    for (const row of tail) {
      seqs.push(++seq);
      prevHashes.push(prevHash);
      prevHash = link(prevHash, row.entry);
      hashes.push(prevHash);
    }
    const [, linked]: [unknown, number] = await manager.query(
      `UPDATE audit_log a SET seq = u.seq, prev_hash = u.prev_hash, hash = u.hash
       FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[]) AS u(id, seq, prev_hash, hash)
       WHERE a.id = u.id AND a.seq IS NULL`,
      [tail.map((r) => r.id), seqs, prevHashes, hashes],
    );
    if (linked !== tail.length) throw new Error(`audit chain: linked ${linked} of ${tail.length} entries`);
    await manager.query('UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1', [seq, prevHash]);
    return tail.length;
  });
}

/**
 * Walks the whole chain in `seq` order and reports the first entry that does not hold: a gap,
 * a link to something other than the entry before, content that does not match its hash, or a
 * chain that ends before its head (entries removed from the end). Entries not yet chained are
 * counted, not verified. Run it in a REPEATABLE READ transaction for a consistent answer.
 */
export async function verifyAudit(manager: EntityManager, pageSize = 5000): Promise<AuditVerification> {
  const [{ unchained }]: { unchained: number }[] = await manager.query(
    'SELECT count(*)::int AS unchained FROM audit_log WHERE seq IS NULL',
  );
  let prevHash = GENESIS;
  let expected = 1;
  for (;;) {
    const rows: { seq: string; entry: string; prev_hash: string; hash: string }[] = await manager.query(
      'SELECT seq, entry, prev_hash, hash FROM audit_log WHERE seq >= $1 ORDER BY seq LIMIT $2',
      [expected, pageSize],
    );
    for (const row of rows) {
      const seq = Number(row.seq);
      const broken = (problem: string): AuditVerification => ({
        ok: false,
        entries: expected - 1,
        unchained,
        firstBroken: { seq, problem },
      });
      if (seq !== expected) return broken(`entry ${expected} is missing`);
      if (row.prev_hash !== prevHash) return broken('does not link to the entry before it');
      if (link(prevHash, row.entry) !== row.hash) return broken('content does not match its hash');
      let parsed: { seq?: unknown };
      try {
        parsed = JSON.parse(row.entry) as { seq?: unknown };
      } catch {
        return broken('content is not the JSON that was hashed');
      }
      // Entries written before the sequencer existed name their position in their content.
      if (parsed.seq !== undefined && parsed.seq !== seq)
        return broken('content names another position in the chain');
      prevHash = row.hash;
      expected++;
    }
    if (rows.length < pageSize) break;
  }
  const [head]: { seq: string; hash: string }[] = await manager.query(
    'SELECT seq, hash FROM audit_head WHERE id = 1',
  );
  if (head && (Number(head.seq) !== expected - 1 || head.hash !== prevHash)) {
    return {
      ok: false,
      entries: expected - 1,
      unchained,
      firstBroken: { seq: expected, problem: 'entries after this one were removed' },
    };
  }
  return { ok: true, entries: expected - 1, unchained };
}

/** How many entries wait for the sequencer and how long the oldest has waited. */
export async function auditBacklog(manager: EntityManager): Promise<AuditBacklog> {
  const [row]: { count: number; age: number }[] = await manager.query(
    `SELECT count(*)::int AS count, COALESCE(EXTRACT(EPOCH FROM now() - min(at)), 0)::float AS age
     FROM audit_log WHERE seq IS NULL`,
  );
  return { count: row?.count ?? 0, oldestAgeSeconds: Math.max(0, row?.age ?? 0) };
}

/**
 * The audit trail for the service's use cases (the sequencer, verification): the functions
 * above bound to the service's database.
 */
@Injectable()
export class AuditTrailRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** See {@link chainAuditTail}. */
  chainTail(limit?: number): Promise<number> {
    return chainAuditTail(this.dataSource, limit);
  }

  /**
   * Chains what has committed so far, then verifies the whole chain in one snapshot: every
   * entry committed before the call is covered (unless more than `limit` are pending).
   */
  async chainAndVerify(limit = 5000): Promise<AuditVerification> {
    while ((await chainAuditTail(this.dataSource, limit)) === limit);
    return this.dataSource.transaction('REPEATABLE READ', (manager) => verifyAudit(manager));
  }

  backlog(): Promise<AuditBacklog> {
    return auditBacklog(this.dataSource.manager);
  }
}

export { AUDIT_CHANNEL } from './migrations/1764600000000-chain-audit-entries-later';
