import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateOutboxAndInbox1764100000000 implements MigrationInterface {
  name = 'CreateOutboxAndInbox1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE outbox (
        id bigserial PRIMARY KEY,
        event_id uuid NOT NULL UNIQUE,
        topic text NOT NULL,
        message_key text NOT NULL,
        payload bytea NOT NULL,
        traceparent text,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'published', 'failed')),
        attempts int NOT NULL DEFAULT 0,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz
      )`);
    await q.query(`CREATE INDEX outbox_pending_idx ON outbox (id) WHERE status = 'pending'`);
    // Wakes the relay at once; it also polls, so a lost notification only delays.
    await q.query(`
      CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('gba_outbox', '');
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER outbox_notify AFTER INSERT ON outbox
      FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify()`);
    await q.query(`
      CREATE TABLE inbox (
        event_id uuid PRIMARY KEY,
        source_topic text NOT NULL,
        declaration_id text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE inbox');
    await q.query('DROP TABLE outbox');
    await q.query('DROP FUNCTION outbox_notify()');
  }
}
