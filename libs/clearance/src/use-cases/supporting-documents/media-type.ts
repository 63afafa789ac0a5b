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
 * A client's file name made safe to store and to send back in `Content-Disposition`: the last path
 * segment only (no `../`), NFC, without control, bidi or other invisible characters (General
 * Category C*), quotes, backslashes or the characters Windows forbids (`<>:"/\|?*`), trimmed of
 * spaces and dots, at most 200 characters keeping the extension; `document` when nothing is left.
 */
export function sanitiseFileName(name: string): string {
  const last = name.split(/[/\\]/).pop() ?? '';
  let clean = last
    .normalize('NFC')
    .replace(/[\p{C}<>:"|?*']/gu, '')
    .replace(/\s+/gu, ' ')
    .replace(/^[\s.]+|[\s.]+$/gu, '');
  if (clean.length > MAX_NAME) {
    const dot = clean.lastIndexOf('.');
    const ext = dot > 0 && clean.length - dot <= 10 ? clean.slice(dot) : '';
    clean = clean.slice(0, MAX_NAME - ext.length) + ext;
  }
  return clean || 'document';
}
