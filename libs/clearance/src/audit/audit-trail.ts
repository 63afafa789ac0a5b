import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { canonicalJson } from '../canonical-json';

export interface AuditEntry {
  actor: string;
  action: string;
  declarationId?: string;
  detail: Record<string, unknown>;
}

export interface AuditVerification {
  ok: boolean;
  entries: number;
  /** The first entry whose content, link or sequence does not hold. */
  firstBroken?: { seq: number; problem: string };
}

const GENESIS = '0'.repeat(64);

const link = (prevHash: string, entry: string) =>
  createHash('sha256').update(prevHash).update('\n').update(entry).digest('hex');

/**
 * Appends entries to the tamper-evident audit trail: each carries the hash of the one before, so
 * changing, removing or reordering any entry breaks the chain. The chain head row stays locked
 * until commit, which keeps the chain a single line; call this last in a transaction (the unit of
 * work does), so that no other lock is taken while it is held.
 */
export async function writeAudit(
  manager: EntityManager,
  entries: readonly (AuditEntry & { authority: string })[],
) {
  if (entries.length === 0) return;
  const [head]: { seq: string; hash: string }[] = await manager.query(
    'SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE',
  );
  let seq = Number(head?.seq ?? 0);
  let prevHash = head?.hash ?? GENESIS;
  const at = new Date().toISOString();
  for (const entry of entries) {
    seq++;
    const text = canonicalJson({ seq, at, ...entry });
    const hash = link(prevHash, text);
    await manager.query('INSERT INTO audit_log (seq, entry, prev_hash, hash) VALUES ($1, $2, $3, $4)', [
      seq,
      text,
      prevHash,
      hash,
    ]);
    prevHash = hash;
  }
  await manager.query('UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1', [seq, prevHash]);
}

/** Walks the whole chain in order; reports the first entry that does not hold. */
export async function verifyAudit(manager: EntityManager, pageSize = 5000): Promise<AuditVerification> {
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
      if (parsed.seq !== seq) return broken('content names another position in the chain');
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
      firstBroken: { seq: expected, problem: 'entries after this one were removed' },
    };
  }
  return { ok: true, entries: expected - 1 };
}
