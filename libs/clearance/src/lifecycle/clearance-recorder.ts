import { Inject, Injectable } from '@nestjs/common';
import { type AuthorityCode, authorityFromProto, authorityToProto, type Event } from '@gba/contracts';
import { enqueueEvents, eventsTopic } from '@gba/messaging';
import { SERVICE_CONFIG, type ServiceConfig } from '@gba/runtime';
import { validateDeclaration } from '@gba/standards';
import type { EntityManager } from 'typeorm';
import { appendAudit } from '../unit-of-work';
import { AUTHORITY_POLICY, type AuthorityPolicy } from '../authority-policy';
import { decisionFromProto, laneFromProto } from '../exchange/events';
import { FilingMetrics } from '../filing/filing-metrics';
import { InspectionWorkflow } from '../inspection/inspection-workflow';
import { PersonalData } from '../persistence/personal-data';
import { OwnAssessment } from './own-assessment';
import { applyEvent } from './projection';

/**
 * The one way a fact enters this authority's record. Own facts are applied and written to the
 * outbox for the partners; partners' facts are applied; then this authority reacts (assesses a new
 * declaration, opens a task, recognises a result, decides), which may add own facts in turn. All of
 * it in the caller's transaction.
 */
@Injectable()
export class ClearanceRecorder {
  readonly workflow: InspectionWorkflow;
  private readonly personalData: PersonalData;

  constructor(
    private readonly ownAssessment: OwnAssessment,
    private readonly metrics: FilingMetrics,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    @Inject(AUTHORITY_POLICY) private readonly policy: AuthorityPolicy,
  ) {
    this.workflow = new InspectionWorkflow(config.authority, ownAssessment.events);
    this.personalData = new PersonalData(config.piiKey);
  }

  get events() {
    return this.ownAssessment.events;
  }

  async record(manager: EntityManager, events: Event[]): Promise<void> {
    if (events.length === 0) return;
    for (const event of events) await applyEvent(manager, event, this.personalData);
    await this.addressTo(manager, events);
    await enqueueEvents(manager, eventsTopic(this.config.authority, this.config.topicPrefix), events);
    this.count(events);
    for (const event of events) {
      if (event.body.case === 'clearanceDecided') {
        const decision = decisionFromProto(event.body.value.decision);
        if (decision)
          await this.policy.afterDecision?.(manager, event.declarationId, decision, event.occurredAt);
        // This authority's own open tasks for the declaration have nothing left to decide.
        await manager.query(
          `UPDATE inspection_tasks SET status = 'done', done_at = now(), reasons = reasons || $2::jsonb
           WHERE declaration_id = $1 AND status = 'pending' AND NOT joint`,
          [
            event.declarationId,
            JSON.stringify([{ ruleId: 'DECIDED', detail: `closed: participant ${decision}` }]),
          ],
        );
        appendAudit(manager, this.config.authority, {
          actor: event.body.value.decidedBy,
          action: 'DECISION',
          declarationId: event.declarationId,
          detail: {
            decision,
            reasons: event.body.value.reasons.map((r) => ({ ruleId: r.ruleId, detail: r.detail })),
          },
        });
      }
    }
    for (const event of events) await this.record(manager, await this.react(manager, event));
  }

  /** False for a partner's event about a declaration this authority takes no part in. */
  isAddressedHere(event: Event): boolean {
    const addressees = event.participants.map(authorityFromProto);
    return addressees.length === 0 || addressees.includes(this.config.authority);
  }

  async receive(manager: EntityManager, event: Event): Promise<void> {
    if (!this.isAddressedHere(event)) return;
    await applyEvent(manager, event, this.personalData);
    await this.record(manager, await this.react(manager, event));
  }

  private async react(manager: EntityManager, event: Event): Promise<Event[]> {
    if (event.body.case === 'declarationFiled') {
      const validation = validateDeclaration(JSON.parse(event.body.value.declarationJson));
      if (!validation.ok) {
        throw new Error(
          `declaration ${event.declarationId} fails the data standard: ${validation.errors[0]?.code}`,
        );
      }
      return this.ownAssessment.assess(manager, event.declarationId, validation.declaration);
    }
    return this.workflow.react(manager, event);
  }

  /** Stamps each event with the participants of its declaration, so that others can skip it. */
  private async addressTo(manager: EntityManager, events: Event[]): Promise<void> {
    const ids = [...new Set(events.map((e) => e.declarationId))];
    const rows: { declaration_id: string; authority: AuthorityCode }[] = await manager.query(
      'SELECT declaration_id, authority FROM participants WHERE declaration_id = ANY($1::uuid[])',
      [ids],
    );
    for (const event of events) {
      event.participants = rows
        .filter((r) => r.declaration_id === event.declarationId)
        .map((r) => authorityToProto(r.authority));
    }
  }

  private count(events: Event[]): void {
    let lane = 'NONE';
    for (const event of events) {
      if (event.body.case === 'assessmentCompleted') lane = laneFromProto(event.body.value.lane) ?? 'NONE';
      if (event.body.case === 'clearanceDecided') {
        const outcome = decisionFromProto(event.body.value.decision) ?? 'UNKNOWN';
        this.metrics.decisions.inc({ authority: this.config.authority, lane, outcome });
      }
    }
  }
}
