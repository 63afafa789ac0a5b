import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Amendments (issue 13): a declaration's version (1 as filed, +1 per amendment) and, for each
 * participant, the version its assessment is of (a late assessment of an older version is history
 * only). Existing rows are version 1. At most one task of a kind per declaration now counts only
 * the tasks an amendment has not closed (reason AMENDED: `supersededByAmendment` in the domain),
 * so the new version may have its own.
 */
export class AddDeclarationVersions1765300000000 implements MigrationInterface {
  name = 'AddDeclarationVersions1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      'ALTER TABLE declarations ADD COLUMN version integer NOT NULL DEFAULT 1 CHECK (version >= 1)',
    );
    await q.query(
      'ALTER TABLE participants ADD COLUMN assessed_version integer NOT NULL DEFAULT 1 CHECK (assessed_version >= 1)',
    );
    await q.query('DROP INDEX inspection_tasks_one_per_kind');
    await q.query(
      `CREATE UNIQUE INDEX inspection_tasks_one_per_kind ON inspection_tasks (declaration_id, kind, joint)
         WHERE NOT reasons @> '[{"ruleId": "AMENDED"}]'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX inspection_tasks_one_per_kind');
    await q.query(
      'CREATE UNIQUE INDEX inspection_tasks_one_per_kind ON inspection_tasks (declaration_id, kind, joint)',
    );
    await q.query('ALTER TABLE participants DROP COLUMN assessed_version');
    await q.query('ALTER TABLE declarations DROP COLUMN version');
  }
}
