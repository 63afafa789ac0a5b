import { authorityFromProto, type Event } from '@gba/contracts';
import type { EntityManager } from 'typeorm';
import { decisionFromProto, historyOf, laneFromProto, roleFromProto } from '../exchange/events';
import { PersonalData } from '../persistence/personal-data';
import { declarationStatus, type ParticipantStatus } from '@gba/standards';

const AWAITING: Record<string, ParticipantStatus> = {
  GREEN: 'ASSESSED',
  YELLOW: 'AWAITING_DOCUMENT_CHECK',
  RED: 'AWAITING_INSPECTION',
};

/**
 * Applies one event, this authority's own or a partner's, to this authority's record of the
 * declaration: history, participant state and overall status. Every service applies the same
 * events, so every service shows the same picture. ID numbers of persons are stored encrypted. Events of one publisher arrive in order; events
 * of different publishers in any order (a partner's decision may precede the filing itself).
 */
export async function applyEvent(
  manager: EntityManager,
  event: Event,
  personalData: PersonalData,
): Promise<void> {
  const { authority, type, detail } = historyOf(event);
  const inserted: unknown[] = await manager.query(
    `INSERT INTO history (event_id, declaration_id, authority, type, detail, occurred_at)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (event_id) DO NOTHING RETURNING id`,
    [event.eventId, event.declarationId, authority, type, JSON.stringify(detail), event.occurredAt],
  );
  if (inserted.length === 0) return; // applied before

  const id = event.declarationId;
  const body = event.body;
  switch (body.case) {
    case 'declarationFiled': {
      const declaration = JSON.parse(body.value.declarationJson) as { tradeMode: string };
      await manager.query(
        `INSERT INTO declarations (id, platform_id, platform_ref, filed_with, trade_mode, body, filed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING`,
        [
          id,
          body.value.platformId,
          body.value.platformRef,
          body.value.filedWith,
          declaration.tradeMode,
          personalData.seal(body.value.declarationJson),
          event.occurredAt,
        ],
      );
      for (const p of body.value.participants) {
        await manager.query(
          `INSERT INTO participants (declaration_id, authority, role, status) VALUES ($1, $2, $3, 'RECEIVED')
           ON CONFLICT (declaration_id, authority) DO UPDATE SET role = EXCLUDED.role`,
          [id, authorityFromProto(p.authority), roleFromProto(p.role)],
        );
      }
      break;
    }
    case 'assessmentCompleted': {
      const lane = laneFromProto(body.value.lane);
      const reasons = body.value.reasons.map((r) => ({ ruleId: r.ruleId, detail: r.detail }));
      const duties = body.value.duties.map((d) => ({
        code: d.code,
        amount: d.money?.amount,
        currency: d.money?.currency,
      }));
      const role = roleFromProto(body.value.role);
      // The assessment as the standard's functions take it (planInspection, recognise, decide).
      const assessment = {
        declarationId: id,
        authority,
        role,
        sequence: role === 'export' ? 0 : role === 'transit' ? 1 : 2,
        lane,
        ruleIds: body.value.ruleIds,
        reasons,
        checks: body.value.checks,
        reserved: body.value.reserved,
        duties: duties.map((d) => ({ ...d, ruleId: '' })),
        permitsMissing: body.value.permitsMissing,
        rejected: body.value.rejected ? { ruleIds: body.value.rejectedRuleIds } : null,
        standardVersion: event.standardVersion,
        assessedAt: event.occurredAt,
      };
      // Events of one publisher arrive in order: an assessment never overtakes its decision.
      await manager.query(
        `INSERT INTO participants (declaration_id, authority, role, status, lane, reasons, duties, standard_version, assessment)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (declaration_id, authority) DO UPDATE SET
           role = EXCLUDED.role, status = EXCLUDED.status, lane = EXCLUDED.lane, reasons = EXCLUDED.reasons,
           duties = EXCLUDED.duties, standard_version = EXCLUDED.standard_version,
           assessment = EXCLUDED.assessment, updated_at = now()`,
        [
          id,
          authority,
          role,
          lane ? AWAITING[lane] : 'ASSESSED',
          lane,
          JSON.stringify(reasons),
          JSON.stringify(duties),
          event.standardVersion,
          JSON.stringify(assessment),
        ],
      );
      break;
    }
    case 'clearanceDecided': {
      const decision = decisionFromProto(body.value.decision);
      if (!decision) break;
      const reasons = body.value.reasons.map((r) => ({ ruleId: r.ruleId, detail: r.detail }));
      await manager.query(
        `UPDATE participants SET status = $3, decided_at = $4, updated_at = now(),
           reasons = reasons || $5::jsonb
         WHERE declaration_id = $1 AND authority = $2`,
        [id, authority, decision, event.occurredAt, JSON.stringify(reasons)],
      );
      break;
    }
    default:
      break;
  }
  await refreshDeclarationStatus(manager, id);
}

async function refreshDeclarationStatus(manager: EntityManager, declarationId: string): Promise<void> {
  const rows: { status: ParticipantStatus }[] = await manager.query(
    'SELECT status FROM participants WHERE declaration_id = $1',
    [declarationId],
  );
  const overall = declarationStatus(rows.map((r) => r.status));
  // Before the filing reaches this authority there is no declaration row yet: nothing to update.
  await manager.query(
    'UPDATE declarations SET status = $2, updated_at = now() WHERE id = $1 AND status IS DISTINCT FROM $2',
    [declarationId, overall],
  );
}
