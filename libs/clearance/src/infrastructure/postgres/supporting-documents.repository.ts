import { Injectable } from '@nestjs/common';
import type { Authority } from '@gba/standards';
import { DataSource, type EntityManager } from 'typeorm';
import type {
  DocumentMediaType,
  DocumentSummary,
  SharedDocument,
  StoredDocument,
} from '../../use-cases/supporting-documents/supporting-documents.command';
import {
  type AddResult,
  type Reader,
  SupportingDocumentStore,
} from '../../use-cases/supporting-documents/supporting-documents.handler';
import { appendAuditEntries } from './audit-trail.repository';
import { unitOfWork } from './unit-of-work';

interface DocumentRow {
  id: string;
  declaration_id: string;
  file_name: string;
  media_type: DocumentMediaType;
  size_bytes: number;
  sha256: string;
  uploaded_by: string;
  uploaded_with: Authority;
  uploaded_at: Date;
  participants?: Authority[];
  content?: Buffer;
}

const SUMMARY_COLUMNS =
  'd.id, d.declaration_id, d.file_name, d.media_type, d.size_bytes, d.sha256, d.uploaded_by, d.uploaded_with, d.uploaded_at';

const summaryOf = (r: DocumentRow): DocumentSummary => ({
  id: r.id,
  declarationId: r.declaration_id,
  fileName: r.file_name,
  mediaType: r.media_type,
  sizeBytes: r.size_bytes,
  sha256: r.sha256,
  uploadedBy: r.uploaded_by,
  uploadedWith: r.uploaded_with,
  uploadedAt: r.uploaded_at.toISOString(),
});

/** Whether the declaration is on record here and the reader's to see (a platform: its own). */
async function visible(manager: EntityManager, declarationId: string, reader: Reader): Promise<boolean> {
  const rows: unknown[] = await manager.query(
    'SELECT 1 FROM declarations WHERE id = $1 AND ($2::text IS NULL OR platform_id = $2)',
    [declarationId, reader.platformId ?? null],
  );
  return rows.length > 0;
}

/**
 * The documents of each declaration in `declarationIds` (without their bytes), oldest first: what a
 * document-check task shows its officer.
 */
export async function documentSummaries(
  manager: EntityManager | DataSource,
  declarationIds: readonly string[],
): Promise<Map<string, DocumentSummary[]>> {
  const byDeclaration = new Map<string, DocumentSummary[]>();
  if (declarationIds.length === 0) return byDeclaration;
  const rows: DocumentRow[] = await manager.query(
    `SELECT ${SUMMARY_COLUMNS} FROM supporting_documents d
      WHERE d.declaration_id = ANY($1::uuid[]) ORDER BY d.uploaded_at, d.id`,
    [[...new Set(declarationIds)]],
  );
  for (const r of rows) {
    const list = byDeclaration.get(r.declaration_id) ?? [];
    list.push(summaryOf(r));
    byDeclaration.set(r.declaration_id, list);
  }
  return byDeclaration;
}

