import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  type PlatformKeyInfo,
  PlatformKeyStore,
  type StoredPlatformKey,
} from '../../use-cases/platform-keys/platform-keys';
import { iso } from './sql';

/** Platform keys in this authority's database: scrypt hashes with their salts, by key id. */
@Injectable()
export class PostgresPlatformKeyStore extends PlatformKeyStore {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async add(key: StoredPlatformKey & { keyId: string; label: string | null }): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO platform_keys (key_id, platform_id, salt, hash, label) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (key_id) DO NOTHING`,
      [key.keyId, key.platformId, key.salt, key.hash, key.label],
    );
  }

  async active(keyId: string): Promise<StoredPlatformKey | null> {
    const [row]: StoredPlatformKey[] = await this.dataSource.query(
      `SELECT platform_id AS "platformId", salt, hash FROM platform_keys WHERE key_id = $1 AND revoked_at IS NULL`,
      [keyId],
    );
    return row ?? null;
  }

  async revoke(keyId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `WITH revoked AS (
         UPDATE platform_keys SET revoked_at = now() WHERE key_id = $1 AND revoked_at IS NULL RETURNING key_id
       ) SELECT key_id FROM revoked`,
      [keyId],
    );
    return rows.length > 0;
  }

  list(platformId?: string): Promise<PlatformKeyInfo[]> {
    return this.dataSource.query(
      `SELECT key_id AS "keyId", platform_id AS "platformId", label, ${iso('created_at')} AS "createdAt",
              ${iso('revoked_at')} AS "revokedAt"
         FROM platform_keys WHERE ($1::text IS NULL OR platform_id = $1) ORDER BY platform_id, created_at`,
      [platformId ?? null],
    );
  }
}
