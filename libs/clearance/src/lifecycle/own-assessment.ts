import { Inject, Injectable } from '@nestjs/common';
import type { Event } from '@gba/contracts';
import { SERVICE_CONFIG, type ServiceConfig } from '@gba/runtime';
import {
  assess,
  type Assessment,
  type Declaration,
  participants,
  type Standard,
  standardFor,
} from '@gba/standards';
import type { EntityManager } from 'typeorm';
import { AUTHORITY_POLICY, type AuthorityPolicy } from '../authority-policy';
import { EventFactory, type FinalDecision, type Reason } from '../exchange/events';

/** The decision an assessment implies by itself, or null while a check or inspection is due. */
export function decisionOf(assessment: Assessment): { decision: FinalDecision; reasons: Reason[] } | null {
  if (assessment.rejected) {
    const fired = new Set(assessment.rejected.ruleIds);
    return {
      decision: 'REJECTED',
      reasons: assessment.reasons
        .filter((r) => fired.has(r.ruleId))
        .map(({ ruleId, detail }) => ({ ruleId, detail })),
    };
  }
  if (assessment.permitsMissing.length > 0) {
    return {
      decision: 'HELD',
      reasons: [
        { ruleId: 'PERMIT_MISSING', detail: `Permit needed: ${assessment.permitsMissing.join(', ')}` },
      ],
    };
  }
  if (assessment.lane === 'GREEN') return { decision: 'RELEASED', reasons: [] };
  return null;
}

/** This authority assesses its own part of a declaration and publishes what follows from it. */
@Injectable()
export class OwnAssessment {
  readonly events: EventFactory;

  constructor(
    @Inject(AUTHORITY_POLICY) private readonly policy: AuthorityPolicy,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {
    this.events = new EventFactory(policy.authority);
  }

  /** The events of this authority's assessment (and its decision when one follows at once). */
  async assess(manager: EntityManager, declarationId: string, declaration: Declaration): Promise<Event[]> {
    const mine = participants(declaration).find((p) => p.authority === this.policy.authority);
    if (!mine) return [];
    // Known consignors are remembered by identifier; none of its identifiers seen → first time.
    const consignorIds = partyIdsOf(declaration.consignor);
    const firstSeen: unknown[] = consignorIds.length
      ? await manager.query(
          `INSERT INTO known_consignors (party_id) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING RETURNING party_id`,
          [consignorIds],
        )
      : [];
    const extra = (await this.policy.assessmentContext?.(manager, declaration, declarationId)) ?? {};
    const assessedAt = new Date();
    const assessment = assess(declaration, this.policy.authority, {
      declarationId,
      assessedAt,
      ...(this.config.randomSelection ? {} : { standard: withoutRandomSelection(standardFor(assessedAt)) }),
      selectionKey: this.config.selectionKey,
      firstTimeConsignor: firstSeen.length === consignorIds.length,
      ...extra,
    });
    const completed = this.events.assessmentCompleted({
      declarationId,
      role: mine.role,
      lane: assessment.lane,
      reasons: assessment.reasons.map(({ ruleId, detail }) => ({ ruleId, detail })),
      duties: assessment.duties.map(({ code, amount, currency }) => ({ code, amount, currency })),
      checks: assessment.checks,
      reserved: assessment.reserved,
      permitsMissing: assessment.permitsMissing,
      standardVersion: assessment.standardVersion,
    });
    const decided = decisionOf(assessment);
    if (!decided) return [completed];
    return [
      completed,
      this.events.clearanceDecided({
        declarationId,
        decision: decided.decision,
        reasons: decided.reasons,
        decidedBy: 'system',
        standardVersion: assessment.standardVersion,
      }),
    ];
  }
}

function partyIdsOf(party: Declaration['consignor']): string[] {
  return [party.uscc, party.businessRegistrationNumber, party.registrationNumber, party.idNumber].filter(
    (id): id is string => Boolean(id),
  );
}

const NEVER = { RED: '0', YELLOW: '0' };

/** The standard in force with every random-selection rate at zero (RANDOM_SELECTION=off). */
function withoutRandomSelection(standard: Standard): Standard {
  return { ...standard, randomSelection: { standard: NEVER, aeo: NEVER, firstTimeConsignor: NEVER } };
}
