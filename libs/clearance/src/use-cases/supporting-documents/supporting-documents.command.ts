import type { Authority } from '@gba/standards';

/** The media types a supporting document may have, read from its content (never from its name). */
export const DOCUMENT_MEDIA_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type DocumentMediaType = (typeof DOCUMENT_MEDIA_TYPES)[number];

/** At most 10 MiB (10 485 760 bytes) per document. */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;
/** At most 20 documents per declaration (all participants' uploads together). */
export const MAX_DOCUMENTS_PER_DECLARATION = 20;

/** Who uploads: the declaration's platform, or an officer of this authority. */
export type Uploader = { kind: 'platform'; platformId: string } | { kind: 'officer'; officerId: string };

/** `platform:<id>` or `officer:<id>`, as stored and shared. */
export const uploaderName = (u: Uploader): string =>
  u.kind === 'platform' ? `platform:${u.platformId}` : `officer:${u.officerId}`;

/** POST /declarations/{id}/documents, as the controller read it. */
export interface UploadDocument {
  declarationId: string;
  uploader: Uploader;
  /** The file name the client sent (multipart `filename`), not yet sanitised. */
  fileName: string;
  content: Buffer;
}

/** A document as listed: everything but the bytes. */
export interface DocumentSummary {
  id: string;
  declarationId: string;
  fileName: string;
  mediaType: DocumentMediaType;
  sizeBytes: number;
  /** Lower-case hex SHA-256 of the content. */
  sha256: string;
  uploadedBy: string;
  /** The authority where it was uploaded. */
  uploadedWith: Authority;
  /** RFC 3339 UTC. */
  uploadedAt: string;
}

/** A document with its bytes, as stored, downloaded and shared. */
export interface StoredDocument extends DocumentSummary {
  content: Buffer;
}

/** A document sent by the participant where it was uploaded, with that declaration's addressees. */
export interface SharedDocument extends StoredDocument {
  participants: Authority[];
}

/** The content is not a PDF, JPEG or PNG (whatever its name or declared type says). */
export class UnsupportedDocumentTypeError extends Error {
  override readonly name = 'UnsupportedDocumentTypeError';
}

/** The content is larger than MAX_DOCUMENT_BYTES. */
export class DocumentTooLargeError extends Error {
  override readonly name = 'DocumentTooLargeError';
}

/** A partner's document whose bytes do not match its announced size, hash or type: never stored. */
export class DocumentIntegrityError extends Error {
  override readonly name = 'DocumentIntegrityError';
}
