import type { EntityManager } from 'typeorm';
import type { StoredFiling } from '../../use-cases/ports';

/** Of these idempotency keys of a platform, the ones used before, with request hash and response. */
export async function claimedFilings(
  manager: EntityManager,
  platformId: string,
  keys: readonly string[],
): Promise<Map<string, StoredFiling>> {
  if (keys.length === 0) return new Map();
  const rows: { key: string; request_hash: string; status_code: number; response: unknown }[] =
    await manager.query(
      `SELECT key, request_hash, status_code, response FROM idempotency_keys
        WHERE platform_id = $1 AND key = ANY($2::text[])`,
      [platformId, keys],
    );
  return new Map(
    rows.map((r) => [
      r.key,
      { requestHash: r.request_hash, statusCode: r.status_code, response: r.response },
    ]),
  );
}

/** Stores accepted filings (201) under their keys, with the response a replay gives; one statement. */
export async function storeFilings(
  manager: EntityManager,
  accepted: {
    platformId: string;
    filings: readonly { key: string; requestHash: string; response: unknown; declarationId: string }[];
  },
): Promise<void> {
  if (accepted.filings.length === 0) return;
  await manager.query(
    `INSERT INTO idempotency_keys (platform_id, key, request_hash, status_code, response, declaration_id)
     SELECT $1, key, request_hash, 201, response, declaration_id
       FROM jsonb_to_recordset($2::jsonb) AS k(key text, request_hash text, response jsonb, declaration_id uuid)`,
    [
      accepted.platformId,
      JSON.stringify(
        accepted.filings.map((f) => ({
          key: f.key,
          request_hash: f.requestHash,
          response: f.response,
          declaration_id: f.declarationId,
        })),
      ),
    ],
  );
}
