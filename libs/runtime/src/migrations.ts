import type { DataSource, Migration } from 'typeorm';

/**
 * The session advisory lock every `migrate` run of one database holds while it works
 * (`pg_advisory_lock(hashtextextended('gba:migrate', 0))`): a second run waits for the first,
 * then finds its migrations applied.
 */
export const MIGRATION_LOCK = 'gba:migrate';

/**
 * Runs `work` while holding {@link MIGRATION_LOCK} on a connection of its own (waiting as long as
 * another run holds it: no lock or statement timeout on that session). The lock is released when
 * `work` ends, also when it throws, and with the session if the process dies.
 */
export async function withMigrationLock<T>(dataSource: DataSource, work: () => Promise<T>): Promise<T> {
  const session = dataSource.createQueryRunner();
  await session.connect();
  try {
    await session.query(`SET lock_timeout = 0`);
    await session.query(`SET statement_timeout = 0`);
    await session.query(`SELECT pg_advisory_lock(hashtextextended($1, 0))`, [MIGRATION_LOCK]);
    try {
      return await work();
    } finally {
      await session.query(`SELECT pg_advisory_unlock(hashtextextended($1, 0))`, [MIGRATION_LOCK]);
    }
  } finally {
    await session.release();
  }
}

/**
 * Applies the data source's pending migrations, each in its own transaction, then `dataSteps`
 * (e.g. re-sealing data under a new key), all under {@link MIGRATION_LOCK}: two runs against one
 * database never race, each migration is applied once. Resolves to the migrations this run
 * applied (none when another run had applied them).
 */
export function runMigrationsExclusively(
  dataSource: DataSource,
  dataSteps: () => Promise<void> = async () => undefined,
): Promise<Migration[]> {
  return withMigrationLock(dataSource, async () => {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    await dataSteps();
    return applied;
  });
}
