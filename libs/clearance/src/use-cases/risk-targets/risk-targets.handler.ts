import { Injectable } from '@nestjs/common';
import { NotFoundError } from '@gba/clearance-domain';
import type { Actor } from '../officer';
import { ClearanceStore } from '../ports';

/** A selectivity criterion as api.md shows it. */
export interface RiskTargetView {
  id: string;
  match: { partyId?: string; hsPrefix?: string; originCountry?: string };
  lane: 'YELLOW' | 'RED';
  reason: string;
  /** RFC 3339. */
  expiresAt: string;
  setBy: string;
  setAt: string;
}

export interface NewRiskTarget {
  match: RiskTargetView['match'];
  lane: RiskTargetView['lane'];
  reason: string;
  expiresAt: Date;
}

/** Where risk targets are kept; each change is audited in the same transaction (a port). */
export abstract class RiskTargetStore {
  abstract set(officer: Actor, target: NewRiskTarget): Promise<RiskTargetView>;
  abstract inForce(): Promise<RiskTargetView[]>;
  /** False when there is no such target in force. */
  abstract withdraw(officer: Actor, id: string): Promise<boolean>;
}

/**
 * Selectivity criteria of this authority's supervisors (ASYCUDA-style risk targets). They apply
 * to declarations assessed after they were set, until they expire or are withdrawn.
 */
@Injectable()
export class RiskTargets {
  constructor(
    private readonly targets: RiskTargetStore,
    private readonly clearance: ClearanceStore,
  ) {}

  async set(officer: Actor, target: NewRiskTarget): Promise<RiskTargetView> {
    const set = await this.targets.set(officer, target);
    this.clearance.riskTargetsChanged();
    return set;
  }

  inForce(): Promise<RiskTargetView[]> {
    return this.targets.inForce();
  }

  /** Throws NotFoundError when there is no such target in force. */
  async withdraw(officer: Actor, id: string): Promise<void> {
    if (!(await this.targets.withdraw(officer, id))) throw new NotFoundError(`Risk target ${id} not found.`);
    this.clearance.riskTargetsChanged();
  }
}
