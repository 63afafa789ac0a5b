import { createHash } from 'node:crypto';
import { ConflictError, NotFoundError } from '@gba/clearance-domain';
import type { ClearanceFactory } from '../clearance-factory';
import { MediaTypeSniffer, sanitiseFileName } from './media-type';
import {
  DocumentIntegrityError,
  type DocumentMediaType,
  DocumentTooLargeError,
  MAX_DOCUMENT_BYTES,
  type SharedDocument,
  type StoredDocument,
  UnsupportedDocumentTypeError,
} from './supporting-documents.command';
import { type AddResult, SupportingDocuments, SupportingDocumentStore } from './supporting-documents.handler';

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Reads the first bytes as file-type would for the three accepted types (file-type itself is ESM, run in e2e). */
class StubSniffer extends MediaTypeSniffer {
  override async sniff(content: Uint8Array): Promise<DocumentMediaType | undefined> {
    const head = Buffer.from(content.subarray(0, 8));
    if (head.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
    if (head.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))) return 'image/jpeg';
    if (head.equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
    return undefined;
  }
}

class MemoryStore extends SupportingDocumentStore {
  added: StoredDocument[] = [];
  received: SharedDocument[] = [];
  next: AddResult = { kind: 'added' };
  async add(document: StoredDocument) {
    if (this.next.kind === 'added') this.added.push(document);
    return this.next;
  }
  async list() {
    return undefined;
  }
  async get() {
    return undefined;
  }
  async receive(document: SharedDocument) {
    if (this.received.some((d) => d.id === document.id)) return false;
    this.received.push(document);
    return true;
  }
  async shareNext() {
    return false;
  }
}

const PDF = Buffer.from('%PDF-1.7\n%%EOF\n');

function setup(authority: 'HK' | 'GZ' = 'GZ') {
  const store = new MemoryStore();
  const handler = new SupportingDocuments(store, new StubSniffer(), { authority } as ClearanceFactory);
  return { store, handler };
}

const shared = (overrides: Partial<SharedDocument> = {}): SharedDocument => ({
  id: '11111111-1111-4111-8111-111111111111',
  declarationId: '22222222-2222-4222-8222-222222222222',
  fileName: 'invoice.pdf',
  mediaType: 'application/pdf',
  sizeBytes: PDF.length,
  sha256: sha256(PDF),
  uploadedBy: 'platform:shop-a',
  uploadedWith: 'HK',
  uploadedAt: '2026-03-01T08:00:00.000Z',
  participants: ['GZ', 'HK'],
  content: PDF,
  ...overrides,
});

describe('sanitiseFileName', () => {
  const PDF = 'application/pdf' as const;
  it.each<[string, DocumentMediaType, string]>([
    ['invoice.pdf', PDF, 'invoice.pdf'],
    ['Invoice.PDF', PDF, 'Invoice.PDF'],
    ['../../etc/passwd', PDF, 'passwd.pdf'],
    ['C:\\Users\\me\\scan.png', 'image/png', 'scan.png'],
    ['photo.jpeg', 'image/jpeg', 'photo.jpeg'],
    ['photo.png', 'image/jpeg', 'photo.jpg'],
    ['發票 2026.pdf', PDF, '發票 2026.pdf'],
    ['e\u0301te\u0301.pdf', PDF, 'été.pdf'],
    ['bad"name<>|?*:.pdf', PDF, 'badname.pdf'],
    ["it's.pdf", PDF, 'its.pdf'],
    ['new\r\nline\u0000.pdf', PDF, 'newline.pdf'],
    // The reviewer's name: a bidi override shows "exe.jpg" reversed; the bytes are a PDF.
    ['../../a"<b>\u202Egpj.exe', PDF, 'abgpj.pdf'],
    ['\u202egnp.exe', 'image/png', 'gnp.png'],
    ['invoice.pdf.exe', PDF, 'invoice.pdf.pdf'],
    ['report.tar.gz', PDF, 'report.tar.pdf'],
    ['No. 5', PDF, 'No. 5.pdf'],
    ['NUL.pdf', PDF, '_NUL.pdf'],
    ['com1', PDF, '_com1.pdf'],
    ['  ..hidden. ', PDF, 'hidden.pdf'],
    ['...', PDF, 'document.pdf'],
    ['.pdf', PDF, 'pdf.pdf'],
    ['', 'image/png', 'document.png'],
    [`${'a'.repeat(300)}.pdf`, PDF, `${'a'.repeat(196)}.pdf`],
    [`${'a'.repeat(300)}.exe`, 'image/jpeg', `${'a'.repeat(196)}.jpg`],
  ])('%j as %s → %j', (input, mediaType, expected) => {
    expect(sanitiseFileName(input, mediaType)).toBe(expected);
  });

  it("is idempotent (a partner's already sanitised name stays as it is)", () => {
    for (const name of ['abgpj.pdf', '_NUL.pdf', 'document.pdf', 'No. 5.pdf']) {
      expect(sanitiseFileName(name, PDF)).toBe(name);
    }
  });
});

