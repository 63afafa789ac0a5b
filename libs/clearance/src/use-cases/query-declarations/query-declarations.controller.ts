import { Controller, Get, Param, Query, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiSecurity, ApiTags } from '@nestjs/swagger';
import {
  ApiCallerProblems,
  ApiJsonResponse,
  ApiPlatformProblems,
  ApiProblems,
  IdParamPipe,
  problem,
  ProblemException,
  textFault,
} from '@gba/runtime';
import { DECLARATION_RESOURCE_REF, DECLARATION_PAGE_REF } from '../http/openapi-schemas';
import { QueryReader } from '../http/query-reader';
import type { DeclarationStatus } from '@gba/standards';
import type { Request } from 'express';
import { CallerGuard } from '../platform-keys/caller.guard';
import { PlatformGuard, PlatformId } from '../platform-keys/platform.guard';
import { DeclarationReader } from './declaration-reader';
import { decodeCursor } from './declaration-resource';

const STATUSES: DeclarationStatus[] = ['IN_PROGRESS', 'CLEARED', 'HELD', 'REJECTED', 'CANCELLED'];

/** The reading endpoints of api.md: one declaration, and a platform's list. */
@ApiTags('platform')
@ApiSecurity('platform')
@Controller('declarations')
export class QueryDeclarationsController {
  constructor(private readonly declarations: DeclarationReader) {}

  @Get(':id')
  @UseGuards(CallerGuard)
  @ApiBearerAuth('officer')
  @ApiOperation({
    summary:
      'The declaration with every participant and the shared history (its platform, or officers of a participant)',
    description:
      'The declaration as this authority has it on record: its status, each participant with lane, reasons, ' +
      'duties and decision, and the shared history. Poll it until the status is CLEARED, HELD, REJECTED or CANCELLED.',
  })
  @ApiJsonResponse(200, 'The declaration', DECLARATION_RESOURCE_REF)
  @ApiCallerProblems()
  @ApiProblems({ 404: "No such declaration here (or not the platform's)" })
  async get(@Req() req: Request & { platformId?: string }, @Param('id', IdParamPipe) id: string) {
    // A declaration is on record here only when this authority takes part in it, so an officer of
    // this authority may see any of them; a platform only its own.
    const resource = await this.declarations.get(id, req.platformId);
    if (!resource) throw new ProblemException(problem(404, 'not-found', `No declaration ${id} here.`));
    return resource;
  }

  @Get()
  @UseGuards(PlatformGuard)
  @ApiOperation({
    summary: "The platform's own declarations, newest first, cursor-paginated",
    description:
      'A page of the declarations the calling platform filed with this authority, newest first, optionally by ' +
      'platformRef or status; pass `nextCursor` as `cursor` for the next page (null on the last one).',
  })
  @ApiJsonResponse(200, 'A page of declaration summaries', DECLARATION_PAGE_REF)
  @ApiPlatformProblems()
  @ApiProblems({ 400: 'A query parameter is not valid: every one, by /query/<name> pointer' })
  @ApiQuery({ name: 'platformRef', required: false })
  @ApiQuery({ name: 'status', required: false, enum: STATUSES })
  @ApiQuery({ name: 'limit', required: false, description: '1–200, default 50' })
  @ApiQuery({ name: 'cursor', required: false })
  async list(@PlatformId() platformId: string, @Query() query: unknown) {
    const q = new QueryReader(query, ['platformRef', 'status', 'limit', 'cursor']);
    // A reference: no control, bidi or invisible character (the rule of JSON bodies), compared in NFC.
    const platformRef = q.text(
      'platformRef',
      (value) => value.length <= 100 && !textFault(value, false),
      'TEXT_INVALID',
      'One reference of at most 100 characters, without control, bidi or invisible characters',
    );
    const status = q.oneOf('status', STATUSES, 'STATUS_INVALID');
    const n = q.integer('limit', 1, 200, 50, 'LIMIT_INVALID');
    const cursor = q.text('cursor', (value) => decodeCursor(value) !== null, 'CURSOR_INVALID', 'Use the nextCursor of a previous page');
    const after = cursor === undefined ? null : decodeCursor(cursor);
    q.done();
    return this.declarations.list(platformId, {
      platformRef: platformRef?.normalize('NFC'),
      status,
      limit: n,
      after: after ?? undefined,
    });
  }
}
