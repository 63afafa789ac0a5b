import { Inject, Injectable } from '@nestjs/common';
import type { Event } from '@gba/contracts';
import { SERVICE_CONFIG, type ServiceConfig } from '@gba/runtime';
import {
  assess,
  type Declaration,
  participants,
  type RiskTarget,
  type Standard,
  standardFor,
} from '@gba/standards';
import type { EntityManager } from 'typeorm';
import { AUTHORITY_POLICY, type AuthorityPolicy } from '../authority-policy';
import { EventFactory } from '../exchange/events';
import { PersonalData } from '../persistence/personal-data';

/** This authority assesses its own part of a declaration and publishes what follows from it. */
@Injectable()
export class OwnAssessment {
  readonly events: EventFactory;
  private readonly personalData: PersonalData;

  constructor(
    @Inject(AUTHORITY_POLICY) private readonly policy: AuthorityPolicy,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {
    this.events = new EventFactory(policy.authority);
    this.personalData = new PersonalData(config.piiKey);
  }

  /** The events of this authority's assessment (and its decision when one follows at once). */
  async assess(manager: EntityManager, declarationId: string, declaration: Declaration): Promise<Event[]> {
    const mine = participants(declaration).find((p) => p.authority === this.policy.authority);
    if (!mine) return [];
    // Known consignors are remembered by identifier; none of its identifiers seen → first time.
    const consignorIds = partyIdsOf(declaration.consignor).map((id) => this.personalData.keyedHash(id));
    const firstSeen: unknown[] = consignorIds.length
      ? await manager.query(
          `INSERT INTO known_consignors (party_id) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING RETURNING party_id`,
          [consignorIds],
        )
      : [];
    const riskTargets: RiskTarget[] = (
      await manager.query(
        `SELECT id, match, lane, reason, expires_at, set_at FROM risk_targets
         WHERE deleted_at IS NULL AND expires_at > now()`,
      )
    ).map(
      (t: {
        id: string;
        match: RiskTarget['match'];
        lane: 'YELLOW' | 'RED';
        reason: string;
        expires_at: Date;
        set_at: Date;
      }) => ({
        id: t.id,
        match: t.match,
        lane: t.lane,
        reason: t.reason,
        expiresAt: t.expires_at,
        setAt: t.set_at,
      }),
    );
    const extra = (await this.policy.assessmentContext?.(manager, declaration, declarationId)) ?? {};
    const assessedAt = new Date();
    const assessment = assess(declaration, this.policy.authority, {
      declarationId,
      assessedAt,
      ...(this.config.randomSelection ? {} : { standard: withoutRandomSelection(standardFor(assessedAt)) }),
      selectionKey: this.config.selectionKey,
      firstTimeConsignor: firstSeen.length === consignorIds.length,
      riskTargets,
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
      ruleIds: assessment.ruleIds,
      rejectedRuleIds: assessment.rejected?.ruleIds ?? null,
      standardVersion: assessment.standardVersion,
    });
    await this.policy.afterAssessment?.(manager, declaration, assessment);
    return [completed];
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
