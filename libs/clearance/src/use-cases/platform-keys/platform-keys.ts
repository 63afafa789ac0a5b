import { createHash, randomBytes, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { SERVICE_CONFIG, type ServiceConfig } from '@gba/runtime';

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
  /** RFC 3339. */
  createdAt: string;
  revokedAt: string | null;
}

/** A key as kept: never the key, only its salted scrypt hash. */
export interface StoredPlatformKey {
  platformId: string;
  salt: Buffer;
  hash: Buffer;
}

/** Where platform keys are kept (a port; PostgreSQL in production). */
export abstract class PlatformKeyStore {
  /** Adds a key; a key id already there is left as it is. */
  abstract add(key: StoredPlatformKey & { keyId: string; label: string | null }): Promise<void>;
  /** The key with this id, unless unknown or revoked. */
  abstract active(keyId: string): Promise<StoredPlatformKey | null>;
  /** False when there is no active key with this id. */
  abstract revoke(keyId: string): Promise<boolean>;
  abstract list(platformId?: string): Promise<PlatformKeyInfo[]>;
}

/** Stores a key as a salted scrypt hash; returns its id. */
export async function storePlatformKey(
  store: PlatformKeyStore,
  platformId: string,
  key: string,
  label?: string,
): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(key, salt, HASH_BYTES, SCRYPT);
  const keyId = keyIdOf(key);
  await store.add({ keyId, platformId, salt, hash, label: label ?? null });
  return keyId;
}

/** A new random key for a platform: printed once, stored only as its hash. */
export async function createPlatformKey(store: PlatformKeyStore, platformId: string, label?: string) {
  const key = `gba_${randomBytes(24).toString('base64url')}`;
  const keyId = await storePlatformKey(store, platformId, key, label);
  return { key, keyId };
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
    private readonly store: PlatformKeyStore,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  /** Seeds the development keys of PLATFORM_API_KEYS. */
  async onApplicationBootstrap(): Promise<void> {
    for (const [platformId, key] of this.config.platformApiKeys) {
      await storePlatformKey(this.store, platformId, key, 'PLATFORM_API_KEYS');
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
    const stored = await this.store.active(keyId);
    if (!stored) return null;
    const hash = await scrypt(key, stored.salt, HASH_BYTES, SCRYPT);
    return hash.length === stored.hash.length && timingSafeEqual(hash, stored.hash)
      ? stored.platformId
      : null;
  }
}
