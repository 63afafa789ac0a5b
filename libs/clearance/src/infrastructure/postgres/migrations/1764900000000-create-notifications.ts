import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notifications to platforms (one row per change of a declaration filed here, written in the
 * unit of work that made the change; `seq` orders them) and each platform's push subscription
 * with its delivery state (consecutive failures, next attempt, the dispatcher's lease, the block).
 */
export class CreateNotifications1764900000000 implements MigrationInterface {
  name = 'CreateNotifications1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notifications (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id uuid NOT NULL UNIQUE,
        platform_id text NOT NULL,
        declaration_id uuid NOT NULL,
        type text NOT NULL,
        body jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        acknowledged_at timestamptz,
        delivered_at timestamptz,
        attempts int NOT NULL DEFAULT 0,
        last_error text
      )`);
    await q.query(
      'CREATE INDEX notifications_pending_idx ON notifications (platform_id, seq) WHERE acknowledged_at IS NULL',
    );
    await q.query('CREATE INDEX notifications_platform_idx ON notifications (platform_id, seq)');
    await q.query(
      'CREATE INDEX notifications_acknowledged_idx ON notifications (acknowledged_at) WHERE acknowledged_at IS NOT NULL',
    );
    await q.query(`
      CREATE TABLE notification_subscriptions (
        platform_id text PRIMARY KEY,
        url text NOT NULL,
        events text[] NOT NULL,
        secret text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        failures int NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        lease uuid,
        lease_until timestamptz,
        blocked_at timestamptz,
        last_error text
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE notification_subscriptions');
    await q.query('DROP TABLE notifications');
  }
}
