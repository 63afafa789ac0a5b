import { Body, Controller, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import {
  ApiJsonBodyProblems,
  ApiJsonResponse,
  ApiPlatformProblems,
  closedMembers,
  IdempotencyKey,
  namedSchema,
  type IdempotencyKeyHeader,
  idempotencyKeyProblem,
  problem,
  type ProblemDetails,
  ProblemException,
  sendProblem,
} from '@gba/runtime';
import type { Request, Response } from 'express';
import { PlatformGuard, PlatformId } from '../platform-keys/platform.guard';
import { setCreatedLocation } from '../http/location';
import { DECLARATION_RESOURCE_REF } from '../http/openapi-schemas';
import { DECLARATION_EXAMPLES, DECLARATION_SCHEMA } from './declaration.schema';
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

const DECLARATION_REF = namedSchema('Declaration', DECLARATION_SCHEMA);
const REPLAYED = {
  'Idempotent-Replayed': {
    description: '`true` when this is the answer given before to the same key and body',
    schema: { type: 'string' as const, enum: ['true'] },
  },
};
const BATCH_RESULT_REF = namedSchema('BatchItemResult', {
  type: 'object',
  description: 'The outcome of one item, in input order: its HTTP status and the declaration or the problem',
  required: ['status', 'replayed'],
  properties: {
    status: { type: 'integer', enum: [201, 400, 409, 422] },
    replayed: { type: 'boolean' },
    declaration: DECLARATION_RESOURCE_REF,
    problem: { $ref: '#/components/schemas/Problem' },
  },
});

/** The filing endpoints of api.md. */
@ApiTags('platform')
@ApiSecurity('platform')
@ApiPlatformProblems()
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
    description:
      'Validated against the common data standard and the law of every participant; 422 names every failing ' +
      'field. The declaration is assessed here and sent to the other participants; poll GET /declarations/{id} ' +
      'for the outcome. Retry with the same Idempotency-Key after a timeout or a 5xx: the same body replays the ' +
      'first answer (Idempotent-Replayed: true), another body is 409.',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: true,
    description: '1–255 printable ASCII characters (space included), bare or as an RFC 8941 String ("…")',
  })
  @ApiBody({ schema: DECLARATION_REF, examples: DECLARATION_EXAMPLES })
  @ApiJsonResponse(201, 'Filed (or the replay of a filing)', DECLARATION_RESOURCE_REF, {
    ...REPLAYED,
    Location: { description: 'The path of the declaration', schema: { type: 'string' as const } },
  })
  @ApiJsonBodyProblems({
    400: 'Malformed JSON, duplicate member names, or a missing or invalid Idempotency-Key',
    409: 'This Idempotency-Key was used with a different body',
  })
  async file(
    @PlatformId() platformId: string,
    @IdempotencyKey() key: IdempotencyKeyHeader,
    @Body() body: unknown,
    @Req() req: Request,
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
    const result = httpOf(outcome, '/headers/Idempotency-Key');
    // The filing (or its replay) names the declaration it created.
    const id = (result.body as { id?: unknown }).id;
    if (result.status === 201 && typeof id === 'string') setCreatedLocation(req, res, id);
    send(res, result);
  }

  @Post('batch')
  @UseGuards(PlatformGuard)
  @HttpCode(207)
  @ApiOperation({
    summary: 'File up to 500 declarations in one transaction; per-item results in input order',
    description:
      'Each item carries its own idempotencyKey. The answer is 207 with one result per item, in input order: ' +
      'a 201 (or replayed) declaration, or the problem of that item (its pointers relative to the array). ' +
      '422 when the body is not an array of 1 to 500 items, or an item holds a member other than these two.',
  })
  @ApiBody({
    schema: {
      type: 'array',
      maxItems: MAX_BATCH,
      items: {
        type: 'object',
        required: ['idempotencyKey', 'declaration'],
        additionalProperties: false,
        properties: {
          idempotencyKey: { type: 'string', minLength: 1, maxLength: 255 },
          declaration: DECLARATION_REF,
        },
      },
    },
  })
  @ApiJsonResponse(207, 'One result per item, in input order', { type: 'array', items: BATCH_RESULT_REF })
  @ApiJsonBodyProblems()
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
    // An item is { idempotencyKey, declaration } and nothing else: a member of the sender's own
    // (a "status" it would like) is refused for the whole batch, each at its pointer.
    const strays = body.flatMap((item: unknown, index) =>
      closedMembers(item, ['idempotencyKey', 'declaration'], [], `/${index}`),
    );
    if (strays.length > 0)
      throw ProblemException.validation(strays, 'A batch item holds a member of its own.');
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
