import type { Authority, Lane } from '@gba/standards';
import { AMENDED, isSettled } from './amendment';
import { applyFact, isStale } from './apply-fact';
import { type AssessmentSettings, assessOwnPart } from './assessment';
import { type ClearanceFact, FactFactory } from './facts';
import { InspectionWorkflow, type Reaction } from './inspection-workflow';
import { type AuditNote, type DeclarationRecord, emptyRecord, type FinalDecision } from './types';

/** The clock and id source of a unit of work (fixed in tests). */
export interface Clock {
  now(): Date;
  newId(): string;
}

/** The facts whose reactions read the declaration itself (not only the participants' state). */
export function needsDeclaration(fact: Pick<ClearanceFact, 'type'>): boolean {
  return fact.type === 'InspectionRecorded' || fact.type === 'ELockVerified';
}

/** A decision taken here in this unit, for the decisions metric. */
export interface DecisionTaken {
  lane: Lane | 'NONE';
  outcome: FinalDecision;
}

/**
 * One unit of work of this authority's clearance, decided in memory: the records it loaded, the
 * facts that enter them (own facts are recorded, partners' received), and everything that follows
 * (assessment, tasks, recognition, decisions) until nothing more follows. What changed is left in
 * `records`/`changed`, `published`, `audit` and the own law's books, for the store to write in sets.
 */
export class Clearance {
  readonly facts: FactFactory;
  readonly workflow: InspectionWorkflow;
  /** Ids of the records that changed. */
  readonly changed = new Set<string>();
  /** This authority's new facts, addressed to the participants, in order: the outbox. */
  readonly published: ClearanceFact[] = [];
  readonly audit: AuditNote[] = [];
  readonly decisions: DecisionTaken[] = [];
  /** The records as they are now (those loaded, changed or new). */
  readonly records: Map<string, DeclarationRecord>;

  constructor(
    readonly me: Authority,
    private readonly settings: AssessmentSettings,
    loaded: ReadonlyMap<string, DeclarationRecord>,
    private readonly clock: Clock,
  ) {
    this.records = new Map(loaded);
    this.facts = new FactFactory(
      me,
      () => clock.newId(),
      () => clock.now(),
    );
    this.workflow = new InspectionWorkflow(
      this.facts,
      () => clock.now(),
      () => clock.newId(),
    );
  }

  /** Consignor identifiers known after this unit (those loaded and those it assessed). */
  get knownConsignors(): ReadonlySet<string> {
    return this.settings.knownConsignors;
  }

  /** The record of a declaration (empty when nothing is known of it yet). */
  get(id: string): DeclarationRecord {
    return this.records.get(id) ?? emptyRecord(id);
  }

  /** Replaces a record with its changed version. */
  put(record: DeclarationRecord): void {
    this.records.set(record.id, record);
    this.changed.add(record.id);
  }

  /** False for a partner's fact about a declaration this authority takes no part in. */
  isAddressedHere(fact: Pick<ClearanceFact, 'addressees'>): boolean {
    return fact.addressees.length === 0 || fact.addressees.includes(this.me);
  }

  /** A partner's fact: applied, then reacted to. */
  receive(fact: ClearanceFact): void {
    if (!this.isAddressedHere(fact)) return;
    const before = this.get(fact.declarationId);
    const after = applyFact(before, fact);
    if (after === before) return;
    this.put(after);
    this.reactTo(fact);
  }

  /**
   * This authority's own facts: applied, addressed to the participants and published; its own
   * decisions close its open tasks, enter the audit trail and the own law's books; then this
   * authority reacts to them, which may record more own facts in turn.
   */
  record(facts: readonly ClearanceFact[]): void {
    if (facts.length === 0) return;
    for (const fact of facts) this.put(applyFact(this.get(fact.declarationId), fact));
    for (const fact of facts) {
      const addressees = this.get(fact.declarationId).participants.map((p) => p.authority);
      this.published.push({ ...fact, addressees });
    }
    for (const fact of facts)
      if (fact.type === 'ClearanceDecided' && fact.decision) this.afterOwnDecision(fact);
    for (const fact of facts) this.reactTo(fact);
  }

