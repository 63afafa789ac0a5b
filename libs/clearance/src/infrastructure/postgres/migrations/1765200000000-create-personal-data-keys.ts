import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The key derivations the stored personal data has been brought under: one row per derivation,
 * written by the re-seal step (`migrate`, `keys reseal`) once every declaration has been re-sealed
 * and every keyed hash re-keyed, so that later releases skip the full pass.
 */
export class CreatePersonalDataKeys1765200000000 implements MigrationInterface {
  name = 'CreatePersonalDataKeys1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE personal_data_keys (
        derivation text PRIMARY KEY,
        completed_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE personal_data_keys');
  }
}
