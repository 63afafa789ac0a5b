import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Ledger entries found by buyer: the quota enquiry asks whether the calling platform filed a
 * retail import of the buyer (cbec_ledger_entries by buyer_key, joined to its declarations).
 */
export class IndexCbecEntriesByBuyer1765000000000 implements MigrationInterface {
  name = 'IndexCbecEntriesByBuyer1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX cbec_ledger_entries_buyer_idx ON cbec_ledger_entries (buyer_key)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX cbec_ledger_entries_buyer_idx');
  }
}
