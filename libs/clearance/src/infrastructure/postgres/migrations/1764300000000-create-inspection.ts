import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Officers' work: inspection tasks (document checks and physical inspections), the assessments
 * they answer, supervisors' risk targets, and e-lock records (SELS).
 */
export class CreateInspection1764300000000 implements MigrationInterface {
  name = 'CreateInspection1764300000000';

  async up(q: QueryRunner): Promise<void> {
    // Every participant's assessment as published, so that any service can plan the one joint
    // inspection and decide on a recognised result.
    await q.query(`ALTER TABLE participants ADD COLUMN assessment jsonb`);
    await q.query(`
      CREATE TABLE inspection_tasks (
        id uuid PRIMARY KEY,
        declaration_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('document', 'physical')),
        joint boolean NOT NULL,
        checks jsonb NOT NULL,
        covers jsonb NOT NULL,
        reasons jsonb NOT NULL DEFAULT '[]',
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done')),
        result jsonb,
        officer_id text,
        created_at timestamptz NOT NULL DEFAULT now(),
        done_at timestamptz
      )`);
    // At most one open task of a kind per declaration at this authority.
    await q.query(
      `CREATE UNIQUE INDEX inspection_tasks_one_per_kind ON inspection_tasks (declaration_id, kind, joint)`,
    );
    await q.query(`CREATE INDEX inspection_tasks_queue ON inspection_tasks (status, kind, created_at)`);
    await q.query(`
      CREATE TABLE risk_targets (
        id uuid PRIMARY KEY,
        match jsonb NOT NULL,
        lane text NOT NULL CHECK (lane IN ('YELLOW', 'RED')),
        reason text NOT NULL,
        expires_at timestamptz NOT NULL,
        set_by text NOT NULL,
        set_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE risk_targets');
    await q.query('DROP TABLE inspection_tasks');
    await q.query('ALTER TABLE participants DROP COLUMN assessment');
  }
}