/** The only SQL of supporting documents. */
@Injectable()
export class PostgresSupportingDocumentStore extends SupportingDocumentStore {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  add(document: StoredDocument, reader: Reader, limit: number): Promise<AddResult> {
    const kind = reader.platformId === undefined ? 'officer-action' : 'platform-action';
    return unitOfWork(this.dataSource, kind, async (manager): Promise<AddResult> => {
      // One upload of a declaration at a time: the count below cannot go stale before the insert.
      await manager.query("SELECT pg_advisory_xact_lock(hashtextextended('documents:' || $1, 0))", [
        document.declarationId,
      ]);
      if (!(await visible(manager, document.declarationId, reader))) return { kind: 'not-found' };
      const same: DocumentRow[] = await manager.query(
        `SELECT ${SUMMARY_COLUMNS} FROM supporting_documents d
          WHERE d.declaration_id = $1 AND d.sha256 = $2 ORDER BY d.uploaded_at, d.id LIMIT 1`,
        [document.declarationId, document.sha256],
      );
      if (same[0]) return { kind: 'exists', document: summaryOf(same[0]) };
      const [{ n }]: { n: number }[] = await manager.query(
        'SELECT count(*)::int AS n FROM supporting_documents WHERE declaration_id = $1',
        [document.declarationId],
      );
      if (n >= limit) return { kind: 'full' };
      await manager.query(
        `INSERT INTO supporting_documents (id, declaration_id, uploaded_with, participants, file_name,
           media_type, size_bytes, sha256, uploaded_by, uploaded_at, content)
         SELECT $1, $2, $3, array_agg(p.authority ORDER BY p.authority), $4, $5, $6, $7, $8, $9, $10
           FROM participants p WHERE p.declaration_id = $2`,
        [
          document.id,
          document.declarationId,
          document.uploadedWith,
          document.fileName,
          document.mediaType,
          document.sizeBytes,
          document.sha256,
          document.uploadedBy,
          document.uploadedAt,
          document.content,
        ],
      );
      const { content: _bytes, ...summary } = document;
      await appendAuditEntries(manager, [
        {
          authority: document.uploadedWith,
          actor: document.uploadedBy,
          action: 'DOCUMENT_UPLOADED',
          declarationId: document.declarationId,
          detail: { ...summary },
        },
      ]);
      return { kind: 'added' };
    });
  }

  list(declarationId: string, reader: Reader): Promise<DocumentSummary[] | undefined> {
    return unitOfWork(this.dataSource, 'query', async (manager) => {
      if (!(await visible(manager, declarationId, reader))) return undefined;
      return (await documentSummaries(manager, [declarationId])).get(declarationId) ?? [];
    });
  }

  get(declarationId: string, documentId: string, reader: Reader): Promise<StoredDocument | undefined> {
    return unitOfWork(this.dataSource, 'query', async (manager) => {
      if (!(await visible(manager, declarationId, reader))) return undefined;
      const rows: DocumentRow[] = await manager.query(
        `SELECT ${SUMMARY_COLUMNS}, d.content FROM supporting_documents d
          WHERE d.id = $1 AND d.declaration_id = $2`,
        [documentId, declarationId],
      );
      const row = rows[0];
      return row ? { ...summaryOf(row), content: row.content as Buffer } : undefined;
    });
  }

  receive(document: SharedDocument): Promise<boolean> {
    return unitOfWork(this.dataSource, 'partner-events', async (manager) => {
      const inserted: unknown[] = await manager.query(
        `INSERT INTO supporting_documents (id, declaration_id, uploaded_with, participants, file_name,
           media_type, size_bytes, sha256, uploaded_by, uploaded_at, content, shared_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, now())
         ON CONFLICT (id) DO NOTHING RETURNING id`,
        [
          document.id,
          document.declarationId,
          document.uploadedWith,
          document.participants,
          document.fileName,
          document.mediaType,
          document.sizeBytes,
          document.sha256,
          document.uploadedBy,
          document.uploadedAt,
          document.content,
        ],
      );
      return inserted.length > 0;
    });
  }

  shareNext(share: (document: SharedDocument) => Promise<void>): Promise<boolean> {
    return unitOfWork(this.dataSource, 'partner-events', async (manager) => {
      const rows: DocumentRow[] = await manager.query(
        `SELECT ${SUMMARY_COLUMNS}, d.participants, d.content FROM supporting_documents d
          WHERE d.shared_at IS NULL ORDER BY d.received_at, d.id LIMIT 1 FOR UPDATE SKIP LOCKED`,
      );
      const row = rows[0];
      if (!row) return false;
      await share({
        ...summaryOf(row),
        participants: row.participants as Authority[],
        content: row.content as Buffer,
      });
      await manager.query('UPDATE supporting_documents SET shared_at = now() WHERE id = $1', [row.id]);
      return true;
    });
  }
}
