import { Injectable } from '@nestjs/common';
import { currentStandard } from '@gba/standards';
import {
  cancellability,
  type Clearance,
  ConflictError,
  type DeclarationCancelled,
  NotFoundError,
} from '@gba/clearance-domain';
import { ClearanceFactory } from '../clearance-factory';
import { requestHash } from '../file-declarations/file-declarations.handler';
import { repeatOf } from '../idempotent-repeat';
import { onOwnDeclaration } from '../own-declaration';
import { ClearanceStore, type Loaded, type StoreUnit } from '../ports';
import type {
  CancelDeclarationCommand,
  CancellationResource,
  CancelOutcome,
} from './cancel-declaration.command';

/**
 * Cancels a declaration not yet released (issue 13), in one unit of work: the rule
 * `cancellability` decides, the DeclarationCancelled fact is recorded (every participant here moves
 * to CANCELLED, this authority's open tasks close, its own law gives back what it reserved) and
 * published to the participants, who apply it alike. A platform's cancellation keeps its
 * Idempotency-Key (in the keys of its filings) with the response; a refused one does not.
 */
@Injectable()
export class CancelDeclaration {
  constructor(
    private readonly store: ClearanceStore,
    private readonly clearances: ClearanceFactory,
  ) {}

  async cancel(command: CancelDeclarationCommand): Promise<CancelOutcome> {
    const { declarationId: id, reason } = command;
    if (command.by === 'officer') {
      const outcome = await this.store.run('officer-action', (unit) =>
        onOwnDeclaration(unit, this.clearances, command.officer, id, async (clearance, _role, loaded) => {
          const cancellation = this.cancelIn(clearance, id, `officer:${command.officer.id}`, reason);
          await unit.save(clearance, loaded);
          return cancellation;
        }),
      );
      return { kind: 'cancelled', cancellation: outcome };
    }
    const { platformId, idempotencyKey: key } = command;
    // The same key with the same declaration and reason is the same request.
    const hash = requestHash({ cancellation: id, reason });
    return this.store.run('platform-action', async (unit: StoreUnit): Promise<CancelOutcome> => {
      await unit.lock({ declarationIds: [id], idempotency: { platformId, keys: [key] } });
      const used = (await unit.idempotencyKeys(platformId, [key])).get(key);
      if (used) {
        return repeatOf(used, hash);
      }
      const loaded: Loaded = await unit.load({ declarationIds: [id], withDeclaration: [], filings: [] });
      const clearance = this.clearances.create(loaded);
      if (clearance.get(id).filing?.platformId !== platformId)
        throw new NotFoundError(`Declaration ${id} not found.`);
      const cancellation = this.cancelIn(clearance, id, `platform:${platformId}`, reason);
      await unit.save(clearance, loaded, {
        idempotency: {
          platformId,
          filings: [{ key, requestHash: hash, response: cancellation, declarationId: id }],
        },
      });
      return { kind: 'cancelled', cancellation };
    });
  }

  /** Applies the rule and records the cancellation in this unit's clearance. */
  private cancelIn(
    clearance: Clearance,
    id: string,
    cancelledBy: string,
    reason: string,
  ): CancellationResource {
    const record = clearance.get(id);
    if (!record.filing || !record.participants.some((p) => p.authority === this.clearances.authority))
      throw new NotFoundError(`Declaration ${id} not found.`);
    const verdict = cancellability(record);
    if (!verdict.cancellable) throw new ConflictError(verdict.code, verdict.reason);
    const fact: DeclarationCancelled = clearance.facts.declarationCancelled(id, currentStandard().version, {
      cancelledBy,
      reason,
      participants: record.participants.map((p) => ({ authority: p.authority, role: p.role })),
    });
    clearance.record([fact]);
    return {
      declarationId: id,
      status: 'CANCELLED',
      cancelledBy,
      reason,
      cancelledAt: fact.occurredAt,
      participants: clearance
        .get(id)
        .participants.map((p) => ({ authority: p.authority, role: p.role, status: p.status })),
    };
  }
}
