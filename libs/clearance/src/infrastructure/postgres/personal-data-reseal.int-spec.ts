import { createCipheriv, createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import { createTestDatabase, sampleDeclaration, sampleResidentId } from '@gba/testing';
import { DataSource } from 'typeorm';
import { CLEARANCE_ENTITIES, CLEARANCE_MIGRATIONS } from '../../schema';
import { knownConsignors, loadRecords } from './clearance.repository';
import { PersonalData } from './personal-data';
import { resealPersonalData } from './personal-data-reseal';

const SECRET = 'a-pii-key-of-at-least-thirty-two-characters';

// The former derivation, written out here as the rows of an earlier release hold it (an oracle
// independent of the code under test): AES-256-GCM under SHA-256("gba-declaration-pii\n" + PII_KEY),
// keyed hashes HMAC-SHA256 keyed with PII_KEY itself.
const formerKey = createHash('sha256').update(`gba-declaration-pii\n${SECRET}`).digest();
function formerSeal(value: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', formerKey, iv);
  const data = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
  return `enc:v1:${Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64url')}`;
}
const formerHash = (value: string) => createHmac('sha256', SECRET).update(value.toUpperCase()).digest('hex');

/** A declaration as stored by the earlier release: its buyer's ID numbers sealed the former way. */
function formerlyStored(buyer: string) {
  const declaration = sampleDeclaration({ origin: 'HK', destination: 'CN' }, { buyerIdNumber: buyer });
  const stored = structuredClone(declaration);
  const { consignee, ecommerce } = stored as unknown as {
    consignee: { idNumber: string };
    ecommerce: { order: { buyerIdNumber: string }; payment: { payerIdNumber: string } };
  };
  consignee.idNumber = formerSeal(buyer);
  ecommerce.order.buyerIdNumber = formerSeal(buyer);
  ecommerce.payment.payerIdNumber = formerSeal(buyer);
  return { declaration, stored };
}

describe('keys reseal: personal data sealed under the former key derivation (PostgreSQL)', () => {
  let dataSource: DataSource;
  const pii = new PersonalData(SECRET);
  const buyers = [sampleResidentId(1), sampleResidentId(2), sampleResidentId(3)];
  const ids = buyers.map(() => randomUUID());
  const declarations = buyers.map(formerlyStored);
  const consignor = declarations[0]!.declaration.consignor.businessRegistrationNumber!;
  // General trade between companies: no ID number of a person, nothing sealed; its consignor is
  // known by a keyed hash all the same.
  const companyId = randomUUID();
  const companyTrade = sampleDeclaration({ origin: 'CN', destination: 'HK' });
  companyTrade.consignor.businessRegistrationNumber = '87654321';

  beforeAll(async () => {
    dataSource = new DataSource({
      type: 'postgres',
      url: await createTestDatabase('personal_data_reseal'),
      entities: CLEARANCE_ENTITIES,
      migrations: CLEARANCE_MIGRATIONS,
      migrationsTableName: 'schema_migrations',
      extra: { max: 2 },
    });
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    // An authority's own books keyed by the hash of a buyer (like GZ's CBEC ledger).
    await dataSource.query('CREATE TABLE books (buyer_key text PRIMARY KEY, used int NOT NULL)');
    await dataSource.query(
      `INSERT INTO declarations (id, platform_id, platform_ref, filed_with, trade_mode, body, filed_at)
       SELECT id, 'shop', 'ref-' || id, 'HK', 'RETAIL', body, now()
         FROM unnest($1::uuid[], $2::jsonb[]) AS d(id, body)`,
      [
        [...ids, companyId],
        [...declarations.map((d) => JSON.stringify(d.stored)), JSON.stringify(companyTrade)],
      ],
    );
    await dataSource.query('INSERT INTO known_consignors (party_id) SELECT unnest($1::text[])', [
      [formerHash(consignor), formerHash('87654321')],
    ]);
    await dataSource.query('INSERT INTO books (buyer_key, used) SELECT unnest($1::text[]), 100', [
      buyers.map(formerHash),
    ]);
  });

  afterAll(() => dataSource?.destroy());

  const bodies = async (): Promise<string[]> =>
    (
      await dataSource.query('SELECT body::text AS body FROM declarations WHERE id = ANY($1) ORDER BY id', [
        ids,
      ])
    ).map((r: { body: string }) => r.body);

  it('re-seals every row under the current keys, in batches; rows read back as they were filed', async () => {
    const result = await resealPersonalData(dataSource, SECRET, [{ table: 'books', column: 'buyer_key' }], {
      batchSize: 2,
    });
    expect(result).toEqual({ declarations: 3, keyedHashes: 2 + 3 });

    for (const body of await bodies()) {
      expect(body).not.toContain('enc:v1:');
      for (const buyer of buyers) expect(body).not.toContain(buyer);
      expect(pii.sealedUnderCurrentKey(JSON.parse(body))).toBe(true);
    }
    const records = await loadRecords(dataSource.manager, ids, pii);
    ids.forEach((id, i) => {
      expect(records.get(id)!.filing!.declaration).toEqual(declarations[i]!.declaration);
    });
    // The keyed hashes follow: the consignor is still known, the books still find their buyers.
    expect(await knownConsignors(dataSource.manager, [consignor, '87654321'], pii)).toEqual(
      new Set([consignor, '87654321']),
    );
    expect(await dataSource.query('SELECT derivation FROM personal_data_keys')).toEqual([
      { derivation: 'hkdf-sha256-v2' },
    ]);
    const books: { buyer_key: string }[] = await dataSource.query('SELECT buyer_key FROM books ORDER BY 1');
    expect(books.map((b) => b.buyer_key)).toEqual(buyers.map((b) => pii.keyedHash(b)).sort());
    expect(pii.keyedHash(buyers[0]!)).not.toBe(formerHash(buyers[0]!));
  });

  it('is harmless to run again, also in full (keys reseal): nothing left to change, rows untouched', async () => {
    const before = await bodies();
    const [{ consignors }] = await dataSource.query(
      'SELECT array_agg(party_id) AS consignors FROM known_consignors',
    );
    const columns = [{ table: 'books', column: 'buyer_key' }];
    expect(await resealPersonalData(dataSource, SECRET, columns)).toEqual({
      declarations: 0,
      keyedHashes: 0,
    });
    expect(await resealPersonalData(dataSource, SECRET, columns, { force: true })).toEqual({
      declarations: 0,
      keyedHashes: 0,
    });
    expect(await bodies()).toEqual(before); // re-encrypting would have drawn new IVs
    expect(await dataSource.query('SELECT array_agg(party_id) AS consignors FROM known_consignors')).toEqual([
      { consignors },
    ]);
  });

  it('refuses a column name that is not a plain SQL identifier', async () => {
    await expect(
      resealPersonalData(dataSource, SECRET, [
        { table: 'books; DROP TABLE declarations', column: 'buyer_key' },
      ]),
    ).rejects.toThrow(RangeError);
  });
});
