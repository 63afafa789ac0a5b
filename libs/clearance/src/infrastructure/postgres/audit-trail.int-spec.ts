import { createHash } from 'node:crypto';
import { createTestDatabase } from '@gba/testing';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { canonicalJson } from '../../canonical-json';
import { CLEARANCE_MIGRATIONS } from '../../schema';
import {
  appendAuditEntries,
  type AuditEntry,
  auditBacklog,
  AuditTrailRepository,
  chainAuditTail,
  verifyAudit,
} from './audit-trail.repository';
import { ChainAuditEntriesLater1764600000000 } from './migrations/1764600000000-chain-audit-entries-later';

const entry = (n: number, action = 'DECISION'): AuditEntry => ({
  authority: 'GZ',
  actor: `officer-${n}`,
  action,
  declarationId: `decl-${n}`,
  detail: { n, lane: 'GREEN' },
});

async function openDatabase(name: string, migrations = CLEARANCE_MIGRATIONS) {
  const url = await createTestDatabase(name);
  const dataSource = new DataSource({
    type: 'postgres',
    url,
    migrations,
    migrationsTableName: 'schema_migrations',
    extra: { max: 30 },
  });
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  return { url, dataSource };
}

const verify = (dataSource: DataSource) =>
  dataSource.transaction('REPEATABLE READ', (manager) => verifyAudit(manager));

describe('audit trail: appended without a lock, chained after commit (PostgreSQL)', () => {
  let dataSource: DataSource;
  let url: string;

  beforeAll(async () => {
    ({ url, dataSource } = await openDatabase('audit_trail'));
  });

  beforeEach(async () => {
    await dataSource.query('TRUNCATE audit_log');
    await dataSource.query(`UPDATE audit_head SET seq = 0, hash = $1`, ['0'.repeat(64)]);
  });

  afterAll(() => dataSource?.destroy());

  it('appends with one INSERT, unchained, with its content and time fixed; chaining only links', async () => {
    const statements: string[] = [];
    await dataSource.transaction(async (manager) => {
      const query = manager.query.bind(manager);
      manager.query = (sql: string, params?: unknown[]) => {
        statements.push(sql);
        return query(sql, params);
      };
      await appendAuditEntries(manager, [entry(1), entry(2), { ...entry(3), declarationId: undefined }]);
    });
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatch(/^INSERT INTO audit_log/);

    const before: { id: string; seq: null; hash: null; entry: string; at: Date }[] = await dataSource.query(
      'SELECT id, seq, hash, entry, at FROM audit_log ORDER BY id',
    );
    expect(before.map((r) => [r.seq, r.hash])).toEqual([
      [null, null],
      [null, null],
      [null, null],
    ]);
    const parsed = before.map((r) => JSON.parse(r.entry) as Record<string, unknown>);
    expect(parsed.map((p) => p['actor'])).toEqual(['officer-1', 'officer-2', 'officer-3']);
    expect(parsed[2]).not.toHaveProperty('declarationId');
    expect(parsed[0]).not.toHaveProperty('seq');
    expect(before[0]!.entry).toBe(canonicalJson(parsed[0]));
    expect(new Date(parsed[0]!['at'] as string).getTime()).toBe(before[0]!.at.getTime());
    expect(await verify(dataSource)).toEqual({ ok: true, entries: 0, unchained: 3 });

    expect(await chainAuditTail(dataSource)).toBe(3);
    const after: { seq: string; entry: string; prev_hash: string; hash: string }[] = await dataSource.query(
      'SELECT seq, entry, prev_hash, hash FROM audit_log ORDER BY id',
    );
    expect(after.map((r) => r.entry)).toEqual(before.map((r) => r.entry));
    expect(after.map((r) => Number(r.seq))).toEqual([1, 2, 3]);
    expect(after[0]!.prev_hash).toBe('0'.repeat(64));
    expect(after[1]!.prev_hash).toBe(after[0]!.hash);
    const sha = (prev: string, text: string) => createHash('sha256').update(`${prev}\n${text}`).digest('hex');
    expect(after[2]!.hash).toBe(sha(after[1]!.hash, after[2]!.entry));
    expect(await chainAuditTail(dataSource)).toBe(0);
    expect(await verify(dataSource)).toEqual({ ok: true, entries: 3, unchained: 0 });
    expect(await dataSource.query('SELECT seq::int, hash FROM audit_head')).toEqual([
      { seq: 3, hash: after[2]!.hash },
    ]);
  });

  it('never waits for the chain: appending commits while the head row is locked', async () => {
    const holder = new Client({ connectionString: url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT * FROM audit_head WHERE id = 1 FOR UPDATE');
      const appended = dataSource.transaction(async (manager) => {
        await manager.query(`SET LOCAL lock_timeout = '2s'`);
        await appendAuditEntries(manager, [entry(1)]);
      });
      await expect(appended).resolves.toBeUndefined();
      expect((await auditBacklog(dataSource.manager)).count).toBe(1);
    } finally {
      await holder.query('ROLLBACK');
      await holder.end();
    }
  });

  it('chains in the order commits become visible, not in the order entries were appended', async () => {
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      await appendAuditEntries(runner.manager, [entry(1, 'EARLY_BUT_SLOW')]);
      await dataSource.transaction((m) => appendAuditEntries(m, [entry(2, 'LATE_BUT_QUICK')]));
      expect(await chainAuditTail(dataSource)).toBe(1);
      await runner.commitTransaction();
      expect(await chainAuditTail(dataSource)).toBe(1);
    } finally {
      await runner.release();
    }
    const rows: { id: string; seq: string; action: string }[] = await dataSource.query(
      `SELECT id, seq, entry::jsonb ->> 'action' AS action FROM audit_log ORDER BY seq`,
    );
    expect(rows.map((r) => r.action)).toEqual(['LATE_BUT_QUICK', 'EARLY_BUT_SLOW']);
    expect(Number(rows[0]!.id)).toBeGreaterThan(Number(rows[1]!.id));
    expect(await verify(dataSource)).toMatchObject({ ok: true, entries: 2 });
  });

  it('detects a changed entry, a removed entry and a cut-off end of the chain', async () => {
    await dataSource.transaction((m) =>
      appendAuditEntries(
        m,
        [1, 2, 3, 4, 5].map((n) => entry(n)),
      ),
    );
    await chainAuditTail(dataSource);
    expect(await verify(dataSource)).toMatchObject({ ok: true, entries: 5 });

    await dataSource.query(`UPDATE audit_log SET entry = replace(entry, 'GREEN', 'RED') WHERE seq = 3`);
    expect(await verify(dataSource)).toEqual({
      ok: false,
      entries: 2,
      unchained: 0,
      firstBroken: { seq: 3, problem: 'content does not match its hash' },
    });
    await dataSource.query(`UPDATE audit_log SET entry = replace(entry, 'RED', 'GREEN') WHERE seq = 3`);
    expect(await verify(dataSource)).toMatchObject({ ok: true, entries: 5 });

    await dataSource.query('DELETE FROM audit_log WHERE seq = 5');
    expect(await verify(dataSource)).toMatchObject({
      ok: false,
      entries: 4,
      firstBroken: { seq: 5, problem: 'entries after this one were removed' },
    });
    await dataSource.query('DELETE FROM audit_log WHERE seq = 2');
    expect(await verify(dataSource)).toMatchObject({
      ok: false,
      entries: 1,
      firstBroken: { seq: 3, problem: 'entry 2 is missing' },
    });
  });

  it('chains and verifies in one call for the endpoint and the command, counting what commits meanwhile', async () => {
    await dataSource.transaction((m) => appendAuditEntries(m, [entry(1), entry(2)]));
    const result = await new AuditTrailRepository(dataSource).chainAndVerify(1);
    expect(result).toEqual({ ok: true, entries: 2, unchained: 0 });
  });
});

