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
import {
  ApiJsonBodyProblems,
  ApiJsonResponse,
  ApiOfficerProblems,
  ApiProblems,
  IdParamPipe,
  namedSchema,
} from '@gba/runtime';
import { DomainErrorsInterceptor } from '../http/domain-errors.interceptor';
import { QueryReader } from '../http/query-reader';
import { InspectionQueue } from './inspection-queue';
import { RecordInspectionResult } from './record-inspection-result.handler';

/** TaskView, as the queue lists it. */
const INSPECTION_TASK_REF = namedSchema('InspectionTask', {
  type: 'object',
  required: ['id', 'declarationId', 'kind', 'checks', 'status', 'reasons', 'createdAt'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    declarationId: { type: 'string', format: 'uuid' },
    kind: { type: 'string', enum: ['document', 'physical'] },
    checks: { type: 'array', items: { type: 'string' } },
    status: { type: 'string', enum: ['pending', 'done'] },
    reasons: {
      type: 'array',
      items: {
        type: 'object',
        required: ['ruleId', 'detail'],
        properties: { ruleId: { type: 'string' }, detail: { type: 'string' } },
      },
    },
    createdAt: { type: 'string', format: 'date-time' },
    documents: {
      type: 'array',
      description: 'A document check: the supporting documents of the declaration present here, oldest first',
      items: { $ref: '#/components/schemas/DocumentSummary' },
    },
  },
});

/** The officer endpoints of api.md: inspection queue and results. */
@ApiTags('officers')
@ApiBearerAuth('officer')
@ApiOfficerProblems()
@UseGuards(OfficerGuard)
@UseInterceptors(DomainErrorsInterceptor)
@Controller('inspections')
export class InspectionsController {
  constructor(
    private readonly queue: InspectionQueue,
    private readonly results: RecordInspectionResult,
  ) {}

  @Get()
  @ApiOperation({
    summary: "This authority's inspection tasks (document checks and physical inspections)",
    description:
      'A page of the tasks of this authority, oldest first; pass `nextCursor` as `cursor` for the next page ' +
      '(null on the last one).',
  })
  @ApiJsonResponse(200, 'A page of inspection tasks', {
    type: 'object',
    required: ['items', 'nextCursor'],
    properties: {
      items: { type: 'array', items: INSPECTION_TASK_REF },
      nextCursor: { type: 'string', nullable: true },
    },
  })
  @ApiProblems({ 400: 'A query parameter is not valid: every one, by /query/<name> pointer' })
  @ApiQuery({ name: 'status', required: false, enum: ['pending', 'done'] })
  @ApiQuery({ name: 'kind', required: false, enum: ['document', 'physical'] })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'cursor', required: false })
  list(@Query() query: unknown) {
    const q = new QueryReader(query, ['status', 'kind', 'limit', 'cursor']);
    const status = q.oneOf('status', ['pending', 'done'] as const);
    const kind = q.oneOf('kind', ['document', 'physical'] as const);
    const n = q.integer('limit', 1, 200, 50, 'LIMIT_INVALID');
    const cursor = q.text(
      'cursor',
      (value) => /^[0-9a-f-]{36}$/.test(value),
      'CURSOR_INVALID',
      'Use the nextCursor of a previous page',
    );
    q.done();
    return this.queue.list({
      status,
      kind,
      limit: n,
      after: cursor,
    });
  }

  @Post(':taskId/result')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Record the common inspection record for a task of this authority (409 when done)',
    description:
      'The common inspection record of the standard, for a pending task of this authority. The result is ' +
      'published to the other participants of the declaration.',
  })
  @ApiJsonResponse(201, 'The inspection record as kept', { type: 'object' })
  @ApiJsonBodyProblems({ 404: 'No such task here', 409: 'The task is done already' })
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
