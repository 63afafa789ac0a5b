import { Body, Controller, Param, Post, Res, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import {
  ApiJsonBodyProblems,
  ApiJsonResponse,
  ApiPlatformProblems,
  IdempotencyKey,
  type IdempotencyKeyHeader,
  idempotencyKeyProblem,
  IdParamPipe,
  namedSchema,
  problem,
  sendProblem,
} from '@gba/runtime';
import type { Response } from 'express';
import { DECLARATION_SCHEMA } from '../file-declarations/declaration.schema';
import { DomainErrorsInterceptor } from '../http/domain-errors.interceptor';
import { sendIdempotentRepeat } from '../http/idempotent-repeat';
import { PlatformGuard, PlatformId } from '../platform-keys/platform.guard';
import { AmendDeclaration } from './amend-declaration.handler';

const DECLARATION_REF = namedSchema('Declaration', DECLARATION_SCHEMA);

/**
 * Amendment of a declaration nobody has decided yet (issue 13): the platform that filed it sends
 * the full corrected declaration to the authority it was filed with, with an Idempotency-Key as
 * for filings. 201 with the new version; 404 when not on record here or not the platform's; 409
 * with the reason once a participant released, held or rejected it, an inspection result was
 * recorded, it was cancelled, or at another participant; 422 with every failing field.
 */
@ApiTags('platform')
@ApiSecurity('platform')
@ApiPlatformProblems()
@UseGuards(PlatformGuard)
@UseInterceptors(DomainErrorsInterceptor)
@Controller('declarations/:id')
export class AmendmentsController {
  constructor(private readonly amendments: AmendDeclaration) {}

  @Post('amendments')
  @ApiOperation({
    summary:
      'Amend a declaration before any decision: the full corrected declaration becomes its next version, ' +
      're-validated and re-assessed by every participant (lane, duties and tasks replaced)',
    description:
      'At the authority it was filed with, by the platform that filed it. The body is the whole corrected ' +
      'declaration (same route and platformRef). Refused with 409 and the reason once any participant has ' +
      'released, held or rejected it, an inspection result is recorded, or it is cancelled. A retry with the ' +
      'same Idempotency-Key and body replays the answer (Idempotent-Replayed: true).',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: true,
    description: '1–255 printable ASCII characters (space included), bare or as an RFC 8941 String ("…")',
  })
  @ApiBody({ schema: DECLARATION_REF })
  @ApiJsonResponse(201, 'Amended (or a replay, with Idempotent-Replayed: true)', {
    type: 'object',
    required: ['declarationId', 'version', 'status', 'amendedBy', 'amendedAt', 'participants'],
    properties: {
      declarationId: { type: 'string', format: 'uuid' },
      version: { type: 'integer', minimum: 2 },
      status: { type: 'string' },
      amendedBy: { type: 'string' },
      amendedAt: { type: 'string', format: 'date-time' },
      participants: {
        type: 'array',
        items: {
          type: 'object',
          required: ['authority', 'role', 'status', 'lane'],
          properties: {
            authority: { type: 'string' },
            role: { type: 'string' },
            status: { type: 'string' },
            lane: { type: 'string', nullable: true },
          },
        },
      },
    },
  })
  @ApiJsonBodyProblems({
    404: 'Not on record here, or not the platform’s',
    409:
      'already-released, already-held, already-rejected, already-cancelled, inspection-recorded, ' +
      'not-filing-authority (amend where it was filed), or an Idempotency-Key reused with another body',
    422: 'Every failing field, by JSON pointer (also a changed route or platformRef)',
  })
  async amend(
    @PlatformId() platformId: string,
    @Param('id', IdParamPipe) id: string,
    @IdempotencyKey() key: IdempotencyKeyHeader,
    @Body() body: unknown,
    @Res() res: Response,
  ): Promise<void> {
    if (!key.ok) return sendProblem(res, idempotencyKeyProblem('/headers/Idempotency-Key', key.detail));
    const outcome = await this.amendments.amend({
      declarationId: id,
      platformId,
      idempotencyKey: key.key,
      declaration: body,
    });
    switch (outcome.kind) {
      case 'amended':
        res.status(201).json(outcome.amendment);
        return;
      case 'replayed':
      case 'key-reused':
        return sendIdempotentRepeat(res, outcome);
      case 'invalid':
        return sendProblem(
          res,
          problem(422, 'validation', 'The corrected declaration cannot be accepted.', {
            errors: outcome.errors,
          }),
        );
    }
  }
}
