import { Controller, Get, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { OfficerGuard, Roles } from '@gba/auth';
import { DataSource } from 'typeorm';
import { verifyAudit } from './audit-trail';

@ApiTags('audit')
@ApiBearerAuth('officer')
@UseGuards(OfficerGuard)
@Controller('audit')
export class AuditController {
  constructor(private readonly dataSource: DataSource) {}

  @Get('verify')
  @Roles('supervisor')
  @ApiOperation({
    summary: "Walks this authority's audit hash chain: intact, or the first entry that is not",
  })
  verify() {
    return this.dataSource.transaction('REPEATABLE READ', (manager) => verifyAudit(manager));
  }
}
