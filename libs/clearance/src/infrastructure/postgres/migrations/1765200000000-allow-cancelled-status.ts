import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Cancellation (issue 13): a declaration and its participants may be CANCELLED. Widens the status
 * checks of `declarations` and `participants` (the constraint names PostgreSQL gave the inline
 * checks of 1764200000000).
 */
export class AllowCancelledStatus1765200000000 implements MigrationInterface {
  name = 'AllowCancelledStatus1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE declarations DROP CONSTRAINT declarations_status_check,
        ADD CONSTRAINT declarations_status_check
          CHECK (status IN ('IN_PROGRESS', 'CLEARED', 'HELD', 'REJECTED', 'CANCELLED'))`);
    await q.query(`
      ALTER TABLE participants DROP CONSTRAINT participants_status_check,
        ADD CONSTRAINT participants_status_check
          CHECK (status IN ('RECEIVED', 'ASSESSED', 'AWAITING_DOCUMENT_CHECK', 'AWAITING_INSPECTION',
            'RELEASED', 'HELD', 'REJECTED', 'CANCELLED'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE participants DROP CONSTRAINT participants_status_check,
        ADD CONSTRAINT participants_status_check
          CHECK (status IN ('RECEIVED', 'ASSESSED', 'AWAITING_DOCUMENT_CHECK', 'AWAITING_INSPECTION',
            'RELEASED', 'HELD', 'REJECTED'))`);
    await q.query(`
      ALTER TABLE declarations DROP CONSTRAINT declarations_status_check,
        ADD CONSTRAINT declarations_status_check
          CHECK (status IN ('IN_PROGRESS', 'CLEARED', 'HELD', 'REJECTED'))`);
  }
}
