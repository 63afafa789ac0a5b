import { Controller, Get, Param, Query, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { IdParamPipe, problem, ProblemException, textFault } from '@gba/runtime';
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
  })
  async get(@Req() req: Request & { platformId?: string }, @Param('id', IdParamPipe) id: string) {
    // A declaration is on record here only when this authority takes part in it, so an officer of
    // this authority may see any of them; a platform only its own.
    const resource = await this.declarations.get(id, req.platformId);
    if (!resource) throw new ProblemException(problem(404, 'not-found', `No declaration ${id} here.`));
    return resource;
  }

  @Get()
  @UseGuards(PlatformGuard)
  @ApiOperation({ summary: "The platform's own declarations, newest first, cursor-paginated" })
  @ApiQuery({ name: 'platformRef', required: false })
  @ApiQuery({ name: 'status', required: false, enum: STATUSES })
  @ApiQuery({ name: 'limit', required: false, description: '1–200, default 50' })
  @ApiQuery({ name: 'cursor', required: false })
  async list(
    @PlatformId() platformId: string,
    @Query('platformRef') platformRef?: string,
    @Query('status') status?: string,
    @Query('limit') limit?: string,
    @Query('cursor') cursor?: string,
  ) {
    const errors = [];
    // A reference: no control, bidi or invisible character (the rule of JSON bodies), compared in NFC.
    if (
      platformRef !== undefined &&
      (typeof platformRef !== 'string' || platformRef.length > 100 || textFault(platformRef, false))
    ) {
      errors.push({
        pointer: '/query/platformRef',
        code: 'TEXT_INVALID',
        detail: 'One reference of at most 100 characters, without control, bidi or invisible characters',
      });
    }
    if (status !== undefined && !STATUSES.includes(status as DeclarationStatus)) {
      errors.push({
        pointer: '/query/status',
        code: 'STATUS_INVALID',
        detail: `One of ${STATUSES.join(', ')}`,
      });
    }
    const n = limit === undefined ? 50 : Number(limit);
    if (!Number.isInteger(n) || n < 1 || n > 200) {
      errors.push({ pointer: '/query/limit', code: 'LIMIT_INVALID', detail: 'An integer from 1 to 200' });
    }
    const after = cursor === undefined ? undefined : decodeCursor(cursor);
    if (after === null)
      errors.push({
        pointer: '/query/cursor',
        code: 'CURSOR_INVALID',
        detail: 'Use the nextCursor of a previous page',
      });
    if (errors.length > 0) {
      throw new ProblemException(
        problem(400, 'bad-query', 'The query parameters are not valid.', { errors }),
      );
    }
    return this.declarations.list(platformId, {
      platformRef: platformRef?.normalize('NFC'),
      status: status as DeclarationStatus | undefined,
      limit: n,
      after: after ?? undefined,
    });
  }
}
