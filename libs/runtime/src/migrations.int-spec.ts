import { MESSAGING_MIGRATIONS } from '@gba/messaging';
import { createTestDatabase } from '@gba/testing';
import { DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import { runMigrationsExclusively } from './migrations';
import { dataSourceOptions, type RuntimeModuleOptions } from './runtime.module';

/** Fails if applied twice (CREATE TABLE without IF NOT EXISTS) and counts its runs. */
class CreateProbe1900000000000 implements MigrationInterface {
  name = 'CreateProbe1900000000000';
  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE TABLE migration_probe (applied_at timestamptz NOT NULL DEFAULT now())');
    await q.query('INSERT INTO migration_probe DEFAULT VALUES');
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE migration_probe');
  }
}

class Broken1900000000001 implements MigrationInterface {
  name = 'Broken1900000000001';
  async up(q: QueryRunner): Promise<void> {
    await q.query('SELECT no_such_function()');
  }
  async down(): Promise<void> {
    // up never succeeds: nothing to undo.
  }
}

const MIGRATIONS = [...MESSAGING_MIGRATIONS, CreateProbe1900000000000];

/** A data source with the options of the service's `migrate` command. */
function connect(url: string, migrations: RuntimeModuleOptions['migrations'] = MIGRATIONS) {
  return new DataSource(dataSourceOptions({ databaseUrl: url }, [], migrations)).initialize();
}

describe('migrate: one run at a time per database (advisory lock, PostgreSQL)', () => {
  const open: DataSource[] = [];
  afterAll(() => Promise.all(open.map((d) => d.destroy())));

  it('two concurrent runs against one fresh database both succeed and apply each migration once', async () => {
    const url = await createTestDatabase('migrate_race');
    const [a, b] = await Promise.all([connect(url), connect(url)]);
    open.push(a, b);

    // Each run's data step sees the whole schema and records itself: the lock covers it too.
    const dataStep = (source: DataSource) => async () => {
      await source.query('INSERT INTO migration_probe DEFAULT VALUES');
    };
    const [first, second] = await Promise.all([
      runMigrationsExclusively(a, dataStep(a)),
      runMigrationsExclusively(b, dataStep(b)),
    ]);

    expect([first.length, second.length].sort((x, y) => x - y)).toEqual([0, MIGRATIONS.length]);
    const [{ count }] = await a.query('SELECT count(*)::int AS count FROM schema_migrations');
    expect(count).toBe(MIGRATIONS.length);
    const [{ runs }] = await a.query('SELECT count(*)::int AS runs FROM migration_probe');
    expect(runs).toBe(3); // the migration once, each run's data step once
    // Run again: nothing left to apply.
    expect(await runMigrationsExclusively(b)).toEqual([]);
  });

  it('releases the lock when a migration fails, so that the next run is not blocked', async () => {
    const url = await createTestDatabase('migrate_failure');
    const broken = await connect(url, [...MIGRATIONS, Broken1900000000001]);
    const good = await connect(url);
    open.push(broken, good);

    await expect(runMigrationsExclusively(broken)).rejects.toThrow(/no_such_function/);
    // Each migration has its own transaction: those before the broken one stay applied.
    expect(await runMigrationsExclusively(good)).toEqual([]);
    const [{ held }] = await good.query(
      `SELECT count(*)::int AS held FROM pg_locks WHERE locktype = 'advisory' AND database =
         (SELECT oid FROM pg_database WHERE datname = current_database())`,
    );
    expect(held).toBe(0);
  });
});
