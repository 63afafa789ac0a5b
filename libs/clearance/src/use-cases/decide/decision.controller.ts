import { Body, Controller, HttpCode, Param, Post, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentOfficer, type Officer, OfficerGuard, Roles } from '@gba/auth';
import { IdParamPipe } from '@gba/runtime';
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
  })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['decision', 'reason'],
      properties: { decision: { enum: ['release', 'hold', 'reject'] }, reason: { type: 'string' } },
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
