import { Body, Controller, HttpCode, Param, Post, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentOfficer, type Officer, OfficerGuard } from '@gba/auth';
import {
  ApiJsonBodyProblems,
  ApiJsonResponse,
  ApiOfficerProblems,
  IdParamPipe,
  namedSchema,
  type OpenApiSchema,
} from '@gba/runtime';
import { inspectionPlaces, isInspectionPlace, LOCODE_UNKNOWN } from '@gba/standards';
import { BodyReader } from '../http/body-reader';
import { DomainErrorsInterceptor } from '../http/domain-errors.interceptor';
import { ELocks } from './e-locks.handler';

/** The place the lock was seen: a UN/LOCODE of the standard, the same rule as an inspection's location. */
function locationOf(body: BodyReader): string {
  const location = body.text('location', 5);
  if (location && !isInspectionPlace(location)) {
    body.errors.push({
      pointer: '/location',
      code: LOCODE_UNKNOWN,
      detail: `${JSON.stringify(location)} is not a UN/LOCODE of the standard (e.g. HKHKG, CNHUA).`,
    });
  }
  return location;
}

const E_LOCK_PROPERTIES: Record<string, OpenApiSchema> = {
  lockId: { type: 'string', minLength: 1, maxLength: 64 },
  sealNumber: { type: 'string', minLength: 1, maxLength: 64 },
  intact: { type: 'boolean' },
  location: {
    type: 'string',
    enum: [...inspectionPlaces()],
    description: 'UN/LOCODE of the standard, e.g. HKHKG (else 422 LOCODE_UNKNOWN)',
  },
};
const E_LOCK_BODY: OpenApiSchema = {
  type: 'object',
  required: ['lockId', 'sealNumber', 'intact', 'location'],
  additionalProperties: false,
  properties: E_LOCK_PROPERTIES,
};
const E_LOCK_RECORD: OpenApiSchema = {
  type: 'object',
  required: ['declarationId', 'authority', 'eLock', 'lockId', 'sealNumber', 'intact', 'location'],
  properties: {
    declarationId: { type: 'string', format: 'uuid' },
    authority: { type: 'string', enum: ['GZ', 'HK', 'MO'] },
    eLock: { type: 'string', enum: ['applied', 'verified'] },
    ...E_LOCK_PROPERTIES,
  },
};
const E_LOCK_REF = namedSchema('ELockRecord', E_LOCK_RECORD);

/** E-locks (SELS) on a declaration (api.md). */
@ApiTags('officers')
@ApiBearerAuth('officer')
@ApiOfficerProblems()
@ApiJsonBodyProblems({
  404: 'No such declaration here',
  409:
    'wrong-side (not this side of the e-lock), already-cancelled, or for a check on arrival already-released / ' +
    'already-rejected (the import side decided: a broken lock can no longer hold the goods)',
})
@UseGuards(OfficerGuard)
@UseInterceptors(DomainErrorsInterceptor)
@Controller('declarations/:id')
export class ELocksController {
  constructor(private readonly eLocks: ELocks) {}

  @Post('elock/applied')
  @ApiBody({ schema: E_LOCK_BODY })
  @ApiJsonResponse(201, 'The e-lock recorded', E_LOCK_REF)
  @HttpCode(201)
  @ApiOperation({
    summary: 'Export side: the e-lock applied to the shipment',
    description:
      'The export authority records the SELS e-lock it applied; the import side verifies it on arrival.',
  })
  applied(@CurrentOfficer() officer: Officer, @Param('id', IdParamPipe) id: string, @Body() input: unknown) {
    return this.eLock(officer, id, 'applied', input);
  }

  @Post('elock/verified')
  @ApiBody({ schema: E_LOCK_BODY })
  @ApiJsonResponse(201, 'The e-lock recorded', E_LOCK_REF)
  @HttpCode(201)
  @ApiOperation({
    summary: 'Import side: the e-lock as found on arrival (broken or mismatched → RED and held)',
    description:
      'The import authority records the e-lock as found: a lock not intact, or another lock or seal than the ' +
      'one applied, sends the declaration to the RED lane and holds it.',
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
