import { randomUUID } from 'node:crypto';
import { Body, Controller, Delete, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentOfficer, type Officer, OfficerGuard, Roles } from '@gba/auth';
import { IdParamPipe, problem, ProblemException } from '@gba/runtime';
import { DataSource } from 'typeorm';
import { appendAudit, unitOfWork } from '../unit-of-work';
import { BodyReader } from '../officers/body';

interface TargetRow {
  id: string;
  match: { partyId?: string; hsPrefix?: string; originCountry?: string };
  lane: 'YELLOW' | 'RED';
  reason: string;
  expires_at: Date;
  set_by: string;
  set_at: Date;
}

const view = (t: TargetRow) => ({
  id: t.id,
  match: t.match,
  lane: t.lane,
  reason: t.reason,
  expiresAt: t.expires_at.toISOString(),
  setBy: t.set_by,
  setAt: t.set_at.toISOString(),
});

/**
 * Selectivity criteria of this authority's supervisors (ASYCUDA-style risk targets). They apply
 * to declarations assessed after they were set, until they expire or are withdrawn.
 */
@ApiTags('risk')
@ApiBearerAuth('officer')
@UseGuards(OfficerGuard)
@Controller('risk/targets')
export class RiskTargetsController {
  constructor(private readonly dataSource: DataSource) {}

  @Post()
  @HttpCode(201)
  @Roles('supervisor')
  @ApiOperation({
    summary: 'Target a party, an HS prefix or an origin country for YELLOW or RED until expiresAt',
  })
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
  async create(@CurrentOfficer() officer: Officer, @Body() input: unknown) {
    const body = new BodyReader(input);
    const m = body.object('match');
    const match = {
      partyId: m.optionalText('partyId', 64),
      hsPrefix: m.optionalText('hsPrefix', 10),
      originCountry: m.optionalText('originCountry', 2),
    };
    body.errors.push(...m.errors.map((e) => ({ ...e, pointer: `/match${e.pointer}` })));
    if (match.hsPrefix !== undefined && !/^\d{2,10}$/.test(match.hsPrefix)) {
      body.errors.push({ pointer: '/match/hsPrefix', code: 'HS_PREFIX_INVALID', detail: '2 to 10 digits.' });
    }
    if (match.originCountry !== undefined && !/^[A-Z]{2}$/.test(match.originCountry)) {
      body.errors.push({
        pointer: '/match/originCountry',
        code: 'COUNTRY_INVALID',
        detail: 'ISO 3166-1 alpha-2.',
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
    body.done();
    const clean = Object.fromEntries(Object.entries(match).filter(([, v]) => v !== undefined));
    return unitOfWork(this.dataSource, async (manager) => {
      const rows: TargetRow[] = await manager.query(
        `INSERT INTO risk_targets (id, match, lane, reason, expires_at, set_by) VALUES ($1, $2, $3, $4, $5, $6)
         RETURNING id, match, lane, reason, expires_at, set_by, set_at`,
        [randomUUID(), JSON.stringify(clean), lane, reason, expiresAt, officer.id],
      );
      const target = view(rows[0] as TargetRow);
      appendAudit(manager, officer.authority, {
        actor: officer.id,
        action: 'RISK_TARGET_SET',
        detail: target,
      });
      return target;
    });
  }

  @Get()
  @ApiOperation({ summary: "This authority's targets in force" })
  async list() {
    const rows: TargetRow[] = await this.dataSource.query(
      `SELECT id, match, lane, reason, expires_at, set_by, set_at FROM risk_targets
       WHERE deleted_at IS NULL AND expires_at > now() ORDER BY set_at DESC`,
    );
    return { items: rows.map(view), nextCursor: null };
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles('supervisor')
  @ApiOperation({ summary: 'Withdraw a target' })
  async remove(@CurrentOfficer() officer: Officer, @Param('id', IdParamPipe) id: string): Promise<void> {
    await unitOfWork(this.dataSource, async (manager) => {
      const found: unknown[] = await manager.query(
        'SELECT id FROM risk_targets WHERE id = $1 AND deleted_at IS NULL FOR UPDATE',
        [id],
      );
      if (found.length === 0)
        throw new ProblemException(problem(404, 'not-found', `Risk target ${id} not found.`));
      await manager.query('UPDATE risk_targets SET deleted_at = now() WHERE id = $1', [id]);
      appendAudit(manager, officer.authority, {
        actor: officer.id,
        action: 'RISK_TARGET_WITHDRAWN',
        detail: { id },
      });
    });
  }
}
