import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { problem, type ProblemDetails, SERVICE_CONFIG, type ServiceConfig } from '@gba/runtime';
import { currentStandard, participants, validateDeclaration } from '@gba/standards';
import { unitOfWork } from '../unit-of-work';
import { DataSource, type EntityManager } from 'typeorm';
import { canonicalJson } from '../canonical-json';
import { ClearanceRecorder } from '../lifecycle/clearance-recorder';
import { type DeclarationResource, loadDeclaration } from '../queries/declaration-resource';
import { FilingMetrics } from './filing-metrics';

export interface FilingResult {
  status: number;
  body: DeclarationResource | ProblemDetails;
  replayed: boolean;
}

export const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;
export const MAX_BATCH = 500;

/** The same body in another key order is the same request. */
export function requestHash(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

/**
 * Files declarations: validates the data standard, stores the declaration, this authority's own
 * assessment and the events for the partners, all in one transaction with the idempotency key.
 */
@Injectable()
export class DeclarationFiling {
  constructor(
    private readonly dataSource: DataSource,
    private readonly recorder: ClearanceRecorder,
    private readonly metrics: FilingMetrics,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  fileOne(platformId: string, key: string, body: unknown): Promise<FilingResult> {
    return unitOfWork(this.dataSource, (manager) => this.file(manager, platformId, key, body));
  }

  /** Up to 500 declarations in one transaction; each gets its own result, in input order. */
  fileBatch(
    platformId: string,
    items: { idempotencyKey: unknown; declaration: unknown }[],
  ): Promise<FilingResult[]> {
    return unitOfWork(this.dataSource, async (manager) => {
      const results: FilingResult[] = [];
      for (const [index, item] of items.entries()) {
        if (typeof item.idempotencyKey !== 'string' || !IDEMPOTENCY_KEY.test(item.idempotencyKey)) {
          results.push(invalidKey(`/${index}/idempotencyKey`));
          continue;
        }
        results.push(await this.file(manager, platformId, item.idempotencyKey, item.declaration));
      }
      return results;
    });
  }

  private async file(
    manager: EntityManager,
    platformId: string,
    key: string,
    body: unknown,
  ): Promise<FilingResult> {
    const hash = requestHash(body);
    // Taking the key first serialises concurrent requests with the same key on its row lock.
    const claimed: unknown[] = await manager.query(
      `INSERT INTO idempotency_keys (platform_id, key, request_hash, status_code, response)
       VALUES ($1, $2, $3, 0, 'null') ON CONFLICT (platform_id, key) DO NOTHING RETURNING key`,
      [platformId, key, hash],
    );
    if (claimed.length === 0) return this.replay(manager, platformId, key, hash);

    const validation = validateDeclaration(body);
    if (!validation.ok) {
      await this.release(manager, platformId, key);
      return {
        status: 422,
        body: problem(422, 'validation', 'The declaration breaks the data standard.', {
          errors: validation.errors,
        }),
        replayed: false,
      };
    }
    const declaration = validation.declaration;
    const route = participants(declaration);
    if (!route.some((p) => p.authority === this.config.authority)) {
      await this.release(manager, platformId, key);
      return {
        status: 422,
        body: problem(422, 'validation', 'The declaration breaks the data standard.', {
          errors: [
            {
              pointer: '/route',
              code: 'NOT_ON_ROUTE',
              detail: `${this.config.authority} is not on this declaration's route: file it with an authority of its route.`,
            },
          ],
        }),
        replayed: false,
      };
    }

    const id = randomUUID();
    const filed = this.recorder.events.declarationFiled({
      declarationId: id,
      platformId,
      platformRef: declaration.platformRef,
      declarationJson: JSON.stringify(declaration),
      participants: route,
      standardVersion: currentStandard().version,
    });
    await this.recorder.record(manager, [filed]);

    const resource = await loadDeclaration(manager, id);
    if (!resource) throw new Error(`declaration ${id} vanished inside its own filing transaction`);
    await manager.query(
      `UPDATE idempotency_keys SET status_code = 201, response = $3, declaration_id = $4
       WHERE platform_id = $1 AND key = $2`,
      [platformId, key, JSON.stringify(resource), id],
    );
    this.metrics.filed.inc();
    return { status: 201, body: resource, replayed: false };
  }

  private async replay(
    manager: EntityManager,
    platformId: string,
    key: string,
    hash: string,
  ): Promise<FilingResult> {
    const [row]: { request_hash: string; status_code: number; response: DeclarationResource }[] =
      await manager.query(
        'SELECT request_hash, status_code, response FROM idempotency_keys WHERE platform_id = $1 AND key = $2',
        [platformId, key],
      );
    if (!row || row.request_hash !== hash) {
      return {
        status: 409,
        body: problem(409, 'idempotency-key-reused', 'This Idempotency-Key was used with a different body.'),
        replayed: false,
      };
    }
    return { status: row.status_code, body: row.response, replayed: true };
  }

  /** A refused request does not keep its key: the platform may correct the body and retry with it. */
  private async release(manager: EntityManager, platformId: string, key: string): Promise<void> {
    await manager.query('DELETE FROM idempotency_keys WHERE platform_id = $1 AND key = $2', [
      platformId,
      key,
    ]);
  }
}

export function invalidKey(pointer: string): FilingResult {
  return {
    status: 400,
    body: problem(
      400,
      'idempotency-key',
      'An Idempotency-Key of 1–255 printable ASCII characters is required.',
      {
        errors: [{ pointer, code: 'IDEMPOTENCY_KEY_INVALID', detail: '1–255 printable ASCII characters' }],
      },
    ),
    replayed: false,
  };
}
