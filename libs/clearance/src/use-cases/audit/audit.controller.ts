import { Controller, Get, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { OfficerGuard, Roles } from '@gba/auth';
import { ApiJsonResponse, ApiOfficerProblems } from '@gba/runtime';
import {
  AuditTrailRepository,
  type AuditVerification,
} from '../../infrastructure/postgres/audit-trail.repository';

@ApiTags('audit')
@ApiBearerAuth('officer')
@UseGuards(OfficerGuard)
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditTrailRepository) {}

  /**
   * `{ ok, entries, unchained, firstBroken?: { seq, problem } }`: chains what has committed, then
   * walks the whole chain; `unchained` counts entries committed during the walk (not covered).
   */
  @Get('verify')
  @Roles('supervisor')
  @ApiOperation({
    summary: "Walks this authority's audit hash chain: intact, or the first entry that is not",
    description:
      'Chains the entries committed so far, then walks the whole chain (role supervisor). `unchained` counts ' +
      'entries committed during the walk, which it does not cover.',
  })
  @ApiJsonResponse(200, 'The outcome of the walk', {
    type: 'object',
    required: ['ok', 'entries', 'unchained'],
    properties: {
      ok: { type: 'boolean' },
      entries: { type: 'integer', minimum: 0 },
      unchained: { type: 'integer', minimum: 0 },
      firstBroken: {
        type: 'object',
        required: ['seq', 'problem'],
        properties: { seq: { type: 'integer' }, problem: { type: 'string' } },
      },
    },
  })
  @ApiOfficerProblems()
  verify(): Promise<AuditVerification> {
    return this.audit.chainAndVerify();
  }
}
