import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { isIdempotencyKey } from '@gba/runtime';
import {
  currentStandard,
  type DataError,
  type Declaration,
  participants,
  validateDeclaration,
} from '@gba/standards';
import { canonicalJson } from '../../canonical-json';
import { ClearanceFactory } from '../clearance-factory';
import { ClearanceMetrics } from '../clearance-metrics';
import { ClearanceStore, type StoredFiling } from '../ports';
import { type DeclarationResource, resourceOf } from '../query-declarations/declaration-resource';

export const MAX_BATCH = 500;

/** One filing of a command: the platform's idempotency key and the declaration as sent. */
export interface FilingItem {
  idempotencyKey: unknown;
  declaration: unknown;
  /** W3C trace context of the request that sent it, carried by its facts (else the active one). */
  traceparent?: string;
}

/** The outcome of one filing, in the terms of the use case (the adapter maps them to HTTP). */
export type FilingOutcome =
  | { kind: 'filed'; declaration: DeclarationResource }
  /** The key was used before with the same body: the response given then. */
  | { kind: 'replayed'; statusCode: number; response: unknown }
  /** The key was used before with another body. */
  | { kind: 'key-reused' }
  | { kind: 'invalid-key' }
  /** The declaration breaks the data standard (or this authority is not on its route). */
  | { kind: 'invalid'; errors: DataError[] };

/** The same body in another key order is the same request. */
export function requestHash(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

type Checked =
  | { key: string; hash: string; declaration: Declaration; id: string }
  | { key: string; hash: string; errors: DataError[] }
  | { invalidKey: true };

/**
 * Files declarations (one, or a batch of up to 500) in one unit of work: each is checked against
 * the data standard, stored with this authority's own assessment and the facts for the partners,
 * under its idempotency key. Outcomes come back in input order. A refused filing does not keep its
 * key (the platform may correct the body and retry with it); a key used again with the same body
 * replays the first response, with another body it is refused.
 */
@Injectable()
export class FileDeclarations {
  constructor(
    private readonly store: ClearanceStore,
    private readonly clearances: ClearanceFactory,
    private readonly metrics: ClearanceMetrics,
  ) {}

  async file(platformId: string, items: readonly FilingItem[]): Promise<FilingOutcome[]> {
    const me = this.clearances.authority;
    // Checked before the transaction: the data standard is pure and needs no lock.
    const checked: Checked[] = items.map((item) => {
      const key = item.idempotencyKey;
      if (!isIdempotencyKey(key)) return { invalidKey: true };
      const hash = requestHash(item.declaration);
      const validation = validateDeclaration(item.declaration, new Date());
      if (!validation.ok) return { key, hash, errors: validation.errors };
      if (!participants(validation.declaration).some((p) => p.authority === me)) {
        return {
          key,
          hash,
          errors: [
            {
              pointer: '/route',
              code: 'NOT_ON_ROUTE',
              detail: `${me} is not on this declaration's route: file it with an authority of its route.`,
            },
          ],
        };
      }
      return { key, hash, declaration: validation.declaration, id: randomUUID() };
    });
    const keys = checked.flatMap((c) => ('key' in c ? [c.key] : []));
    const filings = checked.flatMap((c) => ('declaration' in c ? [c.declaration] : []));
    const version = currentStandard().version;

    const { outcomes, clearance } = await this.store.run('file-declarations', async (unit) => {
      await unit.lock({ idempotency: { platformId, keys }, filings });
      const used: Map<string, StoredFiling | { requestHash: string; filedId: string }> =
        await unit.idempotencyKeys(platformId, keys);
      const loaded = await unit.load({ declarationIds: [], filings });
      const clearance = this.clearances.create(loaded);
      const filed: { index: number; key: string; hash: string; id: string }[] = [];
      const traceparents = new Map<string, string>();
      const outcomes: (FilingOutcome | null)[] = checked.map((c, index) => {
        if ('invalidKey' in c) return { kind: 'invalid-key' };
        const before = used.get(c.key);
        if (before) {
          if (before.requestHash !== c.hash) return { kind: 'key-reused' };
          return 'filedId' in before
            ? null
            : { kind: 'replayed', statusCode: before.statusCode, response: before.response };
        }
        if ('errors' in c) return { kind: 'invalid', errors: c.errors };
        clearance.record([
          clearance.facts.declarationFiled(c.id, version, {
            platformId,
            platformRef: c.declaration.platformRef,
            declaration: c.declaration,
            participants: participants(c.declaration),
          }),
        ]);
        used.set(c.key, { requestHash: c.hash, filedId: c.id });
        const traceparent = items[index]?.traceparent;
        if (traceparent) traceparents.set(c.id, traceparent);
        filed.push({ index, key: c.key, hash: c.hash, id: c.id });
        return { kind: 'filed', declaration: resourceOf(clearance.get(c.id)) };
      });
      // A key used twice in one batch with the same body replays the first one's response.
      const responses = new Map(
        filed.map((f) => [f.key, (outcomes[f.index] as { declaration: DeclarationResource }).declaration]),
      );
      const final = outcomes.map(
        (o, index): FilingOutcome =>
          o ?? {
            kind: 'replayed',
            statusCode: 201,
            response: responses.get((checked[index] as { key: string }).key),
          },
      );
      await unit.save(clearance, loaded, {
        traceparents,
        idempotency: {
          platformId,
          filings: filed.map((f) => ({
            key: f.key,
            requestHash: f.hash,
            response: responses.get(f.key),
            declarationId: f.id,
          })),
        },
      });
      return { outcomes: final, clearance };
    });
    this.metrics.filed.inc(outcomes.filter((o) => o.kind === 'filed').length);
    this.clearances.committed(clearance);
    return outcomes;
  }
}
