import { Injectable } from '@nestjs/common';
import { currentStandard } from '@gba/standards';
import { ConflictError, decidability, type FinalDecision } from '@gba/clearance-domain';
import { ClearanceFactory } from '../clearance-factory';
import type { Actor } from '../officer';
import { onOwnDeclaration } from '../own-declaration';
import { ClearanceStore } from '../ports';

/**
 * A supervisor's decision for this authority's participant, with its reason. A final decision is
 * final: throws ConflictError (`already-cancelled`, `already-released`, `already-rejected`) when the
 * rule `decidability` (@gba/clearance-domain) refuses, NotFoundError when the declaration is not here.
 */
@Injectable()
export class Decide {
  constructor(
    private readonly store: ClearanceStore,
    private readonly clearances: ClearanceFactory,
  ) {}

  async decide(
    officer: Actor,
    declarationId: string,
    decision: FinalDecision,
    reason: string,
  ): Promise<void> {
    const clearance = await this.store.run('officer-action', (unit) =>
      onOwnDeclaration(unit, this.clearances, officer, declarationId, async (clearance, _role, loaded) => {
        const verdict = decidability(clearance.get(declarationId), officer.authority);
        if (!verdict.decidable) throw new ConflictError(verdict.code, verdict.reason);
        clearance.record([
          clearance.facts.clearanceDecided(declarationId, currentStandard().version, {
            decision,
            reasons: [{ ruleId: 'SUPERVISOR_DECISION', detail: reason }],
            decidedBy: officer.id,
          }),
        ]);
        await unit.save(clearance, loaded);
        return clearance;
      }),
    );
    this.clearances.committed(clearance);
  }
}
