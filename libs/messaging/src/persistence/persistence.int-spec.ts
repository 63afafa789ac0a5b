import { randomUUID } from 'node:crypto';
import { createTestDatabase } from '@gba/testing';
import { DataSource } from 'typeorm';
import { InboxEntry, MESSAGING_ENTITIES, MESSAGING_MIGRATIONS, OutboxMessage } from './index';

describe('outbox and inbox tables through TypeORM migrations', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = new DataSource({
      type: 'postgres',
      url: await createTestDatabase('messaging_persistence'),
      entities: MESSAGING_ENTITIES,
      migrations: MESSAGING_MIGRATIONS,
      migrationsTableName: 'schema_migrations',
    });
    await dataSource.initialize();
    await dataSource.runMigrations();
  });

  afterAll(() => dataSource.destroy());

  it('applies the migrations once and records them', async () => {
    expect(await dataSource.runMigrations()).toEqual([]);
    const rows = await dataSource.query('SELECT name FROM schema_migrations ORDER BY id');
    expect(rows).toEqual([
      { name: 'CreateOutboxAndInbox1764100000000' },
      { name: 'CreateDeadLetterReplays1764900000000' },
    ]);
  });

  it('round-trips an outbox message with its binary payload and defaults', async () => {
    const repo = dataSource.getRepository(OutboxMessage);
    const payload = Buffer.from([0, 1, 2, 254, 255]);
    const saved = await repo.save(
      repo.create({
        eventId: randomUUID(),
        topic: 'gba.hk.events.v1',
        messageKey: 'd-1',
        payload,
        traceparent: null,
      }),
    );
    const loaded = await repo.findOneByOrFail({ id: saved.id });
    expect(Buffer.compare(loaded.payload, payload)).toBe(0);
    expect(loaded.status).toBe('pending');
    expect(loaded.attempts).toBe(0);
    expect(loaded.createdAt).toBeInstanceOf(Date);
  });

  it('refuses a second inbox entry for the same event', async () => {
    const repo = dataSource.getRepository(InboxEntry);
    const entry = { eventId: randomUUID(), sourceTopic: 'gba.gz.events.v1', declarationId: 'd-1' };
    await repo.insert(entry);
    await expect(repo.insert(entry)).rejects.toThrow(/duplicate key/);
  });

  it('refuses an unknown outbox status', async () => {
    await expect(
      dataSource.query(
        `INSERT INTO outbox (event_id, topic, message_key, payload, status) VALUES ($1, 't', 'k', '\\x00', 'lost')`,
        [randomUUID()],
      ),
    ).rejects.toThrow(/check constraint/);
  });
});
