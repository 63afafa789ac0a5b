import { Body, Controller, HttpCode, Param, Post, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentOfficer, type Officer, OfficerGuard, Roles } from '@gba/auth';
import { ApiJsonBodyProblems, ApiJsonResponse, ApiOfficerProblems, IdParamPipe } from '@gba/runtime';
import type { FinalDecision } from '@gba/clearance-domain';
import { BodyReader } from '../http/body-reader';
import { DomainErrorsInterceptor } from '../http/domain-errors.interceptor';
import { Decide } from './decide.handler';

const DECISIONS: Record<'release' | 'hold' | 'reject', FinalDecision> = {
  release: 'RELEASED',
  hold: 'HELD',
  reject: 'REJECTED',
};

/** A supervisor's decision on a declaration (api.md). */
@ApiTags('officers')
@ApiBearerAuth('officer')
@ApiOfficerProblems()
@UseGuards(OfficerGuard)
@UseInterceptors(DomainErrorsInterceptor)
@Controller('declarations/:id')
export class DecisionController {
  constructor(private readonly decisions: Decide) {}

  @Post('decision')
  @HttpCode(201)
  @Roles('supervisor')
  @ApiOperation({
    summary: "A supervisor's decision for this authority: release, hold or reject, with a reason",
    description:
      "Records this authority's final decision on the declaration (role supervisor). The decision is " +
      'published to the other participants; the declaration is CLEARED once every participant released it. ' +
      'A held participant may still be released or rejected; a released, rejected or cancelled one takes no ' +
      'later decision (409).',
  })
  @ApiJsonResponse(201, 'The decision recorded', {
    type: 'object',
    required: ['declarationId', 'authority', 'decision', 'decidedBy'],
    properties: {
      declarationId: { type: 'string', format: 'uuid' },
      authority: { type: 'string', enum: ['GZ', 'HK', 'MO'] },
      decision: { type: 'string', enum: ['RELEASED', 'HELD', 'REJECTED'] },
      decidedBy: { type: 'string' },
    },
  })
  @ApiJsonBodyProblems({
    404: 'No such declaration here',
    409:
      'A final decision is final: already-cancelled (the declaration is cancelled), already-released (this ' +
      'authority released it: a return is the way) or already-rejected',
  })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['decision', 'reason'],
      additionalProperties: false,
      properties: {
        decision: { type: 'string', enum: ['release', 'hold', 'reject'] },
        reason: { type: 'string', minLength: 1, maxLength: 1000 },
      },
    },
  })
  async decision(
    @CurrentOfficer() officer: Officer,
    @Param('id', IdParamPipe) id: string,
    @Body() input: unknown,
  ) {
    const body = new BodyReader(input);
    const decision = body.oneOf('decision', ['release', 'hold', 'reject'] as const);
    const reason = body.text('reason', 1000);
    body.close(
      ['decision', 'reason'],
      ['declarationId', 'authority', 'decidedBy', 'decidedAt', 'standardVersion'],
    );
    body.done();
    await this.decisions.decide(officer, id, DECISIONS[decision], reason);
    return {
      declarationId: id,
      authority: officer.authority,
      decision: DECISIONS[decision],
      decidedBy: officer.id,
    };
  }
}
