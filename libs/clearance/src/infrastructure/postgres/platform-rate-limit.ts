import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_CONFIG, type ServiceConfig } from '@gba/runtime';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { DataSource } from 'typeorm';
import {
  PlatformRateLimit,
  type RateLimitPolicy,
  rateLimitPolicy,
  type RateLimitState,
} from '../../use-cases/platform-keys/rate-limit';

/** The table the budgets are counted in (migration CreatePlatformRateLimits1765050000000). */
export const PLATFORM_RATE_LIMIT_TABLE = 'platform_rate_limits';

/**
 * Every platform's request budget in this authority's database, counted by rate-limiter-flexible's
 * RateLimiterPostgres (a fixed window per platform: one upsert per request on the service's own
 * pool, so no extra connections), so all replicas of the service share one budget. The table
 * comes from a migration (`tableCreated`: the library never runs DDL); expired windows are
 * deleted by the library every 5 minutes. A platform found over its budget is answered from this
 * process's memory for the rest of the window (`inMemoryBlockOnConsumed`), so a flood costs no
 * statement per request.
 */
@Injectable()
export class PostgresPlatformRateLimit extends PlatformRateLimit {
  readonly policy: RateLimitPolicy;
  private readonly limiter: RateLimiterPostgres;

  constructor(dataSource: DataSource, @Inject(SERVICE_CONFIG) config: Pick<ServiceConfig, 'rateLimit'>) {
    super();
    this.policy = rateLimitPolicy(config.rateLimit);
    this.limiter = new RateLimiterPostgres({
      storeClient: dataSource,
      storeType: 'typeorm',
      tableName: PLATFORM_RATE_LIMIT_TABLE,
      tableCreated: true,
      keyPrefix: this.policy.name,
      points: this.policy.quota,
      duration: this.policy.windowSeconds,
      inMemoryBlockOnConsumed: this.policy.quota + 1,
    });
  }

  async take(platformId: string): Promise<RateLimitState> {
    try {
      const res = await this.limiter.consume(platformId);
      return { allowed: true, remaining: res.remainingPoints, resetSeconds: secondsOf(res) };
    } catch (err) {
      if (err instanceof RateLimiterRes)
        return { allowed: false, remaining: 0, resetSeconds: secondsOf(err) };
      throw err;
    }
  }
}

function secondsOf(res: RateLimiterRes): number {
  return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
}
