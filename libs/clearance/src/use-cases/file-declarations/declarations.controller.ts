import { Body, Controller, HttpCode, Post, Res, UseGuards } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import {
  IdempotencyKey,
  type IdempotencyKeyHeader,
  idempotencyKeyProblem,
  problem,
  type ProblemDetails,
  ProblemException,
  sendProblem,
} from '@gba/runtime';
import type { Response } from 'express';
import { PlatformGuard, PlatformId } from '../platform-keys/platform.guard';
import { DECLARATION_SCHEMA } from './declaration.schema';
import { FileDeclarations, type FilingOutcome, MAX_BATCH } from './file-declarations.handler';
import { FilingGroups } from './filing-groups';

interface HttpOutcome {
  status: number;
  body: unknown;
  replayed: boolean;
}

/** A filing outcome as api.md answers it: 201, a replay, 400, 409 or 422 problem+json. */
function httpOf(outcome: FilingOutcome, keyPointer: string): HttpOutcome {
  switch (outcome.kind) {
    case 'filed':
      return { status: 201, body: outcome.declaration, replayed: false };
    case 'replayed':
      return { status: outcome.statusCode, body: outcome.response, replayed: true };
    case 'key-reused':
      return {
        status: 409,
        body: problem(409, 'idempotency-key-reused', 'This Idempotency-Key was used with a different body.'),
        replayed: false,
      };
    case 'invalid-key':
      return { status: 400, body: idempotencyKeyProblem(keyPointer), replayed: false };
    case 'invalid':
      return {
        status: 422,
        body: problem(422, 'validation', 'The declaration breaks the data standard.', {
          errors: outcome.errors,
        }),
        replayed: false,
      };
  }
}

function send(res: Response, result: HttpOutcome): void {
  if (result.replayed) res.setHeader('Idempotent-Replayed', 'true');
  res.status(result.status);
  if (result.status >= 400) sendProblem(res, result.body as ProblemDetails);
  else res.json(result.body);
}

/** The filing endpoints of api.md. */
@ApiTags('platform')
@ApiSecurity('platform')
@Controller('declarations')
export class DeclarationsController {
  constructor(
    private readonly filing: FileDeclarations,
    private readonly groups: FilingGroups,
  ) {}

  @Post()
  @UseGuards(PlatformGuard)
  @ApiOperation({
    summary: 'File one declaration (the common data standard); 201, or a replay with Idempotent-Replayed',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: true,
    description: '1–255 printable ASCII characters (space included), bare or as an RFC 8941 String ("…")',
  })
  @ApiBody({ schema: DECLARATION_SCHEMA })
  async file(
    @PlatformId() platformId: string,
    @IdempotencyKey() key: IdempotencyKeyHeader,
    @Body() body: unknown,
    @Res() res: Response,
  ): Promise<void> {
    if (!key.ok) {
      return send(res, {
        status: 400,
        body: idempotencyKeyProblem('/headers/Idempotency-Key', key.detail),
        replayed: false,
      });
    }
    const outcome = await this.groups.fileOne(platformId, { idempotencyKey: key.key, declaration: body });
    send(res, httpOf(outcome, '/headers/Idempotency-Key'));
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
    const outcomes = await this.filing.file(platformId, items);
    return outcomes.map((outcome, index) => {
      const r = httpOf(outcome, `/${index}/idempotencyKey`);
      return {
        status: r.status,
        replayed: r.replayed,
        ...(r.status < 400 ? { declaration: r.body } : { problem: r.body }),
      };
    });
  }
}
