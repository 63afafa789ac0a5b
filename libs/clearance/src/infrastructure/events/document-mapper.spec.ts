import { createHash } from 'node:crypto';
import {
  DocumentIntegrityError,
  type SharedDocument,
} from '../../use-cases/supporting-documents/supporting-documents.command';
import { decodeDocument, encodeDocument, isPoisonDocument } from './document-mapper';

const content = Buffer.from('%PDF-1.7\n%%EOF\n');
const document: SharedDocument = {
  id: '11111111-1111-4111-8111-111111111111',
  declarationId: '22222222-2222-4222-8222-222222222222',
  fileName: '發票.pdf',
  mediaType: 'application/pdf',
  sizeBytes: content.length,
  sha256: createHash('sha256').update(content).digest('hex'),
  uploadedBy: 'officer:HK-1',
  uploadedWith: 'HK',
  uploadedAt: '2026-03-01T08:00:00.000Z',
  participants: ['HK', 'GZ'],
  content,
};

describe('supporting documents ↔ protobuf', () => {
  it('reads a document back exactly as sent, bytes included', () => {
    expect(decodeDocument(encodeDocument(document))).toEqual(document);
  });

  it.each<[string, Partial<SharedDocument>, RegExp]>([
    ['an id that is not a UUID', { id: 'doc-1' }, /document_id/],
    ['a declaration id that is not a UUID', { declarationId: '' }, /declaration_id/],
    ['a time that is not RFC 3339', { uploadedAt: '2026-03-01 08:00' }, /uploaded_at/],
    ['a media type not accepted', { mediaType: 'text/html' as SharedDocument['mediaType'] }, /media_type/],
    ['a hash that is not hex', { sha256: 'X'.repeat(64) }, /sha256/],
    ['no uploader', { uploadedBy: '' }, /uploaded_by/],
  ])('refuses %s as undecodable (a poison message)', (_name, overrides, message) => {
    const bytes = encodeDocument({ ...document, ...overrides });
    let error: unknown;
    try {
      decodeDocument(bytes);
    } catch (err) {
      error = err;
    }
    expect((error as Error).message).toMatch(message);
    expect(isPoisonDocument(error)).toBe(true);
  });

  it('refuses bytes that are no protobuf at all', () => {
    expect(() => decodeDocument(Buffer.from([0xff, 0xff, 0xff, 0xff]))).toThrow(
      /not a gba.customs.v1.SupportingDocument/,
    );
  });

  it('tells poison from temporary failures', () => {
    expect(isPoisonDocument(new DocumentIntegrityError('hash'))).toBe(true);
    expect(isPoisonDocument(new Error('connection terminated'))).toBe(false);
  });
});
