import { Body, Controller, Get, HttpCode, Param, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { BodyReader, CallerGuard, PlatformGuard, PlatformId } from '@gba/clearance';
import {
  ApiCallerProblems,
  ApiJsonBodyProblems,
  ApiJsonResponse,
  ApiPlatformProblems,
  ApiProblems,
  IdParamPipe,
  problem,
  ProblemException,
} from '@gba/runtime';
import { cbecQuotaYear, isValidResidentId } from '@gba/standards';
import { cbecQuota, decideReturn, readReturnDate } from './cbec-law';
import { CbecLedgerRepository } from './cbec-ledger.repository';

/** Where the quota enquiry is: personal ID numbers travel in a body, never in a URL. */
const QUOTA_ENQUIRY = '/api/v1/cbec/quota';

/** Members of a return's answer that the server computes (refused in its body, 422 FIELD_SERVER_OWNED). */
const RETURN_SERVER_OWNED = ['declarationId', 'quotaRestored', 'currency', 'taxRefunded'];

/**
 * Mainland cross-border e-commerce retail: the buyer's annual quota and returns (GZ only). HTTP
 * only: the rules are GZ's CBEC law (cbec-law.ts) and the standard's.
 */
@ApiTags('cbec')
@Controller()
export class CbecController {
  constructor(private readonly ledger: CbecLedgerRepository) {}

  /**
   * The old enquiry put the buyer's ID number in the query string, where request logs, traces and
   * proxies keep it: gone for every caller, without reading (or logging) the query.
   */
  @Get('cbec/quota')
  @ApiOperation({
    summary: 'Gone: send POST /cbec/quota with { buyerIdNumber } (an ID number never travels in a URL)',
    description:
      'The enquiry by query string is withdrawn: request logs, traces and proxies keep URLs. Every call answers 410 ' +
      'with a problem naming the POST enquiry in `replacement`.',
    deprecated: true,
  })
  @ApiProblems({ 410: 'Gone: the problem names the POST enquiry' })
  quotaByQuery(): never {
    throw new ProblemException(
      problem(
        410,
        'gone',
        `Personal ID numbers are not accepted in a URL: send POST ${QUOTA_ENQUIRY} with {"buyerIdNumber": "…"} in the body.`,
        { title: 'Gone', replacement: { method: 'POST', href: QUOTA_ENQUIRY } },
      ),
    );
  }

  @Post('cbec/quota')
  @HttpCode(200)
  @UseGuards(CallerGuard)
  @ApiSecurity('platform')
  @ApiBearerAuth('officer')
  @ApiOperation({
    summary: "A buyer's CBEC annual quota this year (UTC+8): used and remaining, CNY",
    description:
      'A platform may ask only about buyers of retail imports it filed (403 otherwise); GZ officers about any buyer. ' +
      '422 for a body that is not { buyerIdNumber } with a valid GB 11643 resident ID number.',
  })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['buyerIdNumber'],
      additionalProperties: false,
      properties: { buyerIdNumber: { type: 'string', description: 'GB 11643 resident ID number' } },
    },
  })
  @ApiJsonResponse(200, "The buyer's quota this year", {
    type: 'object',
    required: ['year', 'used', 'remaining', 'currency'],
    properties: {
      year: { type: 'integer' },
      used: { type: 'string', example: '1200.00' },
      remaining: { type: 'string', example: '24800.00' },
      currency: { type: 'string', enum: ['CNY'] },
    },
  })
  @ApiCallerProblems()
  @ApiJsonBodyProblems({ 403: 'A platform asking about a buyer of no retail import it filed' })
  async quota(@Req() req: { platformId?: string }, @Body() input: unknown) {
    const body = new BodyReader(input);
    const buyerIdNumber = body.text('buyerIdNumber', 18);
    body.close(['buyerIdNumber']);
    const now = new Date();
    if (buyerIdNumber && !isValidResidentId(buyerIdNumber, now)) {
      body.errors.push({
        pointer: '/buyerIdNumber',
        code: 'RESIDENT_ID_INVALID',
        detail: 'A valid mainland resident ID number (GB 11643).',
      });
    }
    body.done();
    // CallerGuard let in a platform (platformId set) or an officer of GZ (no platformId).
    if (req.platformId !== undefined && !(await this.ledger.isBuyerOf(buyerIdNumber, req.platformId)))
      throw new ProblemException(
        problem(403, 'forbidden', 'A platform sees the quota only of buyers of retail imports it filed.'),
      );
    return cbecQuota(await this.ledger.used(buyerIdNumber, cbecQuotaYear(now)), now);
  }

  @Post('declarations/:id/returns')
  @HttpCode(201)
  @UseGuards(PlatformGuard)
  @ApiSecurity('platform')
  @ApiOperation({
    summary: 'A retail return: within 30 days of release GZ refunds the tax and restores the quota',
    description:
      'Calendar days in UTC+8: released on day 0 at any hour, a return dated on day 30 is in time, day 31 is late (422 RETURN_NOT_ALLOWED). ' +
      '`returnedAt` is RFC 3339 with an offset, a real date, not in the future (422 TIME_INVALID / TIME_IN_FUTURE).',
  })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['returnedAt', 'reason'],
      additionalProperties: false,
      properties: {
        returnedAt: { type: 'string', format: 'date-time' },
        reason: { type: 'string', minLength: 1, maxLength: 1000 },
      },
    },
  })
  @ApiJsonResponse(201, 'The return accepted: tax refunded and quota restored', {
    type: 'object',
    required: ['declarationId', 'returnedAt', 'quotaRestored', 'currency', 'taxRefunded'],
    properties: {
      declarationId: { type: 'string', format: 'uuid' },
      returnedAt: { type: 'string', format: 'date-time' },
      quotaRestored: { type: 'string', description: 'CNY, decimal string' },
      currency: { type: 'string', enum: ['CNY'] },
      taxRefunded: {
        type: 'array',
        description: 'The CNY duties of the assessment, refunded',
        items: {
          type: 'object',
          required: ['code', 'amount', 'currency', 'ruleId'],
          properties: {
            code: { type: 'string' },
            amount: { type: 'string', description: 'decimal string, two decimals' },
            currency: { type: 'string', enum: ['CNY'] },
            ruleId: { type: 'string', description: 'the rule that computed it' },
          },
        },
      },
    },
  })
  @ApiPlatformProblems()
  @ApiJsonBodyProblems({ 404: 'No CBEC retail import of this id filed by the platform' })
  returns(@PlatformId() platformId: string, @Param('id', IdParamPipe) id: string, @Body() input: unknown) {
    const body = new BodyReader(input);
    const reason = body.text('reason', 1000);
    const date = readReturnDate((input as { returnedAt?: unknown } | null)?.returnedAt, new Date());
    if ('problem' in date) body.errors.push({ pointer: '/returnedAt', ...date.problem });
    // The refund and the quota restored are the server's to compute, never the platform's to send.
    body.close(['returnedAt', 'reason'], RETURN_SERVER_OWNED);
    body.done(); // throws 422 for a problem above, so the date was read
    const returnedAt = 'at' in date ? date.at : new Date(NaN);
    return this.ledger.returning(id, platformId, async (entry, uncount) => {
      if (!entry)
        throw new ProblemException(problem(404, 'not-found', `No CBEC retail import ${id} of yours.`));
      const decision = decideReturn(entry, returnedAt);
      if (!decision.accepted)
        throw ProblemException.validation(
          [{ pointer: '/returnedAt', code: 'RETURN_NOT_ALLOWED', detail: decision.detail }],
          decision.detail,
        );
      await uncount(returnedAt, reason);
      return {
        declarationId: id,
        returnedAt: returnedAt.toISOString(),
        quotaRestored: decision.quotaRestored,
        currency: 'CNY',
        taxRefunded: decision.taxRefunded,
      };
    });
  }
}