describe('audit trail written before the sequencer existed', () => {
  const GENESIS = '0'.repeat(64);
  const link = (prev: string, text: string) =>
    createHash('sha256').update(prev).update('\n').update(text).digest('hex');

  it('keeps its seq and hashes, still verifies, and new entries chain after it', async () => {
    const before = CLEARANCE_MIGRATIONS.filter((m) => m !== ChainAuditEntriesLater1764600000000);
    const { dataSource } = await openDatabase('audit_legacy', before);
    try {
      // Entries as the old writeAudit made them: seq inside the content, head updated each time.
      let prev = GENESIS;
      const legacy: { seq: number; entry: string; prev: string; hash: string }[] = [];
      for (let seq = 1; seq <= 4; seq++) {
        const text = canonicalJson({
          seq,
          at: new Date(Date.UTC(2026, 10, 1, 0, 0, seq)).toISOString(),
          ...entry(seq),
        });
        const hash = link(prev, text);
        legacy.push({ seq, entry: text, prev, hash });
        await dataSource.query(
          'INSERT INTO audit_log (seq, entry, prev_hash, hash) VALUES ($1, $2, $3, $4)',
          [seq, text, prev, hash],
        );
        prev = hash;
      }
      await dataSource.query('UPDATE audit_head SET seq = 4, hash = $1', [prev]);

      const migrated = new DataSource({ ...dataSource.options, migrations: CLEARANCE_MIGRATIONS } as never);
      await migrated.initialize();
      try {
        expect((await migrated.runMigrations()).map((m) => m.name)).toEqual([
          'ChainAuditEntriesLater1764600000000',
        ]);
        const kept: { id: string; seq: string; entry: string; prev_hash: string; hash: string }[] =
          await migrated.query('SELECT id, seq, entry, prev_hash, hash FROM audit_log ORDER BY seq');
        expect(kept.map((r) => [Number(r.id), Number(r.seq), r.entry, r.prev_hash, r.hash])).toEqual(
          legacy.map((l) => [l.seq, l.seq, l.entry, l.prev, l.hash]),
        );
        expect(await verify(migrated)).toEqual({ ok: true, entries: 4, unchained: 0 });

        await migrated.transaction((m) => appendAuditEntries(m, [entry(5), entry(6)]));
        const ids: { id: string }[] = await migrated.query(
          'SELECT id FROM audit_log WHERE seq IS NULL ORDER BY id',
        );
        expect(ids.map((r) => Number(r.id))).toEqual([5, 6]);
        expect(await chainAuditTail(migrated)).toBe(2);
        expect(await verify(migrated)).toEqual({ ok: true, entries: 6, unchained: 0 });

        // A changed legacy entry is still caught.
        await migrated.query(
          `UPDATE audit_log SET entry = replace(entry, '"seq":2', '"seq":3') WHERE seq = 2`,
        );
        expect(await verify(migrated)).toMatchObject({ ok: false, firstBroken: { seq: 2 } });
      } finally {
        await migrated.destroy();
      }
    } finally {
      await dataSource.destroy();
    }
  });
});
