import { decodeEvent } from '@gba/contracts';
import type { ServiceConfig } from '@gba/runtime';
import { createTestDatabase, sampleDeclaration, sampleResidentId } from '@gba/testing';
import { DataSource, type Logger } from 'typeorm';
import { ApplyPartnerEvents } from '../../use-cases/apply-partner-events/apply-partner-events.handler';
import { ClearanceFactory } from '../../use-cases/clearance-factory';
import type { ClearanceMetrics } from '../../use-cases/clearance-metrics';
import {
  FileDeclarations,
  type FilingOutcome,
} from '../../use-cases/file-declarations/file-declarations.handler';
import { CLEARANCE_ENTITIES, CLEARANCE_MIGRATIONS } from '../../schema';
import { factFromEvent } from '../events/fact-mapper';
import { loadDeclaration } from './declaration-queries';
import { PostgresClearanceStore } from './postgres-clearance.store';

const ignore = (): void => undefined;

/** Counts every statement TypeORM sends (BEGIN and COMMIT included). */
class CountingLogger implements Logger {
  statements = 0;
  logQuery() {
    this.statements++;
  }
  logQueryError = ignore;
  logQuerySlow = ignore;
  logSchemaBuild = ignore;
  logMigration = ignore;
  log = ignore;
}

const BATCH = 250;
const metrics = { filed: { inc: ignore }, decisions: { inc: ignore } } as unknown as ClearanceMetrics;

async function service(authority: 'HK' | 'GZ') {
  const logger = new CountingLogger();
  const dataSource = new DataSource({
    type: 'postgres',
    url: await createTestDatabase(`store_${authority.toLowerCase()}`),
    entities: CLEARANCE_ENTITIES,
    migrations: CLEARANCE_MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    logger,
    extra: { max: 4 },
  });
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  const config = {
    authority,
    piiKey: 'a-pii-key-of-at-least-thirty-two-characters',
    topicPrefix: 'store-test.',
    randomSelection: false,
    selectionKey: 'a-selection-key-of-16+',
  } as ServiceConfig;
  const store = new PostgresClearanceStore(dataSource, config);
  const clearances = new ClearanceFactory(config, metrics);
  return {
    dataSource,
    logger,
    filing: new FileDeclarations(store, clearances, metrics),
    partnerEvents: new ApplyPartnerEvents(store, clearances),
    /** Statements sent while `work` runs. */
    async count<T>(work: () => Promise<T>): Promise<{ result: T; statements: number }> {
      const before = logger.statements;
      const result = await work();
      return { result, statements: logger.statements - before };
    },
  };
}

