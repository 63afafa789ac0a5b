import { MetricsRegistry, type ServiceConfig } from '@gba/runtime';
import { createTestDatabase } from '@gba/testing';
import { DataSource } from 'typeorm';
import {
  appendAuditEntries,
  AuditTrailRepository,
  chainAuditTail,
  verifyAudit,
} from '../../infrastructure/postgres/audit-trail.repository';
import { CLEARANCE_MIGRATIONS } from '../../schema';
import { AuditSequencer, AuditSequencerService } from './audit-sequencer';

const silent = {
  error: () => undefined,
  warn: () => undefined,
  info: () => undefined,
  debug: () => undefined,
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 15000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(50);
  }
}

interface Chained {
  seq: number;
  tx: number;
  n: number;
}

describe('audit sequencer: one line of chain per database, shortly after commit (PostgreSQL)', () => {
  let dataSource: DataSource;
  let databaseUrl: string;
  let repository: AuditTrailRepository;
  const sequencers: AuditSequencer[] = [];

  const sequencer = (pollIntervalMs = 100) => {
    const s = new AuditSequencer(repository, { databaseUrl, logger: silent, pollIntervalMs });
    sequencers.push(s);
    return s;
  };

  const chained = async (): Promise<Chained[]> =>
    (
      await dataSource.query(
        `SELECT seq::int, (entry::jsonb -> 'detail' ->> 'tx')::int AS tx, (entry::jsonb -> 'detail' ->> 'n')::int AS n
         FROM audit_log WHERE seq IS NOT NULL ORDER BY seq`,
      )
    ).map((r: Chained) => r);

  /** `transactions` transactions of `perTx` entries each, committing in a shuffled order. */
  async function appendConcurrently(transactions: number, perTx: number, rollBack: Set<number>) {
    await Promise.allSettled(
      Array.from({ length: transactions }, (_, tx) =>
        dataSource.transaction(async (manager) => {
          await sleep((tx * 7) % 13);
          await appendAuditEntries(
            manager,
            Array.from({ length: perTx }, (_, n) => ({
              authority: 'HK',
              actor: `officer-${tx}`,
              action: 'DECISION',
              declarationId: `decl-${tx}`,
              detail: { tx, n },
            })),
          );
          await sleep((tx * 11) % 17); // commits interleave with other transactions' inserts
          if (rollBack.has(tx)) throw new Error('rolled back on purpose');
        }),
      ),
    );
  }

  function expectConsistent(rows: Chained[], transactions: number, perTx: number, rolledBack: Set<number>) {
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
    const keys = rows.map((r) => `${r.tx}/${r.n}`);
    expect(new Set(keys).size).toBe(keys.length);
    const committed = [...Array(transactions).keys()].filter((tx) => !rolledBack.has(tx));
    expect(keys.sort()).toEqual(
      committed.flatMap((tx) => [...Array(perTx).keys()].map((n) => `${tx}/${n}`)).sort(),
    );
    // A transaction's entries keep the order they were appended in.
    for (const tx of committed) {
      const mine = rows.filter((r) => r.tx === tx);
      expect(mine.map((r) => r.n)).toEqual([...Array(perTx).keys()]);
    }
  }

  beforeAll(async () => {
    databaseUrl = await createTestDatabase('audit_sequencer');
    dataSource = new DataSource({
      type: 'postgres',
      url: databaseUrl,
      migrations: CLEARANCE_MIGRATIONS,
      migrationsTableName: 'schema_migrations',
      extra: { max: 40 },
    });
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    repository = new AuditTrailRepository(dataSource);
  });

  beforeEach(async () => {
    await dataSource.query('TRUNCATE audit_log');
    await dataSource.query(`UPDATE audit_head SET seq = 0, hash = $1`, ['0'.repeat(64)]);
  });

  afterEach(async () => {
    await Promise.all(sequencers.splice(0).map((s) => s.stop()));
  });

  afterAll(() => dataSource?.destroy());

  it('chains every committed entry exactly once, none rolled back, while transactions commit around it', async () => {
    const s = sequencer();
    s.start();
    const rolledBack = new Set([3, 17]);
    await appendConcurrently(30, 4, rolledBack);
    const rows = await eventually(async () => {
      const r = await chained();
      return r.length === 28 * 4 ? r : undefined;
    });
    expectConsistent(rows, 30, 4, rolledBack);
    await dataSource.transaction('REPEATABLE READ', async (m) =>
      expect(await verifyAudit(m)).toEqual({ ok: true, entries: 112, unchained: 0 }),
    );
  });

  it('is woken by the commit: an entry is chained well before the next poll', async () => {
    const s = sequencer(10_000);
    s.start();
    await eventually(async () => (s.leader ? true : undefined));
    await sleep(200); // the first pass is over; the next poll is 10 s away
    const started = Date.now();
    await dataSource.transaction((m) =>
      appendAuditEntries(m, [{ authority: 'HK', actor: 'a', action: 'X', detail: { tx: 0, n: 0 } }]),
    );
    await eventually(async () => ((await chained()).length === 1 ? true : undefined));
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('lets one sequencer of a database lead, and never forks the chain when several chain at once', async () => {
    const a = sequencer(50);
    const b = sequencer(50);
    a.start();
    b.start();
    await eventually(async () => (a.leader || b.leader ? true : undefined));
    await sleep(300);
    expect([a.leader, b.leader].filter(Boolean)).toHaveLength(1);

    // Besides the leader, callers that bypass leadership (the verify endpoint) chain concurrently.
    let appending = true;
    const racers = Array.from({ length: 4 }, async () => {
      let linked = 0;
      while (appending) linked += await chainAuditTail(dataSource, 7);
      return linked;
    });
    await appendConcurrently(40, 3, new Set([5]));
    appending = false;
    await Promise.all(racers);
    const rows = await eventually(async () => {
      const r = await chained();
      return r.length === 39 * 3 ? r : undefined;
    });
    expectConsistent(rows, 40, 3, new Set([5]));
    await dataSource.transaction('REPEATABLE READ', async (m) =>
      expect(await verifyAudit(m)).toMatchObject({ ok: true, entries: 117 }),
    );

    // The leader steps down: the other one takes over and chains on the same line.
    const leader = a.leader ? a : b;
    const follower = leader === a ? b : a;
    await leader.stop();
    await eventually(async () => (follower.leader ? true : undefined));
    await appendConcurrently(2, 2, new Set());
    await eventually(async () => ((await chained()).length === 121 ? true : undefined));
    await dataSource.transaction('REPEATABLE READ', async (m) =>
      expect(await verifyAudit(m)).toMatchObject({ ok: true, entries: 121, unchained: 0 }),
    );
  });

  it('reports the unchained tail and its age in /metrics', async () => {
    const metrics = new MetricsRegistry();
    new AuditSequencerService(repository, metrics, { databaseUrl } as ServiceConfig); // not started
    await dataSource.query(
      `INSERT INTO audit_log (at, entry) VALUES (now() - interval '30 seconds', '{}'), (now(), '{}')`,
    );
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/^audit_unchained_entries 2$/m);
    const age = Number(/^audit_unchained_oldest_age_seconds (\S+)$/m.exec(text)?.[1]);
    expect(age).toBeGreaterThanOrEqual(30);
    expect(age).toBeLessThan(60);
    await repository.chainTail();
    const after = await metrics.registry.metrics();
    expect(after).toMatch(/^audit_unchained_entries 0$/m);
    expect(after).toMatch(/^audit_unchained_oldest_age_seconds 0$/m);
  });
});
