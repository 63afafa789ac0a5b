import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each authority's own clearance record: the declarations it knows of, the state of every
 * participant (its own, decided here; its partners', as their events report), the shared history,
 * idempotency keys of filings, and platform keys.
 */
export class CreateClearance1764200000000 implements MigrationInterface {
  name = 'CreateClearance1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE declarations (
        id uuid PRIMARY KEY,
        platform_id text NOT NULL,
        platform_ref text NOT NULL,
        filed_with text NOT NULL CHECK (filed_with IN ('GZ', 'HK', 'MO')),
        trade_mode text NOT NULL,
        body jsonb NOT NULL,
        status text NOT NULL DEFAULT 'IN_PROGRESS' CHECK (status IN ('IN_PROGRESS', 'CLEARED', 'HELD', 'REJECTED')),
        filed_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      'CREATE INDEX declarations_platform_idx ON declarations (platform_id, filed_at DESC, id DESC)',
    );
    await q.query('CREATE INDEX declarations_platform_ref_idx ON declarations (platform_id, platform_ref)');
    await q.query(`
      CREATE TABLE participants (
        declaration_id uuid NOT NULL,
        authority text NOT NULL CHECK (authority IN ('GZ', 'HK', 'MO')),
        role text NOT NULL CHECK (role IN ('export', 'transit', 'import')),
        status text NOT NULL CHECK (status IN ('RECEIVED', 'ASSESSED', 'AWAITING_DOCUMENT_CHECK',
          'AWAITING_INSPECTION', 'RELEASED', 'HELD', 'REJECTED')),
        lane text CHECK (lane IN ('GREEN', 'YELLOW', 'RED')),
        reasons jsonb NOT NULL DEFAULT '[]',
        duties jsonb NOT NULL DEFAULT '[]',
        standard_version text,
        decided_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (declaration_id, authority)
      )`);
    await q.query(`
      CREATE TABLE history (
        id bigserial PRIMARY KEY,
        event_id uuid NOT NULL UNIQUE,
        declaration_id uuid NOT NULL,
        authority text NOT NULL,
        type text NOT NULL,
        detail jsonb NOT NULL,
        occurred_at timestamptz NOT NULL
      )`);
    await q.query('CREATE INDEX history_declaration_idx ON history (declaration_id, occurred_at, event_id)');
    await q.query(`
      CREATE TABLE idempotency_keys (
        platform_id text NOT NULL,
        key text NOT NULL,
        request_hash text NOT NULL,
        status_code int NOT NULL,
        response jsonb NOT NULL,
        declaration_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (platform_id, key)
      )`);
    await q.query(`
      CREATE TABLE known_consignors (
        party_id text PRIMARY KEY,
        first_seen_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE platform_keys (
        key_hash text PRIMARY KEY,
        platform_id text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'platform_keys',
      'known_consignors',
      'idempotency_keys',
      'history',
      'participants',
      'declarations',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
