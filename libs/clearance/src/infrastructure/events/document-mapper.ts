import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import {
  type Authority as ProtoAuthority,
  authorityFromProto,
  authorityToProto,
  EventDecodeError,
  SupportingDocumentSchema,
} from '@gba/contracts';
import { parseRfc3339 } from '@gba/standards';
import {
  DocumentIntegrityError,
  DOCUMENT_MEDIA_TYPES,
  type DocumentMediaType,
  type SharedDocument,
} from '../../use-cases/supporting-documents/supporting-documents.command';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MEDIA_TYPES: ReadonlySet<string> = new Set(DOCUMENT_MEDIA_TYPES);

/** Content type of a documents-topic message (the `content-type` header). */
export const DOCUMENT_CONTENT_TYPE = 'application/x-protobuf;type=gba.customs.v1.SupportingDocument';

/** A document uploaded here as the protobuf bytes sent on this authority's documents topic. */
export function encodeDocument(document: SharedDocument): Uint8Array {
  return toBinary(
    SupportingDocumentSchema,
    create(SupportingDocumentSchema, {
      documentId: document.id,
      declarationId: document.declarationId,
      authority: authorityToProto(document.uploadedWith),
      participants: document.participants.map(authorityToProto) as ProtoAuthority[],
      uploadedAt: document.uploadedAt,
      uploadedBy: document.uploadedBy,
      fileName: document.fileName,
      mediaType: document.mediaType,
      sizeBytes: BigInt(document.sizeBytes),
      sha256: document.sha256,
      content: document.content,
    }),
  );
}

/**
 * A partner's documents-topic message as a document. Whether its bytes match its size and hash is
 * the receiver's check; here only the shape.
 * @throws EventDecodeError for bytes that are not a usable SupportingDocument (dead-lettered).
 */
export function decodeDocument(bytes: Uint8Array): SharedDocument {
  let m;
  try {
    m = fromBinary(SupportingDocumentSchema, bytes);
  } catch (err) {
    throw new EventDecodeError(`not a gba.customs.v1.SupportingDocument: ${(err as Error).message}`);
  }
  if (!UUID.test(m.documentId)) throw new EventDecodeError('document_id is not a UUID');
  if (!UUID.test(m.declarationId)) throw new EventDecodeError('declaration_id is not a UUID');
  if (Number.isNaN(parseRfc3339(m.uploadedAt))) throw new EventDecodeError('uploaded_at is not RFC 3339');
  if (!MEDIA_TYPES.has(m.mediaType)) throw new EventDecodeError(`media_type ${m.mediaType} is not accepted`);
  if (!/^[0-9a-f]{64}$/.test(m.sha256)) throw new EventDecodeError('sha256 is not 64 lower-case hex digits');
  if (m.sizeBytes > BigInt(Number.MAX_SAFE_INTEGER)) throw new EventDecodeError('size_bytes is too large');
  if (!m.uploadedBy || !m.fileName) throw new EventDecodeError('uploaded_by and file_name are required');
  return {
    id: m.documentId.toLowerCase(),
    declarationId: m.declarationId.toLowerCase(),
    uploadedWith: authorityFromProto(m.authority),
    participants: m.participants.map(authorityFromProto),
    uploadedAt: new Date(parseRfc3339(m.uploadedAt)).toISOString(),
    uploadedBy: m.uploadedBy,
    fileName: m.fileName,
    mediaType: m.mediaType as DocumentMediaType,
    sizeBytes: Number(m.sizeBytes),
    sha256: m.sha256,
    content: Buffer.from(m.content),
  };
}

/** Whether a failure to take a partner's document is for good (dead letter), not temporary. */
export function isPoisonDocument(err: unknown): err is Error {
  return err instanceof EventDecodeError || err instanceof DocumentIntegrityError;
}
