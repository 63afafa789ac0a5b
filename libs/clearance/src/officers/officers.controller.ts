import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentOfficer, type Officer, OfficerGuard, Roles } from '@gba/auth';
import { IdParamPipe, problem, ProblemException } from '@gba/runtime';
import type { FinalDecision } from '../exchange/events';
import { BodyReader } from './body';
import { OfficerWork } from './officer-work';

const DECISIONS: Record<'release' | 'hold' | 'reject', FinalDecision> = {
  release: 'RELEASED',
  hold: 'HELD',
  reject: 'REJECTED',
};

function locationOf(body: BodyReader): string {
  const location = body.text('location', 5);
  if (location && !/^[A-Z]{2}[A-Z2-9]{3}$/.test(location)) {
    body.errors.push({
      pointer: '/location',
      code: 'LOCODE_INVALID',
      detail: 'A UN/LOCODE such as HKHKG or CNGZG.',
    });
  }
  return location;
}

/** The officer endpoints of api.md: inspection queue and results. */
@ApiTags('officers')
@ApiBearerAuth('officer')
@UseGuards(OfficerGuard)
@Controller('inspections')
export class InspectionsController {
  constructor(private readonly work: OfficerWork) {}

  @Get()
  @ApiOperation({ summary: "This authority's inspection tasks (document checks and physical inspections)" })
  @ApiQuery({ name: 'status', required: false, enum: ['pending', 'done'] })
  @ApiQuery({ name: 'kind', required: false, enum: ['document', 'physical'] })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'cursor', required: false })
  list(
    @Query('status') status?: string,
    @Query('kind') kind?: string,
    @Query('limit') limit?: string,
    @Query('cursor') cursor?: string,
  ) {
    const errors = [];
    if (status !== undefined && status !== 'pending' && status !== 'done') {
      errors.push({ pointer: '/query/status', code: 'VALUE_NOT_ALLOWED', detail: 'pending or done' });
    }
    if (kind !== undefined && kind !== 'document' && kind !== 'physical') {
      errors.push({ pointer: '/query/kind', code: 'VALUE_NOT_ALLOWED', detail: 'document or physical' });
    }
    const n = limit === undefined ? 50 : Number(limit);
    if (!Number.isInteger(n) || n < 1 || n > 200)
      errors.push({ pointer: '/query/limit', code: 'LIMIT_INVALID', detail: '1 to 200' });
    if (cursor !== undefined && !/^[0-9a-f-]{36}$/.test(cursor)) {
      errors.push({
        pointer: '/query/cursor',
        code: 'CURSOR_INVALID',
        detail: 'Use the nextCursor of a previous page',
      });
    }
    if (errors.length)
      throw new ProblemException(
        problem(400, 'bad-query', 'The query parameters are not valid.', { errors }),
      );
    return this.work.tasks({
      status: status as 'pending' | 'done',
      kind: kind as 'document' | 'physical',
      limit: n,
      after: cursor,
    });
  }

  @Post(':taskId/result')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Record the common inspection record for a task of this authority (409 when done)',
  })
  @ApiBody({
    schema: {
      type: 'object',
      description:
        'checks[], findings[], location, method, containerNumbers[], sealNumber, eLockId, sealIntact',
    },
  })
  result(
    @CurrentOfficer() officer: Officer,
    @Param('taskId', IdParamPipe) taskId: string,
    @Body() body: unknown,
  ) {
    return this.work.recordResult(officer, taskId, body);
  }
}

/** Officer actions on a declaration: supervisor decisions and e-locks (SELS). */
@ApiTags('officers')
@ApiBearerAuth('officer')
@UseGuards(OfficerGuard)
@Controller('declarations/:id')
export class DeclarationActionsController {
  constructor(private readonly work: OfficerWork) {}

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
    body.done();
    await this.work.decide(officer, id, DECISIONS[decision], reason);
    return {
      declarationId: id,
      authority: officer.authority,
      decision: DECISIONS[decision],
      decidedBy: officer.id,
    };
  }

  @Post('elock/applied')
  @HttpCode(201)
  @ApiOperation({ summary: 'Export side: the e-lock applied to the shipment' })
  applied(@CurrentOfficer() officer: Officer, @Param('id', IdParamPipe) id: string, @Body() input: unknown) {
    return this.eLock(officer, id, 'applied', input);
  }

  @Post('elock/verified')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Import side: the e-lock as found on arrival (broken or mismatched → RED and held)',
  })
  verified(@CurrentOfficer() officer: Officer, @Param('id', IdParamPipe) id: string, @Body() input: unknown) {
    return this.eLock(officer, id, 'verified', input);
  }

  private async eLock(officer: Officer, id: string, kind: 'applied' | 'verified', input: unknown) {
    const body = new BodyReader(input);
    const seen = {
      lockId: body.text('lockId', 64),
      sealNumber: body.text('sealNumber', 64),
      intact: body.boolean('intact'),
      location: locationOf(body),
    };
    body.done();
    await this.work.eLock(officer, id, kind, seen);
    return { declarationId: id, authority: officer.authority, eLock: kind, ...seen };
  }
}
