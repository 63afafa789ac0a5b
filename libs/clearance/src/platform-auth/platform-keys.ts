import { createHash, randomBytes, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { SERVICE_CONFIG, type ServiceConfig } from '@gba/runtime';
import { DataSource, type EntityManager } from 'typeorm';

const scrypt = promisify(scryptCallback) as (
  key: string,
  salt: Buffer,
  length: number,
  options: object,
) => Promise<Buffer>;
const SCRYPT = { N: 16384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const HASH_BYTES = 32;
const CACHE_MS = 60_000;
const NEGATIVE_CACHE_MS = 5_000;

/** Non-secret lookup id of a key: lets the service find the one row to verify with scrypt. */
export function keyIdOf(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 32);
}

export interface PlatformKeyInfo {
  keyId: string;
  platformId: string;
  label: string | null;
  createdAt: string;
  revokedAt: string | null;
}

/** Stores a key as a salted scrypt hash; returns its id. */
export async function storePlatformKey(
  manager: EntityManager | DataSource,
  platformId: string,
  key: string,
  label?: string,
) {
  const salt = randomBytes(16);
  const hash = await scrypt(key, salt, HASH_BYTES, SCRYPT);
  const keyId = keyIdOf(key);
  await manager.query(
    `INSERT INTO platform_keys (key_id, platform_id, salt, hash, label) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (key_id) DO NOTHING`,
    [keyId, platformId, salt, hash, label ?? null],
  );
  return keyId;
}

/** A new random key for a platform: printed once, stored only as its hash. */
export async function createPlatformKey(
  manager: EntityManager | DataSource,
  platformId: string,
  label?: string,
) {
  const key = `gba_${randomBytes(24).toString('base64url')}`;
  const keyId = await storePlatformKey(manager, platformId, key, label);
  return { key, keyId };
}

export async function revokePlatformKey(
  manager: EntityManager | DataSource,
  keyId: string,
): Promise<boolean> {
  const rows: unknown[] = await manager.query(
    `SELECT key_id FROM platform_keys WHERE key_id = $1 AND revoked_at IS NULL FOR UPDATE`,
    [keyId],
  );
  if (rows.length === 0) return false;
  await manager.query('UPDATE platform_keys SET revoked_at = now() WHERE key_id = $1', [keyId]);
  return true;
}

export async function listPlatformKeys(
  manager: EntityManager | DataSource,
  platformId?: string,
): Promise<PlatformKeyInfo[]> {
  const rows: {
    key_id: string;
    platform_id: string;
    label: string | null;
    created_at: Date;
    revoked_at: Date | null;
  }[] = await manager.query(
    `SELECT key_id, platform_id, label, created_at, revoked_at FROM platform_keys
       WHERE ($1::text IS NULL OR platform_id = $1) ORDER BY platform_id, created_at`,
    [platformId ?? null],
  );
  return rows.map((r) => ({
    keyId: r.key_id,
    platformId: r.platform_id,
    label: r.label,
    createdAt: r.created_at.toISOString(),
    revokedAt: r.revoked_at?.toISOString() ?? null,
  }));
}

/**
 * Platform API keys, stored only as scrypt hashes. A presented key is found by its key id and
 * verified with scrypt in constant time; a verified key is remembered for a minute (by its full
 * SHA-256), so scrypt's cost is paid once per key and minute, not per request. A revocation takes
 * effect within that minute.
 */
@Injectable()
export class PlatformKeys implements OnApplicationBootstrap {
  private readonly logger = new Logger('platform-keys');
  private readonly cache = new Map<string, { platformId: string | null; until: number }>();

  constructor(
    private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  /** Seeds the development keys of PLATFORM_API_KEYS. */
  async onApplicationBootstrap(): Promise<void> {
    for (const [platformId, key] of this.config.platformApiKeys) {
      await storePlatformKey(this.dataSource, platformId, key, 'PLATFORM_API_KEYS');
    }
    if (this.config.platformApiKeys.size > 0) {
      this.logger.log(`seeded ${this.config.platformApiKeys.size} platform key(s) from PLATFORM_API_KEYS`);
    }
  }

  /** The platform a key belongs to, or null for an unknown or revoked key. */
  async platformOf(key: string): Promise<string | null> {
    if (key.length > 200) return null;
    const digest = createHash('sha256').update(key, 'utf8').digest('hex');
    const cached = this.cache.get(digest);
    if (cached && cached.until > Date.now()) return cached.platformId;
    const platformId = await this.verify(key, digest.slice(0, 32));
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(digest, { platformId, until: Date.now() + (platformId ? CACHE_MS : NEGATIVE_CACHE_MS) });
    return platformId;
  }

  private async verify(key: string, keyId: string): Promise<string | null> {
    const [row]: { platform_id: string; salt: Buffer; hash: Buffer }[] = await this.dataSource.query(
      'SELECT platform_id, salt, hash FROM platform_keys WHERE key_id = $1 AND revoked_at IS NULL',
      [keyId],
    );
    if (!row) return null;
    const hash = await scrypt(key, row.salt, HASH_BYTES, SCRYPT);
    return hash.length === row.hash.length && timingSafeEqual(hash, row.hash) ? row.platform_id : null;
  }
}
