import { Inject, Injectable, Optional } from '@nestjs/common';
import { currentTraceparent, eventsTopic, insertOutboxRows } from '@gba/messaging';
import { SERVICE_CONFIG, type ServiceConfig } from '@gba/runtime';
import type { RiskTarget } from '@gba/standards';
import { DataSource, type EntityManager } from 'typeorm';
import { type Clearance, type ClearanceFact, consignorIdsOf, type OwnLaw } from '@gba/clearance-domain';
import type {
  Loaded,
  LoadRequest,
  LockRequest,
  StoredFiling,
  StoreUnit,
  UnitExtras,
} from '../../use-cases/ports';
import { ClearanceStore, type UnitKind } from '../../use-cases/ports';
import { encodeFact } from '../events/fact-mapper';
import { appendAuditEntries } from './audit-trail.repository';
import {
  appliedBefore,
  knownConsignors,
  loadRecords,
  lockKeys,
  recordInInbox,
  rememberConsignors,
  riskTargetsInForce,
  saveRecords,
} from './clearance.repository';
import { claimedFilings, storeFilings } from './idempotency.repository';
import { saveNotifications } from './notifications.repository';
import type { OwnBooksStore } from './own-books.store';
import { PersonalData } from './personal-data';
import { unitOfWork } from './unit-of-work';

/** Injection tokens of an authority's own law and the store of its books. */
export const OWN_LAW = Symbol('OWN_LAW');
export const OWN_BOOKS_STORE = Symbol('OWN_BOOKS_STORE');

const RISK_TARGETS_TTL_MS = 1000;

/**
 * Writes this authority's new facts to the outbox with ONE statement, each with the trace context
 * of what caused it, so that a trace follows each declaration through Kafka into the partners.
 */
async function enqueueOwnFacts(
  manager: EntityManager,
  topic: string,
  facts: readonly ClearanceFact[],
  traceparents: ReadonlyMap<string, string> = new Map(),
): Promise<void> {
  if (facts.length === 0) return;
  const active = currentTraceparent() ?? null;
  await insertOutboxRows(
    manager,
    facts.map((fact) => ({
      eventId: fact.eventId,
      topic,
      messageKey: fact.declarationId,
      payload: encodeFact(fact),
      traceparent: traceparents.get(fact.declarationId) ?? active,
    })),
  );
}

/** The clearance records in this authority's PostgreSQL database. */
@Injectable()
export class PostgresClearanceStore extends ClearanceStore {
  private readonly personalData: PersonalData;
  private readonly topic: string;
  private riskTargets: { at: number; targets: RiskTarget[] } | null = null;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    @Optional() @Inject(OWN_LAW) private readonly law?: OwnLaw,
    @Optional() @Inject(OWN_BOOKS_STORE) private readonly books?: OwnBooksStore,
  ) {
    super();
    this.personalData = new PersonalData(config.piiKey);
    this.topic = eventsTopic(config.authority, config.topicPrefix);
  }

  run<T>(kind: UnitKind, work: (unit: StoreUnit) => Promise<T>): Promise<T> {
    return unitOfWork(this.dataSource, kind, (manager) => work(this.unit(manager)));
  }

  riskTargetsChanged(): void {
    this.riskTargets = null;
  }

  private async targetsInForce(manager: EntityManager): Promise<RiskTarget[]> {
    const now = Date.now();
    if (!this.riskTargets || now - this.riskTargets.at > RISK_TARGETS_TTL_MS) {
      this.riskTargets = { at: now, targets: await riskTargetsInForce(manager) };
    }
    return this.riskTargets.targets.filter((t) => new Date(t.expiresAt).getTime() > now);
  }

  private unit(manager: EntityManager): StoreUnit {
    const pii = this.personalData;
    return {
      lock: (request: LockRequest) => {
        const filings = request.filings ?? [];
        return lockKeys(manager, [
          ...(request.declarationIds ?? []).map((id) => `declaration:${id}`),
          ...(request.idempotency?.keys ?? []).map(
            (key) => `idempotency:${request.idempotency?.platformId}:${key}`,
          ),
          ...(filings.length > 0 && this.books ? this.books.lockKeys(filings, new Date()) : []),
        ]);
      },
      load: async (request: LoadRequest): Promise<Loaded> => {
        const records = await loadRecords(manager, request.declarationIds, pii, request.withDeclaration);
        const assessing = request.filings.length > 0;
        const consignors = request.filings.flatMap(consignorIdsOf);
        return {
          records,
          riskTargets: assessing ? await this.targetsInForce(manager) : [],
          knownConsignors: assessing ? await knownConsignors(manager, consignors, pii) : new Set(),
          law: this.law,
          books: this.books
            ? await this.books.load(manager, request.declarationIds, request.filings, new Date())
            : undefined,
        };
      },
      appliedBefore: (eventIds) => appliedBefore(manager, eventIds),
      idempotencyKeys: (platformId, keys): Promise<Map<string, StoredFiling>> =>
        claimedFilings(manager, platformId, keys),
      declarationOfTask: async (taskId) => {
        const [row]: { declaration_id: string }[] = await manager.query(
          'SELECT declaration_id FROM inspection_tasks WHERE id = $1',
          [taskId],
        );
        return row?.declaration_id ?? null;
      },
      save: async (clearance: Clearance, loaded: Loaded, extras: UnitExtras = {}) => {
        const changed = [...clearance.changed].map((id) => clearance.get(id));
        await saveRecords(manager, changed, loaded.records, pii);
        await saveNotifications(manager, this.config.authority, loaded.records, changed);
        await enqueueOwnFacts(manager, this.topic, clearance.published, extras.traceparents);
        if (extras.inbox) await recordInInbox(manager, extras.inbox);
        if (extras.idempotency) await storeFilings(manager, extras.idempotency);
        await rememberConsignors(
          manager,
          [...clearance.knownConsignors].filter((id) => !loaded.knownConsignors.has(id)),
          pii,
        );
        if (this.books && loaded.books !== undefined) await this.books.save(manager, loaded.books);
        await appendAuditEntries(
          manager,
          [...(extras.audit ?? []), ...clearance.audit].map((a) => ({
            authority: this.config.authority,
            ...a,
          })),
        );
      },
    };
  }
}
