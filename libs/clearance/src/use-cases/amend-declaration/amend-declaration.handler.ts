import { Injectable } from '@nestjs/common';
import { amendability, ConflictError, NotFoundError, versionOf } from '@gba/clearance-domain';
import { currentStandard, type DataError, participants, validateDeclaration } from '@gba/standards';
import { ClearanceFactory } from '../clearance-factory';
import { requestHash } from '../file-declarations/file-declarations.handler';
import { repeatOf } from '../idempotent-repeat';
import { ClearanceStore, type Loaded, type StoreUnit } from '../ports';
import type { AmendDeclarationCommand, AmendmentResource, AmendOutcome } from './amend-declaration.command';

/**
 * Amends a declaration nobody has decided yet (issue 13), in one unit of work at the authority it
 * was filed with: the corrected declaration is checked against the data standard (as a filing),
 * must keep its route (the same participants) and its platformRef; the rule `amendability`
 * decides; the DeclarationAmended fact is recorded with the next version (this authority closes
 * its open tasks of the old version, its own law takes back what the old version reserved, and it
 * re-assesses the new one) and published to every participant, who re-assess alike. The
 * Idempotency-Key is kept with the response as for filings; a refused amendment does not keep it.
 */
@Injectable()
export class AmendDeclaration {
  constructor(
    private readonly store: ClearanceStore,
    private readonly clearances: ClearanceFactory,
  ) {}

  async amend(command: AmendDeclarationCommand): Promise<AmendOutcome> {
    const { declarationId: id, platformId, idempotencyKey: key } = command;
    // The same key with the same declaration id and body is the same request.
    const hash = requestHash({ amendment: id, declaration: command.declaration });
    const validation = validateDeclaration(command.declaration, new Date());
    const declaration = validation.ok ? validation.declaration : null;
    const outcome = await this.store.run('platform-action', async (unit: StoreUnit) => {
      await unit.lock({
        declarationIds: [id],
        idempotency: { platformId, keys: [key] },
        filings: declaration ? [declaration] : [],
      });
      const used = (await unit.idempotencyKeys(platformId, [key])).get(key);
      if (used) {
        return repeatOf(used, hash);
      }
      const loaded: Loaded = await unit.load({
        declarationIds: [id],
        withDeclaration: [],
        filings: declaration ? [declaration] : [],
      });
      const clearance = this.clearances.create(loaded);
      const record = clearance.get(id);
      const filing = record.filing;
      if (filing?.platformId !== platformId) throw new NotFoundError(`Declaration ${id} not found.`);
      if (!validation.ok) return { kind: 'invalid', errors: validation.errors } as const;
      const verdict = amendability(record, this.clearances.authority);
      if (!verdict.amendable) throw new ConflictError(verdict.code, verdict.reason);
      const corrected = validation.declaration;
      const errors: DataError[] = [];
      if (corrected.platformRef !== filing.platformRef)
        errors.push({
          pointer: '/platformRef',
          code: 'PLATFORM_REF_CHANGED',
          detail: `An amendment keeps the declaration's platformRef (${filing.platformRef}).`,
        });
      const route = (ps: readonly { authority: string; role: string }[]) =>
        ps
          .map((p) => `${p.authority}:${p.role}`)
          .sort()
          .join(',');
      const roles = participants(corrected);
      if (route(roles) !== route(record.participants))
        errors.push({
          pointer: '/route',
          code: 'ROUTE_CHANGED',
          detail: 'An amendment keeps the route (the same participants): cancel and file anew instead.',
        });
      if (errors.length > 0) return { kind: 'invalid', errors } as const;
      const amendedBy = `platform:${platformId}`;
      const fact = clearance.facts.declarationAmended(id, currentStandard().version, {
        version: versionOf(filing) + 1,
        declaration: corrected,
        amendedBy,
        participants: roles.map((p) => ({ authority: p.authority, role: p.role })),
      });
      clearance.record([fact]);
      const after = clearance.get(id);
      const amendment: AmendmentResource = {
        declarationId: id,
        version: fact.version,
        status: after.status ?? 'IN_PROGRESS',
        amendedBy,
        amendedAt: fact.occurredAt,
        participants: after.participants.map((p) => ({
          authority: p.authority,
          role: p.role,
          status: p.status,
          lane: p.lane,
        })),
      };
      await unit.save(clearance, loaded, {
        idempotency: {
          platformId,
          filings: [{ key, requestHash: hash, response: amendment, declarationId: id }],
        },
      });
      return { kind: 'amended', amendment, clearance } as const;
    });
    if (outcome.kind === 'amended') {
      this.clearances.committed(outcome.clearance);
      return { kind: 'amended', amendment: outcome.amendment };
    }
    return outcome;
  }
}
