import { Injectable } from '@nestjs/common';
import {
  type ClearanceFact,
  type DeclarationAmended,
  type DeclarationFiled,
  needsDeclaration,
} from '@gba/clearance-domain';
import { ClearanceFactory } from '../clearance-factory';
import { ClearanceStore } from '../ports';

/** A partner's fact as received: the fact, the topic it came from, and its trace context. */
export interface ReceivedFact {
  fact: ClearanceFact;
  topic: string;
  traceparent?: string;
}

/**
 * Applies partners' facts, a whole Kafka fetch in one unit of work: each fact exactly once
 * (inbox), with this authority's reaction to it (assessing a declaration filed with a partner,
 * recognising a partner's inspection, deciding, ...). Facts are applied in the order received;
 * those about declarations this authority takes no part in are skipped.
 */
@Injectable()
export class ApplyPartnerEvents {
  constructor(
    private readonly store: ClearanceStore,
    private readonly clearances: ClearanceFactory,
  ) {}

  async apply(received: readonly ReceivedFact[]): Promise<void> {
    const me = this.clearances.authority;
    const mine = received.filter((r) => r.fact.addressees.length === 0 || r.fact.addressees.includes(me));
    if (mine.length === 0) return;
    const ids = [...new Set(mine.map((r) => r.fact.declarationId))];
    const clearance = await this.store.run('partner-events', async (unit) => {
      await unit.lock({ declarationIds: ids, filings: filingsOf(mine) });
      const appliedBefore = await unit.appliedBefore(mine.map((r) => r.fact.eventId));
      const seen = new Set<string>();
      const fresh = mine.filter((r) => {
        if (appliedBefore.has(r.fact.eventId) || seen.has(r.fact.eventId)) return false;
        seen.add(r.fact.eventId);
        return true;
      });
      if (fresh.length === 0) return null;
      const loaded = await unit.load({
        declarationIds: [...new Set(fresh.map((r) => r.fact.declarationId))],
        withDeclaration: fresh.filter((r) => needsDeclaration(r.fact)).map((r) => r.fact.declarationId),
        filings: filingsOf(fresh),
      });
      const clearance = this.clearances.create(loaded);
      for (const r of fresh) clearance.receive(r.fact);
      const traceparents = new Map<string, string>();
      for (const r of fresh) if (r.traceparent) traceparents.set(r.fact.declarationId, r.traceparent);
      await unit.save(clearance, loaded, {
        inbox: fresh.map((r) => ({
          eventId: r.fact.eventId,
          topic: r.topic,
          declarationId: r.fact.declarationId,
        })),
        traceparents,
      });
      return clearance;
    });
    if (clearance) this.clearances.committed(clearance);
  }
}

/**
 * The declarations these facts will have assessed here: filings and amendments (the own law's
 * books they touch are locked and loaded, e.g. the buyer's CBEC year).
 */
function filingsOf(received: readonly ReceivedFact[]) {
  return received
    .map((r) => r.fact)
    .filter(
      (f): f is DeclarationFiled | DeclarationAmended =>
        f.type === 'DeclarationFiled' || f.type === 'DeclarationAmended',
    )
    .map((f) => f.declaration);
}
