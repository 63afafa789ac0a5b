import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Supporting documents of declarations (issue 13): uploaded here (`shared_at` NULL until sent to the
 * other participants) or received from a partner (verified, stored once by id). The bytes are kept
 * uncompressed out of line (STORAGE EXTERNAL): PDF, JPEG and PNG are compressed already.
 */
export class CreateSupportingDocuments1765100000000 implements MigrationInterface {
  name = 'CreateSupportingDocuments1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE supporting_documents (
        id uuid PRIMARY KEY,
        declaration_id uuid NOT NULL,
        uploaded_with text NOT NULL CHECK (uploaded_with IN ('GZ', 'HK', 'MO')),
        participants text[] NOT NULL,
        file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 200),
        media_type text NOT NULL CHECK (media_type IN ('application/pdf', 'image/jpeg', 'image/png')),
        size_bytes integer NOT NULL CHECK (size_bytes BETWEEN 1 AND 10485760),
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        uploaded_by text NOT NULL,
        uploaded_at timestamptz NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        shared_at timestamptz,
        content bytea NOT NULL CHECK (octet_length(content) = size_bytes)
      )`);
    await q.query('ALTER TABLE supporting_documents ALTER COLUMN content SET STORAGE EXTERNAL');
    await q.query(
      'CREATE INDEX supporting_documents_declaration_idx ON supporting_documents (declaration_id, uploaded_at, id)',
    );
    await q.query(
      'CREATE INDEX supporting_documents_unshared_idx ON supporting_documents (received_at, id) WHERE shared_at IS NULL',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE supporting_documents');
  }
}