describe('SupportingDocuments.upload', () => {
  const command = (content: Buffer, fileName = 'invoice.pdf') => ({
    declarationId: '22222222-2222-4222-8222-222222222222',
    uploader: { kind: 'platform' as const, platformId: 'shop-a' },
    fileName,
    content,
  });

  it('stores a PDF with its hash, size, type read from the bytes, sanitised name and uploader', async () => {
    const { store, handler } = setup('HK');
    const { document: summary, created } = await handler.upload(command(PDF, '../in"voice.pdf'));
    expect(created).toBe(true);
    expect(summary).toMatchObject({
      fileName: 'invoice.pdf',
      mediaType: 'application/pdf',
      sizeBytes: PDF.length,
      sha256: sha256(PDF),
      uploadedBy: 'platform:shop-a',
      uploadedWith: 'HK',
    });
    expect(summary).not.toHaveProperty('content');
    expect(store.added.map((d) => d.content)).toEqual([PDF]);
  });

  it.each<[string, Buffer, unknown]>([
    ['an executable named .pdf', Buffer.from('MZ\x90\x00\x03'), UnsupportedDocumentTypeError],
    ['an empty file', Buffer.alloc(0), UnsupportedDocumentTypeError],
    [
      'one byte over 10 MiB',
      Buffer.concat([PDF, Buffer.alloc(MAX_DOCUMENT_BYTES + 1 - PDF.length)]),
      DocumentTooLargeError,
    ],
  ])('refuses %s', async (_name, content, error) => {
    const { store, handler } = setup();
    await expect(handler.upload(command(content))).rejects.toBeInstanceOf(error);
    expect(store.added).toEqual([]);
  });

  it('takes exactly 10 MiB', async () => {
    const { handler } = setup();
    const content = Buffer.concat([PDF, Buffer.alloc(MAX_DOCUMENT_BYTES - PDF.length)]);
    await expect(handler.upload(command(content))).resolves.toMatchObject({
      document: { sizeBytes: MAX_DOCUMENT_BYTES },
    });
  });

  it('answers the document already there for the same bytes again, storing nothing', async () => {
    const { store, handler } = setup();
    const first = await handler.upload(command(PDF));
    store.next = { kind: 'exists', document: first.document };
    expect(await handler.upload(command(PDF, 'again.pdf'))).toEqual({
      document: first.document,
      created: false,
    });
    expect(store.added).toHaveLength(1);
  });

  it.each<[AddResult, unknown]>([
    [{ kind: 'not-found' }, NotFoundError],
    [{ kind: 'full' }, ConflictError],
  ])('turns the store answering %j into %p', async (answer, error) => {
    const { store, handler } = setup();
    store.next = answer;
    await expect(handler.upload(command(PDF))).rejects.toBeInstanceOf(error);
  });
});

describe("SupportingDocuments.receive: a partner's document is verified before it is stored", () => {
  const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
  it.each<[string, Partial<SharedDocument>, RegExp]>([
    [
      'bytes that do not match the hash',
      { content: Buffer.from('%PDF-1.7\n%%EOF\nX'), sizeBytes: PDF.length + 1 },
      /SHA-256/,
    ],
    ['a hash of other bytes', { sha256: sha256(Buffer.from('other')) }, /SHA-256/],
    ['a size that is not the content', { sizeBytes: PDF.length - 1 }, /announced/],
    ['a type that is not the content', { mediaType: 'image/png' }, /image\/png announced/],
    [
      'a PNG announced as a PDF',
      { content: PNG, sizeBytes: PNG.length, sha256: sha256(PNG) },
      /image\/png, application\/pdf announced/,
    ],
  ])('dead-letters %s', async (_name, overrides, message) => {
    const { store, handler } = setup();
    const error = await handler.receive(shared(overrides)).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(DocumentIntegrityError);
    expect((error as Error).message).toMatch(message);
    expect(store.received).toEqual([]);
  });

  it('stores a sound document once and sanitises its name again', async () => {
    const { store, handler } = setup();
    expect(await handler.receive(shared({ fileName: '../x.pdf' }))).toBe('stored');
    expect(await handler.receive(shared())).toBe('duplicate');
    expect(store.received.map((d) => d.fileName)).toEqual(['x.pdf']);
  });

  it('skips a document of a declaration this authority takes no part in', async () => {
    const { store, handler } = setup('GZ');
    expect(await handler.receive(shared({ participants: ['HK', 'MO'] }))).toBe('skipped');
    expect(store.received).toEqual([]);
  });
});
