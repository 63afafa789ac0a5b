import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { SERVICE_CONFIG, type ServiceConfig } from '@gba/runtime';
import { DataSource } from 'typeorm';

/** Keys are high-entropy secrets: a SHA-256 digest at rest is enough to make a leak useless. */
export function hashPlatformKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

const CACHE_MS = 30_000;

/** Platform API keys, stored only as hashes; looked up by hash, cached briefly in memory. */
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
      await this.dataSource.query(
        `INSERT INTO platform_keys (key_hash, platform_id) VALUES ($1, $2) ON CONFLICT (key_hash) DO NOTHING`,
        [hashPlatformKey(key), platformId],
      );
    }
    if (this.config.platformApiKeys.size > 0) {
      this.logger.log(`seeded ${this.config.platformApiKeys.size} platform key(s) from PLATFORM_API_KEYS`);
    }
  }

  /** The platform a key belongs to, or null for an unknown or revoked key. */
  async platformOf(key: string): Promise<string | null> {
    const hash = hashPlatformKey(key);
    const cached = this.cache.get(hash);
    if (cached && cached.until > Date.now()) return cached.platformId;
    const rows: { platform_id: string }[] = await this.dataSource.query(
      'SELECT platform_id FROM platform_keys WHERE key_hash = $1 AND revoked_at IS NULL',
      [hash],
    );
    const platformId = rows[0]?.platform_id ?? null;
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(hash, { platformId, until: Date.now() + CACHE_MS });
    return platformId;
  }
}
