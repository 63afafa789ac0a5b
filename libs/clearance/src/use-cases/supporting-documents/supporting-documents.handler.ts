import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ConflictError, NotFoundError } from '@gba/clearance-domain';
import { ClearanceFactory } from '../clearance-factory';
import { MediaTypeSniffer, sanitiseFileName } from './media-type';
import {
  DocumentIntegrityError,
  DocumentTooLargeError,
  type DocumentSummary,
  MAX_DOCUMENT_BYTES,
  MAX_DOCUMENTS_PER_DECLARATION,
  type SharedDocument,
  type StoredDocument,
  UnsupportedDocumentTypeError,
  type UploadDocument,
  uploaderName,
} from './supporting-documents.command';

/** Who reads: a platform sees only its own declarations' documents, an officer any declaration on record here. */
export type Reader = { platformId?: string };

/** Outcome of storing an upload: added, the same bytes already there (that document), or why not. */
export type AddResult =
  | { kind: 'added' }
  | { kind: 'exists'; document: DocumentSummary }
  | { kind: 'not-found' }
  | { kind: 'full' };

/** The documents of this authority's database (SQL in infrastructure/postgres). */
export abstract class SupportingDocumentStore {
  /**
   * Stores a document uploaded here, to be shared with the declaration's other participants, if
   * the declaration is on record here, visible to `reader`, does not hold the same bytes (same
   * SHA-256) already, and has fewer than `limit` documents (checked under a lock of the
   * declaration, so two uploads never both take the last place nor store the same bytes twice).
   */
  abstract add(document: StoredDocument, reader: Reader, limit: number): Promise<AddResult>;
  /** The declaration's documents, oldest first; undefined when it is not on record or not the reader's. */
  abstract list(declarationId: string, reader: Reader): Promise<DocumentSummary[] | undefined>;
  /** One document with its bytes; undefined when it or its declaration is not the reader's to see. */
  abstract get(
    declarationId: string,
    documentId: string,
    reader: Reader,
  ): Promise<StoredDocument | undefined>;
  /** Stores a partner's document once (a redelivery is a no-op): true when it was new here. */
  abstract receive(document: SharedDocument): Promise<boolean>;
  /**
   * Hands the oldest document uploaded here and not yet shared to `share` and marks it shared once
   * `share` resolves (in one transaction holding the row, so replicas never share the same one at
   * once; a crash before the mark shares it again, and receivers store it once). False when none.
   */
  abstract shareNext(share: (document: SharedDocument) => Promise<void>): Promise<boolean>;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * Supporting documents of a declaration (issue 13): uploaded at one participant by the declaration's
 * platform or an officer, PDF, JPEG or PNG by content, at most 10 MiB and 20 per declaration;
 * stored with their SHA-256 and sent to every other participant, who verifies them before storing.
 */
@Injectable()
export class SupportingDocuments {
  constructor(
    private readonly store: SupportingDocumentStore,
    private readonly sniffer: MediaTypeSniffer,
    private readonly clearances: ClearanceFactory,
  ) {}

  /**
   * Stores an upload; the same bytes uploaded again to the declaration (a client's retry after a
   * lost answer) are not stored twice: the document already there is returned, `created` false.
   * @throws DocumentTooLargeError over 10 MiB; UnsupportedDocumentTypeError when the content is
   *   not a PDF, JPEG or PNG; NotFoundError when the declaration is not the caller's here;
   *   ConflictError `documents-limit` when it already has 20 documents.
   */
  async upload(command: UploadDocument): Promise<{ document: DocumentSummary; created: boolean }> {
    const { content } = command;
    if (content.length > MAX_DOCUMENT_BYTES)
      throw new DocumentTooLargeError(`A document is at most ${MAX_DOCUMENT_BYTES} bytes (10 MiB).`);
    const mediaType = await this.sniffer.sniff(content);
    if (!mediaType)
      throw new UnsupportedDocumentTypeError(
        'The content is not a PDF, JPEG or PNG (read from its bytes, not its name or declared type).',
      );
    const document: StoredDocument = {
      id: randomUUID(),
      declarationId: command.declarationId,
      fileName: sanitiseFileName(command.fileName, mediaType),
      mediaType,
      sizeBytes: content.length,
      sha256: sha256(content),
      uploadedBy: uploaderName(command.uploader),
      uploadedWith: this.clearances.authority,
      uploadedAt: new Date().toISOString(),
      content,
    };
    const reader = command.uploader.kind === 'platform' ? { platformId: command.uploader.platformId } : {};
    const added = await this.store.add(document, reader, MAX_DOCUMENTS_PER_DECLARATION);
    if (added.kind === 'exists') return { document: added.document, created: false };
    if (added.kind === 'not-found') throw new NotFoundError(`No declaration ${command.declarationId} here.`);
    if (added.kind === 'full')
      throw new ConflictError(
        'documents-limit',
        `Declaration ${command.declarationId} already has ${MAX_DOCUMENTS_PER_DECLARATION} supporting documents.`,
      );
    const { content: _bytes, ...summary } = document;
    return { document: summary, created: true };
  }

  /** @throws NotFoundError when the declaration is not the caller's here. */
  async list(declarationId: string, reader: Reader): Promise<DocumentSummary[]> {
    const documents = await this.store.list(declarationId, reader);
    if (!documents) throw new NotFoundError(`No declaration ${declarationId} here.`);
    return documents;
  }

  /** @throws NotFoundError when the document or its declaration is not the caller's here. */
  async download(declarationId: string, documentId: string, reader: Reader): Promise<StoredDocument> {
    const document = await this.store.get(declarationId, documentId, reader);
    if (!document) throw new NotFoundError(`No document ${documentId} of declaration ${declarationId} here.`);
    return document;
  }

  /**
   * A partner's document, stored once if this authority takes part and it is what it says: its
   * size, SHA-256 and media type (read again from the bytes) must match what was announced.
   * @returns 'skipped' (not addressed here), 'stored' or 'duplicate'.
   * @throws DocumentIntegrityError for a document that can never be stored (dead-lettered).
   */
  async receive(document: SharedDocument): Promise<'skipped' | 'stored' | 'duplicate'> {
    if (!document.participants.includes(this.clearances.authority)) return 'skipped';
    const { content } = document;
    if (content.length !== document.sizeBytes)
      throw new DocumentIntegrityError(
        `document ${document.id}: ${content.length} bytes received, ${document.sizeBytes} announced`,
      );
    if (content.length > MAX_DOCUMENT_BYTES)
      throw new DocumentIntegrityError(`document ${document.id}: larger than ${MAX_DOCUMENT_BYTES} bytes`);
    const hash = sha256(content);
    if (hash !== document.sha256)
      throw new DocumentIntegrityError(
        `document ${document.id}: SHA-256 ${hash} of the bytes received, ${document.sha256} announced`,
      );
    const mediaType = await this.sniffer.sniff(content);
    if (mediaType !== document.mediaType)
      throw new DocumentIntegrityError(
        `document ${document.id}: content is ${mediaType ?? 'no accepted type'}, ${document.mediaType} announced`,
      );
    const stored: SharedDocument = {
      ...document,
      fileName: sanitiseFileName(document.fileName, document.mediaType),
    };
    return (await this.store.receive(stored)) ? 'stored' : 'duplicate';
  }
}
