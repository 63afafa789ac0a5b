import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentOfficer, type Officer, OfficerGuard } from '@gba/auth';
import { IdParamPipe, problem, ProblemException } from '@gba/runtime';
import { DomainErrorsInterceptor } from '../http/domain-errors.interceptor';
import { InspectionQueue } from './inspection-queue';
import { RecordInspectionResult } from './record-inspection-result.handler';

/** The officer endpoints of api.md: inspection queue and results. */
@ApiTags('officers')
@ApiBearerAuth('officer')
@UseGuards(OfficerGuard)
@UseInterceptors(DomainErrorsInterceptor)
@Controller('inspections')
export class InspectionsController {
  constructor(
    private readonly queue: InspectionQueue,
    private readonly results: RecordInspectionResult,
  ) {}

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
    return this.queue.list({
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
        'checks[], findings[], location, method, containerNumbers[], sealNumber, eLockId, sealIntact, ' +
        'inspectedAt. The method follows the task (document: document; physical: physical, ' +
        'non-intrusive or sampling; the first by default); inspectedAt is RFC 3339 with an offset, ' +
        'not after now (5 min leeway) nor before the task, the server time by default. ' +
        'declarationId, inspectingAuthority, officerId and standardVersion are the server’s: ' +
        'sent, 422 FIELD_SERVER_OWNED; other fields 422 FIELD_UNKNOWN.',
    },
  })
  result(
    @CurrentOfficer() officer: Officer,
    @Param('taskId', IdParamPipe) taskId: string,
    @Body() body: unknown,
  ) {
    return this.results.record(officer, taskId, body);
  }
}
