import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
  Req,
  Res,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentOfficer, type Officer, OfficerGuard, Roles } from '@gba/auth';
import {
  ApiJsonBodyProblems,
  ApiJsonResponse,
  ApiOfficerProblems,
  ApiProblems,
  IdParamPipe,
  namedSchema,
} from '@gba/runtime';
import { isCountryCode, isValidHsPrefix } from '@gba/standards';
import { BodyReader } from '../http/body-reader';
import { DomainErrorsInterceptor } from '../http/domain-errors.interceptor';
import { setCreatedLocation } from '../http/location';
import { QueryReader } from '../http/query-reader';
import type { Request, Response } from 'express';
import { RiskTargets } from './risk-targets.handler';

/** Fields of a risk target the server sets (api.md): a supervisor cannot choose them. */
const RISK_TARGET_SERVER_OWNED = ['id', 'setBy', 'setAt'];

/**
 * Selectivity criteria of this authority's supervisors (ASYCUDA-style risk targets). They apply
 * to declarations assessed after they were set, until they expire or are withdrawn.
 */
/** RiskTargetView, as the API answers it. */
const RISK_TARGET_REF = namedSchema('RiskTarget', {
  type: 'object',
  required: ['id', 'match', 'lane', 'reason', 'expiresAt', 'setBy', 'setAt'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    match: {
      type: 'object',
      description: 'Every given criterion must match',
      properties: {
        partyId: { type: 'string' },
        hsPrefix: { type: 'string' },
        originCountry: { type: 'string' },
      },
    },
    lane: { type: 'string', enum: ['YELLOW', 'RED'] },
    reason: { type: 'string' },
    expiresAt: { type: 'string', format: 'date-time' },
    setBy: { type: 'string' },
    setAt: { type: 'string', format: 'date-time' },
  },
});

@ApiTags('risk')
@ApiBearerAuth('officer')
@ApiOfficerProblems()
@UseGuards(OfficerGuard)
@UseInterceptors(DomainErrorsInterceptor)
@Controller('risk/targets')
export class RiskTargetsController {
  constructor(private readonly targets: RiskTargets) {}

  @Post()
  @HttpCode(201)
  @Roles('supervisor')
  @ApiOperation({
    summary: 'Target a party, an HS prefix or an origin country for YELLOW or RED until expiresAt',
    description:
      'A risk target of this authority (role supervisor): declarations filed while it is in force and matching ' +
      'it go to at least its lane.',
  })
  @ApiJsonResponse(201, 'The target in force', RISK_TARGET_REF, {
    Location: {
      description: 'The path of the target (DELETE lifts it)',
      schema: { type: 'string' as const },
    },
  })
  @ApiJsonBodyProblems()
  @ApiBody({
    schema: {
      type: 'object',
      required: ['match', 'lane', 'reason', 'expiresAt'],
      properties: {
        match: {
          type: 'object',
          properties: {
            partyId: { type: 'string' },
            hsPrefix: { type: 'string' },
            originCountry: { type: 'string' },
          },
        },
        lane: { enum: ['YELLOW', 'RED'] },
        reason: { type: 'string' },
        expiresAt: { type: 'string', format: 'date-time' },
      },
    },
  })
  async create(
    @CurrentOfficer() officer: Officer,
    @Body() input: unknown,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const body = new BodyReader(input);
    const m = body.object('match');
    const match = {
      partyId: m.optionalText('partyId', 64),
      hsPrefix: m.optionalText('hsPrefix', 10),
      originCountry: m.optionalText('originCountry', 2),
    };
    m.close(['partyId', 'hsPrefix', 'originCountry']);
    body.errors.push(...m.errors.map((e) => ({ ...e, pointer: `/match${e.pointer}` })));
    if (match.hsPrefix !== undefined && !isValidHsPrefix(match.hsPrefix)) {
      body.errors.push({
        pointer: '/match/hsPrefix',
        code: 'HS_PREFIX_INVALID',
        detail: '2 to 10 digits starting with an HS chapter (01–97, not 77).',
      });
    }
    if (match.originCountry !== undefined && !isCountryCode(match.originCountry)) {
      body.errors.push({
        pointer: '/match/originCountry',
        code: 'COUNTRY_INVALID',
        detail: 'an officially assigned ISO 3166-1 alpha-2 code.',
      });
    }
    if (!match.partyId && !match.hsPrefix && !match.originCountry) {
      body.errors.push({
        pointer: '/match',
        code: 'MATCH_EMPTY',
        detail: 'Give partyId, hsPrefix or originCountry.',
      });
    }
    const lane = body.oneOf('lane', ['YELLOW', 'RED'] as const);
    const reason = body.text('reason', 1000);
    const expiresAt = body.futureTime('expiresAt');
    body.close(['match', 'lane', 'reason', 'expiresAt'], RISK_TARGET_SERVER_OWNED);
    body.done();
    const clean = Object.fromEntries(Object.entries(match).filter(([, v]) => v !== undefined));
    const target = await this.targets.set(officer, { match: clean, lane, reason, expiresAt });
    // The target's own URL: where DELETE lifts it.
    setCreatedLocation(req, res, target.id);
    return target;
  }

  @Get()
  @ApiOperation({
    summary: "This authority's targets in force",
    description: 'Every target in force, in one page (`nextCursor` is always null).',
  })
  @ApiJsonResponse(200, 'The targets in force', {
    type: 'object',
    required: ['items', 'nextCursor'],
    properties: {
      items: { type: 'array', items: RISK_TARGET_REF },
      nextCursor: { type: 'string', nullable: true },
    },
  })
  async list(@Query() query: unknown) {
    new QueryReader(query, []).done();
    return { items: await this.targets.inForce(), nextCursor: null };
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles('supervisor')
  @ApiOperation({
    summary: 'Withdraw a target',
    description: 'The target stops applying to declarations filed from now on (role supervisor).',
  })
  @ApiResponse({ status: 204, description: 'Withdrawn' })
  @ApiProblems({ 404: 'No such target in force' })
  async remove(@CurrentOfficer() officer: Officer, @Param('id', IdParamPipe) id: string): Promise<void> {
    await this.targets.withdraw(officer, id);
  }
}
