import { Body, Controller, Param, Post, Req, Res, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { type Officer, Roles } from '@gba/auth';
import {
  ApiCallerProblems,
  ApiJsonBodyProblems,
  ApiJsonResponse,
  IdempotencyKey,
  type IdempotencyKeyHeader,
  idempotencyKeyProblem,
  IdParamPipe,
  sendProblem,
} from '@gba/runtime';
import type { Request, Response } from 'express';
import { BodyReader } from '../http/body-reader';
import { DomainErrorsInterceptor } from '../http/domain-errors.interceptor';
import { sendIdempotentRepeat } from '../http/idempotent-repeat';
import { CallerGuard } from '../platform-keys/caller.guard';
import { MAX_REASON } from './cancel-declaration.command';
import { CancelDeclaration } from './cancel-declaration.handler';

/**
 * Cancellation of a declaration not yet released (issue 13): by the platform that filed it (with
 * an Idempotency-Key, as filings), or by a supervisor of a participating authority. 201 with the
 * cancelled state; 404 when not on record here or not the platform's; 409 `already-released` (a
 * return is the way) or `already-cancelled`; 422 with every failing field.
 */
@ApiTags('platform', 'officers')
@ApiSecurity('platform')
@ApiBearerAuth('officer')
@UseGuards(CallerGuard)
@UseInterceptors(DomainErrorsInterceptor)
@Controller('declarations/:id')
export class CancellationController {
  constructor(private readonly cancellations: CancelDeclaration) {}

  @Post('cancellation')
  @Roles('supervisor')
  @ApiOperation({
    summary:
      'Cancel a declaration before any participant released it: every participant moves to CANCELLED, ' +
      'open tasks close, reserved CBEC quota is restored (its platform, or a supervisor of a participant)',
    description:
      'Platforms send an Idempotency-Key (a retry with the same key and body replays the answer, with ' +
      'Idempotent-Replayed: true); officers need the role supervisor. A released declaration is not cancelled: ' +
      'file a return.',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Required of platforms: 1–255 printable ASCII characters, bare or as an RFC 8941 String',
  })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['reason'],
      additionalProperties: false,
      properties: { reason: { type: 'string', minLength: 1, maxLength: MAX_REASON } },
    },
  })
  @ApiJsonResponse(201, 'Cancelled (or a replay, with Idempotent-Replayed: true)', {
    type: 'object',
    required: ['declarationId', 'status', 'cancelledBy', 'reason', 'cancelledAt', 'participants'],
    properties: {
      declarationId: { type: 'string', format: 'uuid' },
      status: { type: 'string', enum: ['CANCELLED'] },
      cancelledBy: { type: 'string' },
      reason: { type: 'string' },
      cancelledAt: { type: 'string', format: 'date-time' },
      participants: {
        type: 'array',
        items: {
          type: 'object',
          required: ['authority', 'role', 'status'],
          properties: { authority: { type: 'string' }, role: { type: 'string' }, status: { type: 'string' } },
        },
      },
    },
  })
  @ApiCallerProblems()
  @ApiJsonBodyProblems({
    404: 'Not on record here, or not the platform’s',
    409: 'already-released (file a return), already-cancelled, or an Idempotency-Key reused with another body',
  })
  async cancel(
    @Req() req: Request & { platformId?: string; officer?: Officer },
    @Param('id', IdParamPipe) id: string,
    @IdempotencyKey() key: IdempotencyKeyHeader,
    @Body() input: unknown,
    @Res() res: Response,
  ): Promise<void> {
    const body = new BodyReader(input);
    const reason = body.text('reason', MAX_REASON);
    body.close(['reason'], ['declarationId', 'status', 'cancelledBy', 'cancelledAt', 'participants']);
    body.done();
    let outcome;
    if (req.platformId) {
      if (!key.ok) {
        return sendProblem(res, idempotencyKeyProblem('/headers/Idempotency-Key', key.detail));
      }
      outcome = await this.cancellations.cancel({
        by: 'platform',
        platformId: req.platformId,
        idempotencyKey: key.key,
        declarationId: id,
        reason,
      });
    } else {
      const officer = req.officer as Officer;
      outcome = await this.cancellations.cancel({
        by: 'officer',
        officer: { id: officer.id, authority: officer.authority },
        declarationId: id,
        reason,
      });
    }
    switch (outcome.kind) {
      case 'cancelled':
        res.status(201).json(outcome.cancellation);
        return;
      case 'replayed':
      case 'key-reused':
        return sendIdempotentRepeat(res, outcome);
    }
  }
}
