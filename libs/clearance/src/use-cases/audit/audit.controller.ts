import { Controller, Get, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { OfficerGuard, Roles } from '@gba/auth';
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
  })
  verify(): Promise<AuditVerification> {
    return this.audit.chainAndVerify();
  }
}
