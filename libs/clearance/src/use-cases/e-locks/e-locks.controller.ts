import { Body, Controller, HttpCode, Param, Post, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentOfficer, type Officer, OfficerGuard } from '@gba/auth';
import { IdParamPipe } from '@gba/runtime';
import { BodyReader } from '../http/body-reader';
import { DomainErrorsInterceptor } from '../http/domain-errors.interceptor';
import { ELocks } from './e-locks.handler';

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

/** E-locks (SELS) on a declaration (api.md). */
@ApiTags('officers')
@ApiBearerAuth('officer')
@UseGuards(OfficerGuard)
@UseInterceptors(DomainErrorsInterceptor)
@Controller('declarations/:id')
export class ELocksController {
  constructor(private readonly eLocks: ELocks) {}

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
    body.close(
      ['lockId', 'sealNumber', 'intact', 'location'],
      ['declarationId', 'authority', 'eLock', 'standardVersion'],
    );
    body.done();
    await this.eLocks.record(officer, id, kind, seen);
    return { declarationId: id, authority: officer.authority, eLock: kind, ...seen };
  }
}
