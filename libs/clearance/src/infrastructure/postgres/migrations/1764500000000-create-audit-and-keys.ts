import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The tamper-evident audit trail (a hash chain with a locked head row) and platform keys stored
 * as scrypt hashes, looked up by a non-secret key id.
 */
export class CreateAuditAndKeys1764500000000 implements MigrationInterface {
  name = 'CreateAuditAndKeys1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_log (
        seq bigint PRIMARY KEY,
        entry text NOT NULL,
        prev_hash text NOT NULL,
        hash text NOT NULL
      )`);
    await q.query(
      `CREATE TABLE audit_head (id int PRIMARY KEY CHECK (id = 1), seq bigint NOT NULL, hash text NOT NULL)`,
    );
    await q.query(`INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '${'0'.repeat(64)}')`);
    // Keys seeded before this migration were kept as bare SHA-256 digests: they are re-seeded
    // from PLATFORM_API_KEYS at start-up; keys made with `keys create` did not exist before it.
    await q.query('DROP TABLE platform_keys');
    await q.query(`
      CREATE TABLE platform_keys (
        key_id text PRIMARY KEY,
        platform_id text NOT NULL,
        salt bytea NOT NULL,
        hash bytea NOT NULL,
        label text,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      )`);
    await q.query('CREATE INDEX platform_keys_platform_idx ON platform_keys (platform_id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE platform_keys');
    await q.query(`CREATE TABLE platform_keys (key_hash text PRIMARY KEY, platform_id text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(), revoked_at timestamptz)`);
    await q.query('DROP TABLE audit_head');
    await q.query('DROP TABLE audit_log');
  }
}
