import { Injectable } from '@nestjs/common';
import { currentStandard } from '@gba/standards';
import { type Clearance, type FinalDecision, NotFoundError } from '@gba/clearance-domain';
import { ClearanceFactory } from '../clearance-factory';
import type { Actor } from '../officer';
import { ClearanceStore, type Loaded, type StoreUnit } from '../ports';

/**
 * Opens one unit of work on a declaration this authority takes part in, for an officer's action:
 * locked, loaded, with the officer's participant. Throws NotFoundError when the declaration is not
 * on record here.
 */
export async function onOwnDeclaration<T>(
  unit: StoreUnit,
  clearances: ClearanceFactory,
  officer: Actor,
  declarationId: string,
  act: (clearance: Clearance, role: string, loaded: Loaded) => Promise<T>,
): Promise<T> {
  await unit.lock({ declarationIds: [declarationId] });
  const loaded = await unit.load({ declarationIds: [declarationId], filings: [] });
  const clearance = clearances.create(loaded);
  const record = clearance.get(declarationId);
  const mine = record.participants.find((p) => p.authority === officer.authority);
  if (!record.filing || !mine) throw new NotFoundError(`Declaration ${declarationId} not found.`);
  return act(clearance, mine.role, loaded);
}

/** A supervisor's decision for this authority's participant, with its reason. */
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