  private afterOwnDecision(fact: Extract<ClearanceFact, { type: 'ClearanceDecided' }>): void {
    const decision = fact.decision as FinalDecision;
    this.settings.law?.afterDecision?.(this.settings.books, fact.declarationId, decision, fact.occurredAt);
    const record = this.get(fact.declarationId);
    const at = this.clock.now().toISOString();
    // This authority's own open tasks for the declaration have nothing left to decide.
    const closed = { ruleId: 'DECIDED', detail: `closed: participant ${decision}` };
    this.put({
      ...record,
      tasks: record.tasks.map((t) =>
        t.status === 'pending' && !t.joint
          ? { ...t, status: 'done', doneAt: at, reasons: [...t.reasons, closed] }
          : t,
      ),
    });
    this.audit.push({
      actor: fact.decidedBy,
      action: 'DECISION',
      declarationId: fact.declarationId,
      detail: { decision, reasons: fact.reasons },
    });
    const lane = record.participants.find((p) => p.authority === this.me)?.lane ?? 'NONE';
    this.decisions.push({ lane, outcome: decision });
  }

  /**
   * A cancellation, own or a partner's: this authority's open tasks for the declaration close with
   * the reason, and its own law gives back what it reserved (e.g. the buyer's CBEC quota) unless
   * this authority had released it before the cancellation reached it.
   */
  private afterCancellation(fact: Extract<ClearanceFact, { type: 'DeclarationCancelled' }>): void {
    const record = this.get(fact.declarationId);
    const mine = record.participants.find((p) => p.authority === this.me);
    if (mine?.status !== 'CANCELLED') return;
    const at = this.clock.now().toISOString();
    const closed = { ruleId: 'CANCELLED', detail: `closed: declaration cancelled (${fact.reason})` };
    this.put({
      ...record,
      tasks: record.tasks.map((t) =>
        t.status === 'pending' ? { ...t, status: 'done', doneAt: at, reasons: [...t.reasons, closed] } : t,
      ),
    });
    this.settings.law?.afterCancellation?.(this.settings.books, fact.declarationId, fact.occurredAt);
    this.audit.push({
      actor: fact.cancelledBy,
      action: 'CANCELLATION',
      declarationId: fact.declarationId,
      detail: { reason: fact.reason, publisher: fact.authority },
    });
  }

  /**
   * An amendment, own or a partner's: unless this authority's participant had settled (decided or
   * cancelled), its open tasks for the old version close with the reason, its own law takes back
   * what the old version reserved, and it re-assesses the new version (lane, duties and tasks
   * replaced through the usual reactions to its own assessment).
   */
  private afterAmendment(fact: Extract<ClearanceFact, { type: 'DeclarationAmended' }>): void {
    const record = this.get(fact.declarationId);
    const mine = record.participants.find((p) => p.authority === this.me);
    if (!mine || isSettled(mine) || mine.assessment) return;
    const at = this.clock.now().toISOString();
    const closed = { ruleId: AMENDED, detail: `closed: declaration amended to version ${fact.version}` };
    const amended = {
      ...record,
      tasks: record.tasks.map((t) =>
        t.status === 'pending'
          ? { ...t, status: 'done' as const, doneAt: at, reasons: [...t.reasons, closed] }
          : t,
      ),
    };
    this.put(amended);
    this.settings.law?.afterAmendment?.(this.settings.books, fact.declarationId, fact.occurredAt);
    this.audit.push({
      actor: fact.amendedBy,
      action: 'AMENDMENT',
      declarationId: fact.declarationId,
      detail: { version: fact.version, publisher: fact.authority },
    });
    const assessed = assessOwnPart(
      this.facts,
      fact.declarationId,
      fact.declaration,
      this.settings,
      this.clock.now(),
      fact.version,
    );
    this.record(assessed ? [assessed] : []);
  }

  private reactTo(fact: ClearanceFact): void {
    const record = this.get(fact.declarationId);
    if (fact.type === 'DeclarationCancelled') return this.afterCancellation(fact);
    if (fact.type === 'DeclarationAmended') return this.afterAmendment(fact);
    // A late assessment of an old version: history only, nothing follows from it.
    if (isStale(record, fact)) return;
    // A cancelled participant assesses, inspects and decides nothing more.
    if (record.participants.find((p) => p.authority === this.me)?.status === 'CANCELLED') return;
    let reaction: Reaction;
    if (fact.type === 'DeclarationFiled') {
      const assessed = assessOwnPart(
        this.facts,
        fact.declarationId,
        fact.declaration,
        this.settings,
        this.clock.now(),
      );
      reaction = { record, facts: assessed ? [assessed] : [] };
    } else {
      reaction = this.workflow.react(record, fact);
    }
    if (reaction.record !== record) this.put(reaction.record);
    this.record(reaction.facts);
  }
}
