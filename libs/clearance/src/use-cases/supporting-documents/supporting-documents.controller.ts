import {
  Controller,
  Get,
  Header,
  HttpCode,
  Param,
  Post,
  Req,
  Res,
  StreamableFile,
  UploadedFile,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiOperation,
  ApiProduces,
  ApiResponse,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import type { Officer } from '@gba/auth';
import {
  ApiCallerProblems,
  ApiJsonResponse,
  ApiProblems,
  IdParamPipe,
  namedSchema,
  problem,
  ProblemException,
} from '@gba/runtime';
import type { Request, Response } from 'express';
import { DomainErrorsInterceptor } from '../http/domain-errors.interceptor';
import { setCreatedLocation } from '../http/location';
import { CallerGuard } from '../platform-keys/caller.guard';
import {
  DocumentTooLargeError,
  MAX_DOCUMENT_BYTES,
  MAX_DOCUMENTS_PER_DECLARATION,
  UnsupportedDocumentTypeError,
  type Uploader,
} from './supporting-documents.command';
import { sanitiseFileName } from './media-type';
import { type Reader, SupportingDocuments } from './supporting-documents.handler';

/** What multer hands over for the `file` part (memory storage). */
interface UploadedPart {
  originalname: string;
  buffer: Buffer;
  size: number;
}

type CallerRequest = Request & { platformId?: string; officer?: Officer };

const SUMMARY_REF = namedSchema('DocumentSummary', {
  type: 'object',
  required: [
    'id',
    'declarationId',
    'fileName',
    'mediaType',
    'sizeBytes',
    'sha256',
    'uploadedBy',
    'uploadedWith',
    'uploadedAt',
  ],
  properties: {
    id: { type: 'string', format: 'uuid' },
    declarationId: { type: 'string', format: 'uuid' },
    fileName: { type: 'string', description: 'the original name, sanitised' },
    mediaType: { type: 'string', enum: ['application/pdf', 'image/jpeg', 'image/png'] },
    sizeBytes: { type: 'integer' },
    sha256: { type: 'string', description: 'lower-case hex SHA-256 of the content' },
    uploadedBy: { type: 'string', description: 'platform:<id> or officer:<id>' },
    uploadedWith: { type: 'string', enum: ['GZ', 'HK', 'MO'] },
    uploadedAt: { type: 'string', format: 'date-time' },
  },
});
const LOCATION = {
  Location: { description: 'The path of the document', schema: { type: 'string' as const } },
};

const readerOf = (req: CallerRequest): Reader => (req.officer ? {} : { platformId: req.platformId });

/**
 * The multipart `filename` as text: busboy reads it as Latin-1 unless the client used `filename*`,
 * so UTF-8 bytes (e.g. 發票.pdf) arrive as mojibake; they are decoded again when they are UTF-8.
 */
function fileNameOf(part: UploadedPart): string {
  const name = part.originalname ?? '';
  if ([...name].some((c) => c.charCodeAt(0) > 0xff)) return name;
  const utf8 = Buffer.from(name, 'latin1').toString('utf8');
  return utf8.includes('\ufffd') ? name : utf8;
}

/**
 * Supporting documents of a declaration (docs/supporting-documents.md): uploaded by its platform or
 * an officer here, listed and downloaded by them; every participant's officers read them from their
 * own service. 413 over 10 MiB, 415 when the bytes are no PDF, JPEG or PNG, 409 past 20 documents.
 */
@ApiTags('documents')
@ApiSecurity('platform')
@ApiBearerAuth('officer')
@ApiCallerProblems()
@UseGuards(CallerGuard)
@UseInterceptors(DomainErrorsInterceptor)
@Controller('declarations/:id/documents')
export class SupportingDocumentsController {
  constructor(private readonly documents: SupportingDocuments) {}

  @Post()
  @HttpCode(201)
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_DOCUMENT_BYTES, files: 1, fields: 0 } }))
  @ApiOperation({
    summary:
      'Attach a supporting document (its platform, or an officer here): PDF, JPEG or PNG by content, at most 10 MiB, 20 per declaration',
    description:
      'One multipart/form-data part named "file". The type is taken from the content, not the name. The same ' +
      'bytes sent again answer 200 with the document already stored; `Location` names the document.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: {
        file: { type: 'string', format: 'binary', description: 'the document, one part named "file"' },
      },
    },
  })
  @ApiJsonResponse(201, 'Stored, and on its way to the other participants', SUMMARY_REF, LOCATION)
  @ApiJsonResponse(
    200,
    'The same bytes are attached already (a retry): that document, nothing stored',
    SUMMARY_REF,
    LOCATION,
  )
  @ApiProblems({
    404: "No such declaration here (or not the platform's)",
    409: `The declaration already has ${MAX_DOCUMENTS_PER_DECLARATION} documents`,
    413: 'Larger than 10 MiB',
    415: 'Not multipart/form-data, or the content is no PDF, JPEG or PNG',
    422: 'No part named "file"',
  })
  async upload(
    @Req() req: CallerRequest,
    @Res({ passthrough: true }) res: Response,
    @Param('id', IdParamPipe) id: string,
    @UploadedFile() part: UploadedPart | undefined,
  ) {
    if (!part) {
      if (!req.is('multipart/form-data'))
        throw new ProblemException(
          problem(
            415,
            'unsupported-media-type',
            'Send the document as multipart/form-data, in a part named "file".',
          ),
        );
      throw ProblemException.validation(
        [{ pointer: '/file', code: 'REQUIRED', detail: 'one part named "file" holding the document' }],
        'The document is missing.',
      );
    }
    const uploader: Uploader = req.officer
      ? { kind: 'officer', officerId: req.officer.id }
      : { kind: 'platform', platformId: req.platformId as string };
    try {
      const { document, created } = await this.documents.upload({
        declarationId: id,
        uploader,
        fileName: fileNameOf(part),
        content: part.buffer,
      });
      // The same bytes again (a retry): 200 with the document already stored, nothing new.
      if (!created) res.status(200);
      setCreatedLocation(req, res, document.id);
      return document;
    } catch (err) {
      if (err instanceof DocumentTooLargeError)
        throw new ProblemException(problem(413, 'too-large', err.message));
      if (err instanceof UnsupportedDocumentTypeError)
        throw new ProblemException(problem(415, 'unsupported-document-type', err.message));
      throw err;
    }
  }

  @Get()
  @ApiOperation({
    summary: "The declaration's supporting documents, oldest first (without their bytes)",
    description: 'Every document attached to the declaration by any participant or its platform.',
  })
  @ApiJsonResponse(200, 'The documents', {
    type: 'object',
    required: ['items'],
    properties: { items: { type: 'array', items: SUMMARY_REF } },
  })
  @ApiProblems({ 404: "No such declaration here (or not the platform's)" })
  async list(@Req() req: CallerRequest, @Param('id', IdParamPipe) id: string) {
    return { items: await this.documents.list(id, readerOf(req)) };
  }

  @Get(':documentId')
  @Header('X-Content-Type-Options', 'nosniff')
  @Header('Cache-Control', 'private, no-store')
  @ApiOperation({
    summary:
      'The bytes of one document, as an attachment (Content-Disposition: attachment, X-Content-Type-Options: nosniff, Repr-Digest: sha-256)',
    description:
      'The stored bytes with their media type; `Repr-Digest` (RFC 9530) lets the reader check them.',
  })
  @ApiProduces('application/pdf', 'image/jpeg', 'image/png')
  @ApiResponse({
    status: 200,
    description: 'The document',
    schema: { type: 'string', format: 'binary' },
    headers: {
      'Repr-Digest': { description: 'sha-256 of the bytes (RFC 9530)', schema: { type: 'string' } },
    },
  })
  @ApiProblems({ 404: 'No such declaration or document here' })
  async download(
    @Req() req: CallerRequest,
    @Res({ passthrough: true }) res: Response,
    @Param('id', IdParamPipe) id: string,
    @Param('documentId', IdParamPipe) documentId: string,
  ): Promise<StreamableFile> {
    const document = await this.documents.download(id, documentId, readerOf(req));
    // attachment() writes RFC 6266 filename and filename* (RFC 8187) for any name (the
    // content-disposition package). Sanitised again (idempotent) for names stored before the
    // extension had to match the type.
    res.attachment(sanitiseFileName(document.fileName, document.mediaType));
    res.setHeader('Content-Type', document.mediaType);
    res.setHeader('Content-Length', String(document.sizeBytes));
    // RFC 9530: the digest of the representation, so a reader can check what it got.
    res.setHeader('Repr-Digest', `sha-256=:${Buffer.from(document.sha256, 'hex').toString('base64')}:`);
    return new StreamableFile(document.content);
  }
}
