import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Platforms' request budgets, shared by every replica of the service: the table
 * rate-limiter-flexible's RateLimiterPostgres counts in (its own layout: `key` is the policy
 * prefix and the platform id, `points` the requests of the window, `expire` its end in epoch
 * milliseconds). Created here, not by the library at run time (it is given `tableCreated`).
 */
export class CreatePlatformRateLimits1765050000000 implements MigrationInterface {
  name = 'CreatePlatformRateLimits1765050000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE platform_rate_limits (
        key varchar(255) PRIMARY KEY,
        points integer NOT NULL DEFAULT 0,
        expire bigint
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE platform_rate_limits');
  }
}
