import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  Post,
  Query,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiHeader,
  ApiOperation,
  ApiQuery,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import { IdParamPipe, problem, ProblemException, PROBLEM_CONTENT_TYPE, unstorableText } from '@gba/runtime';
import type { Request, Response } from 'express';
import { CallerGuard } from '../officers/caller.guard';
import { DECLARATION_SCHEMA } from './declaration.schema';
import { DataSource } from 'typeorm';
import { PlatformGuard, PlatformId } from '../platform-auth/platform.guard';
import { decodeCursor, listDeclarations, loadDeclaration } from '../queries/declaration-resource';
import type { DeclarationStatus } from '@gba/standards';
import {
  DeclarationFiling,
  type FilingResult,
  IDEMPOTENCY_KEY,
  invalidKey,
  MAX_BATCH,
} from './declaration-filing';

const STATUSES: DeclarationStatus[] = ['IN_PROGRESS', 'CLEARED', 'HELD', 'REJECTED'];

function send(res: Response, result: FilingResult): void {
  if (result.replayed) res.setHeader('Idempotent-Replayed', 'true');
  res.status(result.status);
  if (result.status >= 400) res.type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(result.body));
  else res.json(result.body);
}

/** The platform endpoints of api.md. */
@ApiTags('platform')
@ApiSecurity('platform')
@Controller('declarations')
export class DeclarationsController {
  constructor(
    private readonly filing: DeclarationFiling,
    private readonly dataSource: DataSource,
  ) {}

  @Post()
  @UseGuards(PlatformGuard)
  @ApiOperation({
    summary: 'File one declaration (the common data standard); 201, or a replay with Idempotent-Replayed',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: true, description: '1–255 printable characters' })
  @ApiBody({ schema: DECLARATION_SCHEMA })
  async file(
    @PlatformId() platformId: string,
    @Headers('idempotency-key') key: string | undefined,
    @Body() body: unknown,
    @Res() res: Response,
  ): Promise<void> {
    if (!key || !IDEMPOTENCY_KEY.test(key)) return send(res, invalidKey('/headers/Idempotency-Key'));
    send(res, await this.filing.fileOne(platformId, key, body));
  }

  @Post('batch')
  @UseGuards(PlatformGuard)
  @HttpCode(207)
  @ApiOperation({
    summary: 'File up to 500 declarations in one transaction; per-item results in input order',
  })
  @ApiBody({
    schema: {
      type: 'array',
      maxItems: MAX_BATCH,
      items: {
        type: 'object',
        required: ['idempotencyKey', 'declaration'],
        properties: { idempotencyKey: { type: 'string' }, declaration: DECLARATION_SCHEMA },
      },
    },
  })
  async batch(@PlatformId() platformId: string, @Body() body: unknown) {
    if (!Array.isArray(body) || body.length === 0 || body.length > MAX_BATCH) {
      throw ProblemException.validation([
        {
          pointer: '',
          code: 'BATCH_INVALID',
          detail: `Send an array of 1 to ${MAX_BATCH} { idempotencyKey, declaration } items.`,
        },
      ]);
    }
    const items = body.map((item: unknown) =>
      item && typeof item === 'object'
        ? (item as { idempotencyKey: unknown; declaration: unknown })
        : { idempotencyKey: undefined, declaration: undefined },
    );
    const results = await this.filing.fileBatch(platformId, items);
    return results.map((r) => ({
      status: r.status,
      replayed: r.replayed,
      ...(r.status < 400 ? { declaration: r.body } : { problem: r.body }),
    }));
  }

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
    const resource = await loadDeclaration(this.dataSource.manager, id, req.platformId);
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
    if (platformRef !== undefined && (platformRef.length > 100 || unstorableText(platformRef).length > 0)) {
      errors.push({
        pointer: '/query/platformRef',
        code: 'TEXT_INVALID',
        detail: 'At most 100 storable characters',
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
    return listDeclarations(this.dataSource.manager, platformId, {
      platformRef,
      status: status as DeclarationStatus | undefined,
      limit: n,
      after: after ?? undefined,
    });
  }
}
