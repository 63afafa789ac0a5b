import { createTestDatabase } from '@gba/testing';
import { Kafka, logLevel } from 'kafkajs';
import { Client, Pool } from 'pg';
import { DataSource } from 'typeorm';
import { temporaryFailureKind } from './temporary-failure';

/** Runs `work` and returns what it threw (fails the test when it throws nothing). */
async function failureOf(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work();
  } catch (err) {
    return err;
  }
  throw new Error('expected a failure');
}

describe('temporary failures as PostgreSQL, pg-pool, TypeORM and kafkajs really raise them', () => {
  let databaseUrl: string;
  let holder: Client;
  let dataSource: DataSource;

  beforeAll(async () => {
    databaseUrl = await createTestDatabase('messaging_failures');
    holder = new Client({ connectionString: databaseUrl });
    await holder.connect();
    await holder.query('CREATE TABLE IF NOT EXISTS guarded (id int PRIMARY KEY, note text)');
    await holder.query('INSERT INTO guarded VALUES (1, $1) ON CONFLICT DO NOTHING', ['x']);
    dataSource = new DataSource({ type: 'postgres', url: databaseUrl, extra: { max: 2 } });
    await dataSource.initialize();
  });

  afterAll(async () => {
    await holder.end();
    await dataSource.destroy();
  });

  it('a pool whose only connection is held: "timeout exceeded when trying to connect" → pool-exhausted', async () => {
    const pool = new Pool({ connectionString: databaseUrl, max: 1, connectionTimeoutMillis: 200 });
    const held = await pool.connect();
    try {
      const err = await failureOf(() => pool.query('SELECT 1'));
      expect((err as Error).message).toBe('timeout exceeded when trying to connect');
      expect(temporaryFailureKind(err)).toBe('pool-exhausted');
    } finally {
      held.release();
      await pool.end();
    }
    const ended = await failureOf(() => pool.query('SELECT 1'));
    expect(temporaryFailureKind(ended)).toBe('database-shutdown');
  });

  it('a row lock held by another transaction: lock_timeout through TypeORM → lock-timeout', async () => {
    await holder.query('BEGIN');
    await holder.query('SELECT * FROM guarded WHERE id = 1 FOR UPDATE');
    try {
      const err = await failureOf(() =>
        dataSource.transaction(async (manager) => {
          await manager.query(`SET LOCAL lock_timeout = '100ms'`);
          await manager.query('UPDATE guarded SET note = $1 WHERE id = 1', ['y']);
        }),
      );
      expect((err as { driverError: { code: string } }).driverError.code).toBe('55P03');
      expect(temporaryFailureKind(err)).toBe('lock-timeout');
      const nowait = await failureOf(() =>
        dataSource.query('SELECT * FROM guarded WHERE id = 1 FOR UPDATE NOWAIT'),
      );
      expect(temporaryFailureKind(nowait)).toBe('lock-timeout');
    } finally {
      await holder.query('ROLLBACK');
    }
  });

  it('statement_timeout → statement-timeout; a terminated session → database-shutdown', async () => {
    const slow = await failureOf(() =>
      dataSource.transaction(async (manager) => {
        await manager.query(`SET LOCAL statement_timeout = '100ms'`);
        await manager.query('SELECT pg_sleep(2)');
      }),
    );
    expect((slow as { driverError: { code: string } }).driverError.code).toBe('57014');
    expect(temporaryFailureKind(slow)).toBe('statement-timeout');

    const victim = new Client({ connectionString: databaseUrl });
    await victim.connect();
    victim.on('error', () => undefined);
    const { rows } = await victim.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    await holder.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
    const terminated = await failureOf(() => victim.query('SELECT 1'));
    expect(temporaryFailureKind(terminated)).toMatch(/database-shutdown|database-unreachable/);
    await victim.end().catch(() => undefined);
  });

  it('a deadlock between two transactions → deadlock', async () => {
    await holder.query('INSERT INTO guarded VALUES (2, $1) ON CONFLICT DO NOTHING', ['x']);
    const other = new Client({ connectionString: databaseUrl });
    await other.connect();
    try {
      await holder.query('BEGIN');
      await other.query('BEGIN');
      await holder.query('UPDATE guarded SET note = note WHERE id = 1');
      await other.query('UPDATE guarded SET note = note WHERE id = 2');
      const results = await Promise.allSettled([
        holder.query('UPDATE guarded SET note = note WHERE id = 2'),
        other.query('UPDATE guarded SET note = note WHERE id = 1'),
      ]);
      const failed = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(temporaryFailureKind(failed.reason)).toBe('deadlock');
    } finally {
      await holder.query('ROLLBACK');
      await other.query('ROLLBACK');
      await other.end();
    }
  });

  it('nothing listening on the port: refused connection → network; a unique violation is not temporary', async () => {
    const url = new URL(databaseUrl);
    url.port = '1';
    const refused = await failureOf(async () => {
      const client = new Client({ connectionString: url.toString() });
      await client.connect();
    });
    expect(temporaryFailureKind(refused)).toBe('network');

    const duplicate = await failureOf(() => dataSource.query('INSERT INTO guarded VALUES (1, $1)', ['dup']));
    expect((duplicate as { driverError: { code: string } }).driverError.code).toBe('23505');
    expect(temporaryFailureKind(duplicate)).toBeUndefined();
  });

  it("a transaction's connection terminated by the server, then used again → database-unreachable", async () => {
    const released = await failureOf(() =>
      dataSource.transaction(async (manager) => {
        const [{ pid }] = await manager.query('SELECT pg_backend_pid() AS pid');
        await holder.query('SELECT pg_terminate_backend($1)', [pid]);
        // Once pg has reported the lost connection, TypeORM releases it from the transaction.
        await new Promise((r) => setTimeout(r, 300));
        await manager.query('SELECT 1');
      }),
    );
    expect((released as Error).name).toBe('QueryRunnerProviderAlreadyReleasedError');
    expect(temporaryFailureKind(released)).toBe('database-unreachable');
  });

  it('a database closed to new sessions → database-unreachable; another 55000 is not temporary', async () => {
    const name = new URL(databaseUrl).pathname.slice(1);
    // A database cannot close itself: an operator's session on the maintenance database does it.
    const adminUrl = new URL(databaseUrl);
    adminUrl.pathname = '/postgres';
    const admin = new Client({ connectionString: adminUrl.toString() });
    await admin.connect();
    await admin.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS false`);
    try {
      const closed = await failureOf(async () => {
        const client = new Client({ connectionString: databaseUrl });
        await client.connect();
      });
      expect((closed as { code: string }).code).toBe('55000');
      expect(temporaryFailureKind(closed)).toBe('database-unreachable');
    } finally {
      await admin.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`);
      await admin.end();
    }
    // 55000 raised by a statement (here: currval before nextval) is the code's fault.
    await holder.query('CREATE SEQUENCE IF NOT EXISTS unused_seq');
    const misuse = await failureOf(() => dataSource.query("SELECT currval('unused_seq')"));
    expect((misuse as { driverError: { code: string } }).driverError.code).toBe('55000');
    expect(temporaryFailureKind(misuse)).toBeUndefined();
  });

  it('a broker that does not answer → broker', async () => {
    const producer = new Kafka({
      clientId: 'failures',
      brokers: ['127.0.0.1:1'],
      logLevel: logLevel.NOTHING,
      connectionTimeout: 200,
      retry: { retries: 1, initialRetryTime: 50 },
    }).producer();
    const err = await failureOf(() => producer.connect());
    expect((err as Error).name).toMatch(/^KafkaJS/);
    expect(temporaryFailureKind(err)).toBe('broker');
  });
});
