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
 * ConflictError for the wrong side (`wrong-side`), on a cancelled declaration (`already-cancelled`),
 * or for a check on arrival once the import side's part is final (`decidability`:
 * `already-released`, `already-rejected`: a broken lock can no longer hold goods already out).
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
        // No lock on a cancelled declaration. The export side applies its lock when the goods leave
        // (after its own release, as a rule); the import side's check on arrival can hold the goods,
        // so it comes before that side's final decision (decidability).
        const verdict = decidability(clearance.get(declarationId), officer.authority);
        if (!verdict.decidable && (kind === 'verified' || verdict.code === 'already-cancelled'))
          throw new ConflictError(verdict.code, verdict.reason);
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