describe('the PostgreSQL store: decide in memory, write in sets', () => {
  let hk: Awaited<ReturnType<typeof service>>;
  let gz: Awaited<ReturnType<typeof service>>;
  const items = Array.from({ length: BATCH }, (_, n) => ({
    idempotencyKey: `batch-${n}`,
    declaration: sampleDeclaration(
      { origin: 'HK', destination: 'CN' },
      { serial: n, buyerIdNumber: sampleResidentId(n), platformRef: `REF-${n}` },
    ),
  }));
  let filed: FilingOutcome[];
  let hkStatements: number;

  beforeAll(async () => {
    hk = await service('HK');
    gz = await service('GZ');
    ({ result: filed, statements: hkStatements } = await hk.count(() => hk.filing.file('shop-a', items)));
  });

  afterAll(async () => {
    await hk?.dataSource.destroy();
    await gz?.dataSource.destroy();
  });

  it('files a batch of 250 in one transaction of a fixed number of statements', () => {
    expect(filed.map((o) => o.kind)).toEqual(items.map(() => 'filed'));
    // BEGIN, locks, idempotency keys, risk targets, known consignors; declarations, participants,
    // history, outbox, idempotency keys, known consignors, audit; COMMIT.
    expect(hkStatements).toBeLessThanOrEqual(14);
  });

  it('answers from memory exactly what the database then shows', async () => {
    for (const outcome of filed.slice(0, 20)) {
      if (outcome.kind !== 'filed') throw new Error(outcome.kind);
      const stored = await loadDeclaration(hk.dataSource.manager, outcome.declaration.id);
      expect(outcome.declaration).toEqual(JSON.parse(JSON.stringify(stored)));
      expect(outcome.declaration.participants.map((p) => [p.authority, p.status])).toEqual([
        ['HK', 'RELEASED'],
        ['GZ', 'RECEIVED'],
      ]);
    }
  });

  it('replays every key of a repeated batch with a handful of statements, and refuses a changed body', async () => {
    const changed = [{ ...items[0], declaration: { ...items[0]?.declaration, platformRef: 'OTHER' } }];
    const { result, statements } = await hk.count(() => hk.filing.file('shop-a', [...items, ...changed]));
    expect(result.slice(0, BATCH).every((o) => o.kind === 'replayed' && o.statusCode === 201)).toBe(true);
    expect(result[0]).toEqual({
      kind: 'replayed',
      statusCode: 201,
      response: JSON.parse(JSON.stringify((filed[0] as { declaration: unknown }).declaration)),
    });
    expect(result[BATCH]).toEqual({ kind: 'key-reused' });
    expect(statements).toBeLessThanOrEqual(8);
  });

  it("applies a partner's whole fetch in one transaction; the declarations clear at the partner", async () => {
    const rows: { payload: Buffer }[] = await hk.dataSource.query('SELECT payload FROM outbox ORDER BY id');
    expect(rows).toHaveLength(3 * BATCH); // filed, HK's assessment, HK's decision
    const received = rows.map((r) => ({
      fact: factFromEvent(decodeEvent(r.payload)),
      topic: 'gba.hk.events.v1',
    }));
    const { statements } = await gz.count(() => gz.partnerEvents.apply(received));
    expect(statements).toBeLessThanOrEqual(18);
    const statuses: { status: string; n: string }[] = await gz.dataSource.query(
      'SELECT status, count(*) AS n FROM declarations GROUP BY status',
    );
    expect(statuses).toEqual([{ status: 'CLEARED', n: String(BATCH) }]);
    const perDeclarationPerParticipant = (hkStatements + statements) / (BATCH * 2);
    expect(perDeclarationPerParticipant).toBeLessThan(12);
  });

  it('applies a redelivered fetch once: nothing changes, nothing is published again', async () => {
    const rows: { payload: Buffer }[] = await hk.dataSource.query('SELECT payload FROM outbox ORDER BY id');
    const received = rows.map((r) => ({
      fact: factFromEvent(decodeEvent(r.payload)),
      topic: 'gba.hk.events.v1',
    }));
    const [before] = await gz.dataSource.query('SELECT count(*) AS n FROM outbox');
    const { statements } = await gz.count(() => gz.partnerEvents.apply(received));
    const [after] = await gz.dataSource.query('SELECT count(*) AS n FROM outbox');
    expect(after).toEqual(before);
    expect(statements).toBeLessThanOrEqual(4); // BEGIN, locks, inbox, COMMIT
  });

  it('files a key sent twice at the same moment once: the other request replays it', async () => {
    const item = {
      idempotencyKey: 'raced',
      declaration: sampleDeclaration({ origin: 'HK', destination: 'CN' }, { serial: 'raced' }),
    };
    const [a, b] = await Promise.all([hk.filing.file('shop-b', [item]), hk.filing.file('shop-b', [item])]);
    const outcomes = [a?.[0], b?.[0]];
    expect(outcomes.map((o) => o?.kind).sort()).toEqual(['filed', 'replayed']);
    const filedOne = outcomes.find((o) => o?.kind === 'filed') as { declaration: { id: string } };
    const replayed = outcomes.find((o) => o?.kind === 'replayed') as { response: { id: string } };
    expect(replayed.response.id).toBe(filedOne.declaration.id);
    const [{ n }] = await hk.dataSource.query(
      "SELECT count(*) AS n FROM declarations WHERE platform_id = 'shop-b'",
    );
    expect(n).toBe('1');
  });
});
