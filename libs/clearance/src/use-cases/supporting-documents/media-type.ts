import { Injectable } from '@nestjs/common';
import { loadEsm } from 'load-esm';
import { DOCUMENT_MEDIA_TYPES, type DocumentMediaType } from './supporting-documents.command';

type FileTypeModule = typeof import('file-type', { with: { 'resolution-mode': 'import' } });

const ACCEPTED: ReadonlySet<string> = new Set(DOCUMENT_MEDIA_TYPES);

/**
 * Reads a document's media type from its magic bytes with `file-type` (21.x, ESM-only: imported
 * through `load-esm`, so the CommonJS build keeps a real `import()`): `%PDF-`, JPEG's SOI marker
 * `FF D8 FF`, PNG's 8-byte signature. Undefined for anything else, e.g. a Windows executable
 * (`MZ`) named `invoice.pdf`.
 */
@Injectable()
export class MediaTypeSniffer {
  private module?: Promise<FileTypeModule>;

  async sniff(content: Uint8Array): Promise<DocumentMediaType | undefined> {
    this.module ??= loadEsm<FileTypeModule>('file-type');
    const found = await (await this.module).fileTypeFromBuffer(content);
    return found && ACCEPTED.has(found.mime) ? (found.mime as DocumentMediaType) : undefined;
  }
}

/** Longest stored file name, in characters. */
const MAX_NAME = 200;

/**
 * The file name extensions of each accepted type (IANA media type registrations: application/pdf
 * RFC 8118 `.pdf`; image/jpeg `.jpg` `.jpeg` `.jpe`; image/png `.png`), the first one the one given
 * to a name that has none of them.
 */
const EXTENSIONS: Record<DocumentMediaType, readonly string[]> = {
  'application/pdf': ['.pdf'],
  'image/jpeg': ['.jpg', '.jpeg', '.jpe'],
  'image/png': ['.png'],
};

/** A trailing extension as file systems show one: a dot and 1 to 10 letters or digits. */
const EXTENSION = /\.[\p{L}\p{N}]{1,10}$/u;

/** Names Windows reserves for devices, whatever their extension (`NUL.pdf` opens the device). */
const DEVICE_NAME = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\.|$)/iu;

/**
 * A client's file name made safe to store and to send back in `Content-Disposition` (which
 * express's `res.attachment` writes with RFC 6266 `filename` and RFC 8187 `filename*` in UTF-8):
 * the last path segment only (no `../`), NFC, without control, bidi or other invisible characters
 * (General Category C*), quotes, backslashes or the characters Windows forbids (`<>:"/\|?*`),
 * trimmed of spaces and dots, not a Windows device name, at most 200 characters; `document` when
 * nothing is left. Its extension is the one of `mediaType`, the type read from the bytes: a wrong
 * one is replaced (`a.exe` of a PDF → `a.pdf`), a missing one added (`scan` → `scan.pdf`), so the
 * name never tells the reader's system to open the bytes as something else.
 */
export function sanitiseFileName(name: string, mediaType: DocumentMediaType): string {
  const last = name.split(/[/\\]/).pop() ?? '';
  const clean = last
    .normalize('NFC')
    .replace(/[\p{C}<>:"|?*']/gu, '')
    .replace(/\s+/gu, ' ')
    .replace(/^[\s.]+|[\s.]+$/gu, '');
  const allowed = EXTENSIONS[mediaType];
  const ext = EXTENSION.exec(clean)?.[0] ?? '';
  const kept = allowed.includes(ext.toLowerCase()) ? ext : (allowed[0] as string);
  let base = (ext ? clean.slice(0, -ext.length) : clean).replace(/[\s.]+$/u, '') || 'document';
  if (DEVICE_NAME.test(base)) base = `_${base}`;
  return base.slice(0, MAX_NAME - kept.length) + kept;
}
