import { CLEARANCE_MIGRATIONS } from '@gba/clearance';
import type { ServiceConfig } from '@gba/runtime';
import { createTestDatabase } from '@gba/testing';
import { DataSource } from 'typeorm';
import { CreateCbecLedger1764400000000 } from './1764400000000-create-cbec-ledger';
import { IndexCbecEntriesByBuyer1765000000000 } from './1765000000000-index-cbec-entries-by-buyer';
import { CbecLaw, toCents } from './cbec-law';
import { CbecLedgerRepository } from './cbec-ledger.repository';

const BUYER = '11010519491231002X';
const AT = new Date('2026-03-01T08:00:00Z');

describe("GZ's CBEC ledger in PostgreSQL", () => {
  let dataSource: DataSource;
  let ledger: CbecLedgerRepository;
  const law = new CbecLaw({ piiKey: 'a-pii-key-of-at-least-thirty-two-characters' } as ServiceConfig);

  beforeAll(async () => {
    dataSource = new DataSource({
      type: 'postgres',
      url: await createTestDatabase('cbec_ledger'),
      migrations: [
        ...CLEARANCE_MIGRATIONS,
        CreateCbecLedger1764400000000,
        IndexCbecEntriesByBuyer1765000000000,
      ],
      migrationsTableName: 'schema_migrations',
    });
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    ledger = new CbecLedgerRepository(law, dataSource);
  });

  afterAll(() => dataSource?.destroy());

  const assessment = (declarationId: string, amount: string) =>
    ({
      declarationId,
      assessedAt: AT.toISOString(),
      cbecQuotaValueCny: amount,
      rejected: null,
      duties: [{ code: 'CN_IMPORT_VAT', amount: '27.30', currency: 'CNY', ruleId: 'CBEC_TAX' }],
    }) as never;
  const declaration = {
    route: { destination: 'CN' },
    ecommerce: { order: { buyerIdNumber: BUYER } },
  } as never;
  const ids = ['55555555-5555-4555-8555-000000000001', '55555555-5555-4555-8555-000000000002'];

  async function unit(work: (books: Awaited<ReturnType<CbecLedgerRepository['load']>>) => void) {
    await dataSource.transaction(async (manager) => {
      const books = await ledger.load(manager, ids, [declaration], AT);
      work(books);
      await ledger.save(manager, books);
    });
  }

  it('keeps entries and running totals across units, and gives a rejection back without going negative', async () => {
    await unit((books) => {
      law.assessmentContext(books, declaration, ids[0] as string, AT);
      law.afterAssessment(books, declaration, assessment(ids[0] as string, '300.00'));
      law.afterAssessment(books, declaration, assessment(ids[1] as string, '120.50'));
      law.afterDecision(books, ids[0] as string, 'RELEASED', AT.toISOString());
    });
    expect(await ledger.used(BUYER, 2026)).toBe('420.50');

    // A later unit: the supervisor rejects the second import; its total moves by a negative delta.
    await unit((books) => {
      expect(books.entries.get(ids[1] as string)).toMatchObject({ counted: true, isNew: false });
      law.afterDecision(books, ids[1] as string, 'REJECTED', AT.toISOString());
    });
    expect(await ledger.used(BUYER, 2026)).toBe('300.00');
    const rows: { declaration_id: string; counted: boolean; released_at: Date | null }[] =
      await dataSource.query(
        'SELECT declaration_id, counted, released_at FROM cbec_ledger_entries ORDER BY declaration_id',
      );
    expect(rows).toEqual([
      { declaration_id: ids[0], counted: true, released_at: AT },
      { declaration_id: ids[1], counted: false, released_at: null },
    ]);
    expect(toCents(await ledger.used(BUYER, 2025))).toBe(0n);
  });

  it('tells whether a platform filed a retail import of a buyer, rejected at assessment or not', async () => {
    const other = '55555555-5555-4555-8555-000000000003';
    const rejected = {
      ...(assessment(other, '500.00') as object),
      rejected: { ruleIds: ['CBEC_ANNUAL_LIMIT_EXCEEDED'] },
    };
    const buyer = '110105194912310038';
    const otherDeclaration = {
      route: { destination: 'CN' },
      ecommerce: { order: { buyerIdNumber: buyer } },
    } as never;
    await dataSource.transaction(async (manager) => {
      const books = await ledger.load(manager, [other], [otherDeclaration], AT);
      law.afterAssessment(books, otherDeclaration, rejected as never);
      await ledger.save(manager, books);
    });
    await dataSource.query(
      `INSERT INTO declarations (id, platform_id, platform_ref, filed_with, trade_mode, body, filed_at)
       SELECT id, platform_id, 'REF-' || id, 'GZ', '9610', '{}', now()
         FROM unnest($1::uuid[], $2::text[]) AS d(id, platform_id)`,
      [
        [ids[0], ids[1], other],
        ['shop-a', 'shop-a', 'shop-b'],
      ],
    );
    expect(await ledger.isBuyerOf(BUYER, 'shop-a')).toBe(true);
    expect(await ledger.isBuyerOf(BUYER.toLowerCase(), 'shop-a')).toBe(true);
    expect(await ledger.isBuyerOf(BUYER, 'shop-b')).toBe(false);
    // shop-b's only import of this buyer was rejected at assessment: uncounted, still its buyer.
    expect(await ledger.isBuyerOf(buyer, 'shop-b')).toBe(true);
    expect(await ledger.isBuyerOf(buyer, 'shop-a')).toBe(false);
    expect(await ledger.used(buyer, 2026)).toBe('0');
  });
});
