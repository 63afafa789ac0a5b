import { temporaryUnavailability } from '@gba/runtime';
import { createTestDatabase } from '@gba/testing';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { CLEARANCE_MIGRATIONS } from '../../schema';
import { PostgresPlatformRateLimit } from './platform-rate-limit';

// A window far longer than the test, so no assertion depends on how fast the machine is.
const CONFIG = { rateLimit: { perSecond: 1, burst: 60 } };

async function replica(url: string): Promise<DataSource> {
  const dataSource = new DataSource({ type: 'postgres', url, extra: { max: 3 } });
  return dataSource.initialize();
}

describe('platform rate limit shared by the replicas of a service (PostgreSQL)', () => {
  let url: string;
  let replicas: DataSource[];

  beforeAll(async () => {
    url = await createTestDatabase('platform_rate_limit');
    const migrator = new DataSource({
      type: 'postgres',
      url,
      migrations: CLEARANCE_MIGRATIONS,
      migrationsTableName: 'schema_migrations',
    });
    await migrator.initialize();
    await migrator.runMigrations({ transaction: 'each' });
    await migrator.destroy();
    replicas = [await replica(url), await replica(url)];
  });

  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.destroy()));
  });

  it('counts one budget across two replicas: together they let exactly the quota through', async () => {
    const [a, b] = replicas.map((r) => new PostgresPlatformRateLimit(r, CONFIG));
    const remaining: number[] = [];
    for (let i = 0; i < 60; i++) {
      const state = await (i % 2 === 0 ? a! : b!).take('shop-a');
      expect(state.allowed).toBe(true);
      remaining.push(state.remaining);
    }
    // Each replica sees what the other spent.
    expect(remaining).toEqual(Array.from({ length: 60 }, (_, i) => 59 - i));
    for (const limit of [a!, b!]) {
      const refused = await limit.take('shop-a');
      expect(refused.allowed).toBe(false);
      expect(refused.remaining).toBe(0);
      expect(refused.resetSeconds).toBeGreaterThanOrEqual(1);
      expect(refused.resetSeconds).toBeLessThanOrEqual(60);
    }
    // Another platform has its own budget.
    expect(await a!.take('shop-b')).toMatchObject({ allowed: true, remaining: 59 });
  });

  it('lets exactly the quota through when both replicas are hit at once', async () => {
    const [a, b] = replicas.map((r) => new PostgresPlatformRateLimit(r, CONFIG));
    const states = await Promise.all(
      Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? a! : b!).take('shop-concurrent')),
    );
    expect(states.filter((s) => s.allowed)).toHaveLength(60);
    expect(states.filter((s) => !s.allowed).every((s) => s.remaining === 0)).toBe(true);
    const [{ points }] = await replicas[0]!.query(
      `SELECT points FROM platform_rate_limits WHERE key = 'platform:shop-concurrent'`,
    );
    expect(points).toBeGreaterThanOrEqual(60);
  });

  it('fails with a temporary failure (503 with Retry-After), not a 500, when the database is unreachable', async () => {
    // A replica whose database address answers nothing.
    const pool = new Pool({
      connectionString: 'postgres://postgres@127.0.0.1:1/none',
      connectionTimeoutMillis: 2000,
    });
    const unreachable = { driver: { master: pool } } as unknown as DataSource;
    try {
      const err = await new PostgresPlatformRateLimit(unreachable, CONFIG)
        .take('shop-a')
        .catch((e: unknown) => e);
      expect(err).not.toHaveProperty('allowed'); // the store's error, not a verdict
      const answer = temporaryUnavailability(err);
      expect(answer?.problem.status).toBe(503);
      expect(answer?.retryAfterSeconds).toBeGreaterThan(0);
    } finally {
      await pool.end();
    }
  });
});
