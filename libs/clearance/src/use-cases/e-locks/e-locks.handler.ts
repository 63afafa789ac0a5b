import { Injectable } from '@nestjs/common';
import { currentStandard } from '@gba/standards';
import { ConflictError, decidability } from '@gba/clearance-domain';
import { ClearanceFactory } from '../clearance-factory';
import { onOwnDeclaration } from '../own-declaration';
import type { Actor } from '../officer';
import { ClearanceStore } from '../ports';

/** An e-lock or seal as an officer saw it. */
export interface ELockSeen {
  lockId: string;
  sealNumber: string;
  intact: boolean;
  /** UN/LOCODE. */
  location: string;
}

/**
 * SELS: the export side records the lock it applied, the import side what it saw on arrival (a
 * broken or mismatched lock sends the shipment to RED and holds it). Throws NotFoundError, or
 * ConflictError for the wrong side (`wrong-side`) or once this side's part is final (`decidability`:
 * `already-cancelled`, `already-released`, `already-rejected`).
 */
@Injectable()
export class ELocks {
  constructor(
    private readonly store: ClearanceStore,
    private readonly clearances: ClearanceFactory,
  ) {}

  async record(
    officer: Actor,
    declarationId: string,
    kind: 'applied' | 'verified',
    seen: ELockSeen,
  ): Promise<void> {
    const clearance = await this.store.run('officer-action', (unit) =>
      onOwnDeclaration(unit, this.clearances, officer, declarationId, async (clearance, role, loaded) => {
        const wanted = kind === 'applied' ? 'export' : 'import';
        if (role !== wanted) {
          throw new ConflictError(
            'wrong-side',
            `Only the ${wanted} side records an e-lock as ${kind}; ${officer.authority} is ${role}.`,
          );
        }
        // A lock seen after this side's final decision (or on a cancelled declaration) decides nothing.
        const verdict = decidability(clearance.get(declarationId), officer.authority);
        if (!verdict.decidable) throw new ConflictError(verdict.code, verdict.reason);
        const version = currentStandard().version;
        const fact =
          kind === 'applied'
            ? clearance.facts.eLockApplied(declarationId, version, {
                lockId: seen.lockId,
                sealNumber: seen.sealNumber,
                location: seen.location,
              })
            : clearance.facts.eLockVerified(declarationId, version, { ...seen });
        clearance.record([fact]);
        await unit.save(clearance, loaded, {
          audit: [
            {
              actor: officer.id,
              action: kind === 'applied' ? 'ELOCK_APPLIED' : 'ELOCK_VERIFIED',
              declarationId,
              detail: { ...seen },
            },
          ],
        });
        return clearance;
      }),
    );
    this.clearances.committed(clearance);
  }
}
