import type { MigrationInterface, QueryRunner } from 'typeorm';

/** What `dlq replay` sent back to the replay topic: one row per dead letter (`<partition>:<offset>`). */
export class CreateDeadLetterReplays1764900000000 implements MigrationInterface {
  name = 'CreateDeadLetterReplays1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE dead_letter_replays (
        dead_letter_id text PRIMARY KEY,
        event_id uuid,
        replays int NOT NULL DEFAULT 1,
        last_replayed_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE dead_letter_replays');
  }
}
