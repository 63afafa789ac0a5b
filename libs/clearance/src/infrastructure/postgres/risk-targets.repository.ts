import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { inUnitOfWork } from '@gba/runtime';
import { DataSource } from 'typeorm';
import type { Actor } from '../../use-cases/officer';
import {
  type NewRiskTarget,
  RiskTargetStore,
  type RiskTargetView,
} from '../../use-cases/risk-targets/risk-targets.handler';
import { appendAuditEntries } from './audit-trail.repository';
import { unitOfWork } from './unit-of-work';

interface TargetRow {
  id: string;
  match: RiskTargetView['match'];
  lane: 'YELLOW' | 'RED';
  reason: string;
  expires_at: Date;
  set_by: string;
  set_at: Date;
}

const view = (t: TargetRow): RiskTargetView => ({
  id: t.id,
  match: t.match,
  lane: t.lane,
  reason: t.reason,
  expiresAt: t.expires_at.toISOString(),
  setBy: t.set_by,
  setAt: t.set_at.toISOString(),
});

@Injectable()
export class PostgresRiskTargetStore extends RiskTargetStore {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  set(officer: Actor, target: NewRiskTarget): Promise<RiskTargetView> {
    return unitOfWork(this.dataSource, 'officer-action', async (manager) => {
      const rows: TargetRow[] = await manager.query(
        `INSERT INTO risk_targets (id, match, lane, reason, expires_at, set_by) VALUES ($1, $2, $3, $4, $5, $6)
         RETURNING id, match, lane, reason, expires_at, set_by, set_at`,
        [
          randomUUID(),
          JSON.stringify(target.match),
          target.lane,
          target.reason,
          target.expiresAt,
          officer.id,
        ],
      );
      const set = view(rows[0] as TargetRow);
      await appendAuditEntries(manager, [
        { authority: officer.authority, actor: officer.id, action: 'RISK_TARGET_SET', detail: { ...set } },
      ]);
      return set;
    });
  }

  async inForce(): Promise<RiskTargetView[]> {
    const rows: TargetRow[] = await inUnitOfWork('query', () =>
      this.dataSource.query(
        `SELECT id, match, lane, reason, expires_at, set_by, set_at FROM risk_targets
         WHERE deleted_at IS NULL AND expires_at > now() ORDER BY set_at DESC`,
      ),
    );
    return rows.map(view);
  }

  withdraw(officer: Actor, id: string): Promise<boolean> {
    return unitOfWork(this.dataSource, 'officer-action', async (manager) => {
      const withdrawn: unknown[] = await manager.query(
        `WITH withdrawn AS (
           UPDATE risk_targets SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL RETURNING id
         ) SELECT id FROM withdrawn`,
        [id],
      );
      if (withdrawn.length === 0) return false;
      await appendAuditEntries(manager, [
        { authority: officer.authority, actor: officer.id, action: 'RISK_TARGET_WITHDRAWN', detail: { id } },
      ]);
      return true;
    });
  }
}
