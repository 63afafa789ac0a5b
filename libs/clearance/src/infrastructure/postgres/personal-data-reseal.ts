import { consignorIdsOf } from '@gba/clearance-domain';
import type { Declaration } from '@gba/standards';
import type { DataSource, EntityManager } from 'typeorm';
import { legacyKeyedHash, PersonalData } from './personal-data';

/**
 * A column of an authority's own books that holds keyed hashes of identifiers (e.g. GZ's CBEC
 * ledger: `{ table: 'cbec_ledger', column: 'buyer_key' }`). Identifiers of SQL, never user input.
 */
export interface KeyedHashColumn {
  table: string;
  column: string;
}

export interface ResealResult {
  /** Declarations whose ID numbers were re-encrypted under the current key. */
  declarations: number;
  /** Stored keyed hashes (known consignors and the columns given) replaced by the current ones. */
  keyedHashes: number;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/** The derivation of the current keys, as `personal_data_keys` records it once all data is under it. */
export const CURRENT_DERIVATION = 'hkdf-sha256-v2';

/**
 * Brings stored personal data under the current keys (HKDF, {@link personalDataKeys}): every
 * declaration with an ID number sealed the former way (`enc:v1:`) is re-encrypted under the current
 * sealing key, and the keyed hash of every identifier of every declaration (known consignors, the
 * authority's `columns`) that is still under the former key (HMAC keyed with PII_KEY itself) is
 * replaced by the current one. All declarations are read, in batches of `batchSize` by id, each
 * batch one transaction (rows locked), so a run can stop anywhere and resume. A completed pass is
 * recorded in `personal_data_keys`; later runs then return at once, unless `force` (the pass itself
 * is harmless to repeat: nothing is under the former keys any more). Run with the services stopped
 * (the release's `migrate` step does it).
 */
export async function resealPersonalData(
  dataSource: DataSource,
  secret: string,
  columns: readonly KeyedHashColumn[] = [],
  { batchSize = 500, force = false }: { batchSize?: number; force?: boolean } = {},
): Promise<ResealResult> {
  for (const { table, column } of columns) {
    if (!IDENTIFIER.test(table) || !IDENTIFIER.test(column))
      throw new RangeError(`not an SQL identifier: ${table}.${column}`);
  }
  const result: ResealResult = { declarations: 0, keyedHashes: 0 };
  const done: unknown[] = await dataSource.query('SELECT 1 FROM personal_data_keys WHERE derivation = $1', [
    CURRENT_DERIVATION,
  ]);
  if (done.length > 0 && !force) return result;
  const personalData = new PersonalData(secret);
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const batch = await dataSource.transaction(async (manager) => {
      const rows: { id: string; body: Declaration }[] = await manager.query(
        'SELECT id, body FROM declarations WHERE id > $1 ORDER BY id LIMIT $2 FOR UPDATE',
        [after, batchSize],
      );
      if (rows.length === 0) return null;
      const resealed: { id: string; body: string }[] = [];
      const hashes = new Map<string, string>();
      for (const { id, body } of rows) {
        const declaration = personalData.open(body);
        if (!personalData.sealedUnderCurrentKey(body))
          resealed.push({ id, body: personalData.sealed(declaration) });
        for (const identifier of [...consignorIdsOf(declaration), ...personalData.idNumbers(declaration)]) {
          hashes.set(legacyKeyedHash(secret, identifier), personalData.keyedHash(identifier));
        }
      }
      if (resealed.length > 0) {
        await manager.query(
          `UPDATE declarations d SET body = r.body::jsonb
             FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, body text) WHERE d.id = r.id`,
          [JSON.stringify(resealed)],
        );
      }
      const keyedHashes = await rehash(manager, hashes, columns);
      return { last: rows[rows.length - 1]?.id ?? after, declarations: resealed.length, keyedHashes };
    });
    if (!batch) break;
    after = batch.last;
    result.declarations += batch.declarations;
    result.keyedHashes += batch.keyedHashes;
  }
  await dataSource.query(
    'INSERT INTO personal_data_keys (derivation) VALUES ($1) ON CONFLICT (derivation) DO NOTHING',
    [CURRENT_DERIVATION],
  );
  return result;
}

/** Replaces stored keyed hashes by their new ones (`hashes`: former → current); rows changed. */
async function rehash(
  manager: EntityManager,
  hashes: ReadonlyMap<string, string>,
  columns: readonly KeyedHashColumn[],
): Promise<number> {
  const formers = [...hashes.keys()];
  const currents = [...hashes.values()];
  // Known consignors are a set: the current hash may be there already.
  const [{ replaced }]: { replaced: number }[] = await manager.query(
    `WITH gone AS (
       DELETE FROM known_consignors k USING unnest($1::text[], $2::text[]) AS m(former, current)
        WHERE k.party_id = m.former RETURNING m.current),
     added AS (INSERT INTO known_consignors (party_id) SELECT current FROM gone ON CONFLICT DO NOTHING)
     SELECT count(*)::int AS replaced FROM gone`,
    [formers, currents],
  );
  let changed = replaced;
  for (const { table, column } of columns) {
    const [, rows]: [unknown, number] = await manager.query(
      `UPDATE ${table} t SET ${column} = m.current FROM unnest($1::text[], $2::text[]) AS m(former, current)
        WHERE t.${column} = m.former`,
      [formers, currents],
    );
    changed += rows;
  }
  return changed;
}
