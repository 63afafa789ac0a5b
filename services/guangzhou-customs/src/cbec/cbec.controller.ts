import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiQuery, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { BodyReader, CallerGuard, PlatformGuard, PlatformId } from '@gba/clearance';
import { IdParamPipe, problem, ProblemException } from '@gba/runtime';
import { cbecQuotaYear, isCbecReturnInTime, isValidResidentId, standardFor } from '@gba/standards';
import { fromCents, toCents } from './cbec-law';
import { CbecLedgerRepository } from './cbec-ledger.repository';

/** Mainland cross-border e-commerce retail: the buyer's annual quota and returns (GZ only). */
@ApiTags('cbec')
@Controller()
export class CbecController {
  constructor(private readonly ledger: CbecLedgerRepository) {}

  @Get('cbec/quota')
  @UseGuards(CallerGuard)
  @ApiSecurity('platform')
  @ApiOperation({ summary: "A buyer's CBEC annual quota this year: used and remaining, CNY" })
  @ApiQuery({ name: 'buyerIdNumber', required: true })
  async quota(@Query('buyerIdNumber') buyerIdNumber: string | undefined) {
    if (!buyerIdNumber || !isValidResidentId(buyerIdNumber, new Date())) {
      throw ProblemException.validation(
        [
          {
            pointer: '/query/buyerIdNumber',
            code: 'RESIDENT_ID_INVALID',
            detail: 'A valid mainland resident ID number (GB 11643).',
          },
        ],
        'The query parameters are not valid.',
      );
    }
    const now = new Date();
    const year = cbecQuotaYear(now);
    const limit = standardFor(now).cbec.annualLimitCny;
    const usedCents = toCents(await this.ledger.used(buyerIdNumber, year));
    const left = toCents(limit) - usedCents;
    const remaining = left > 0n ? left : 0n;
    return { year, used: fromCents(usedCents), remaining: fromCents(remaining), currency: 'CNY' };
  }

  @Post('declarations/:id/returns')
  @HttpCode(201)
  @UseGuards(PlatformGuard)
  @ApiSecurity('platform')
  @ApiOperation({
    summary: 'A retail return: within 30 days of release GZ refunds the tax and restores the quota',
  })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['returnedAt', 'reason'],
      properties: { returnedAt: { type: 'string', format: 'date-time' }, reason: { type: 'string' } },
    },
  })
  returns(@PlatformId() platformId: string, @Param('id', IdParamPipe) id: string, @Body() input: unknown) {
    const body = new BodyReader(input);
    const reason = body.text('reason', 1000);
    const raw = (input as { returnedAt?: unknown } | null)?.returnedAt;
    const returnedAt =
      typeof raw === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(raw) ? new Date(raw) : new Date(NaN);
    if (Number.isNaN(returnedAt.getTime())) {
      body.errors.push({ pointer: '/returnedAt', code: 'TIME_INVALID', detail: 'An RFC 3339 time.' });
    } else if (returnedAt.getTime() > Date.now() + 5 * 60_000) {
      body.errors.push({
        pointer: '/returnedAt',
        code: 'TIME_IN_FUTURE',
        detail: 'A return cannot be dated in the future.',
      });
    }
    body.done();
    return this.ledger.returning(id, platformId, async (found, uncount) => {
      const entry = found && { ...found, released_at: found.releasedAt };
      if (!entry)
        throw new ProblemException(problem(404, 'not-found', `No CBEC retail import ${id} of yours.`));
      const refuse = (detail: string) =>
        ProblemException.validation([{ pointer: '/returnedAt', code: 'RETURN_NOT_ALLOWED', detail }], detail);
      if (!entry.released_at) throw refuse('The goods were not released: there is nothing to return.');
      if (!entry.counted) throw refuse('This declaration was already returned or rejected.');
      if (returnedAt.getTime() < entry.released_at.getTime())
        throw refuse('The return is dated before the release.');
      const standard = standardFor(entry.released_at);
      if (!isCbecReturnInTime(entry.released_at, returnedAt, standard)) {
        throw refuse(
          `The return is more than ${standard.cbec.returnWindowDays} calendar days (UTC+8) after release (${entry.released_at.toISOString()}).`,
        );
      }
      await uncount(returnedAt, reason);
      return {
        declarationId: id,
        returnedAt: returnedAt.toISOString(),
        quotaRestored: entry.amount,
        currency: 'CNY',
        taxRefunded: entry.duties,
      };
    });
  }
}
