import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The mainland CBEC annual ledger (GZ only). Buyers are keyed by a keyed hash of their ID number,
 * never in clear. One row per buyer and year carries the running total and is the lock that
 * serialises concurrent declarations of one buyer; one entry per declaration allows returns.
 */
export class CreateCbecLedger1764400000000 implements MigrationInterface {
  name = 'CreateCbecLedger1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE cbec_ledger (
        buyer_key text NOT NULL,
        year int NOT NULL,
        used numeric(14, 2) NOT NULL DEFAULT 0 CHECK (used >= 0),
        PRIMARY KEY (buyer_key, year)
      )`);
    await q.query(`
      CREATE TABLE cbec_ledger_entries (
        declaration_id uuid PRIMARY KEY,
        buyer_key text NOT NULL,
        year int NOT NULL,
        amount numeric(14, 2) NOT NULL,
        duties jsonb NOT NULL DEFAULT '[]',
        released_at timestamptz,
        returned_at timestamptz,
        return_reason text,
        counted boolean NOT NULL DEFAULT true
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE cbec_ledger_entries');
    await q.query('DROP TABLE cbec_ledger');
  }
}
