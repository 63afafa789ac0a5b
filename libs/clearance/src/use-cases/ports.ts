import type { Declaration, RiskTarget } from '@gba/standards';
import type { AuditNote, Clearance, DeclarationRecord, OwnLaw } from '@gba/clearance-domain';

/** What a unit of work locks: every key is taken at once, in a fixed order. */
export interface LockRequest {
  declarationIds?: readonly string[];
  /** Idempotency keys of one platform's filings. */
  idempotency?: { platformId: string; keys: readonly string[] };
  /**
   * Declarations that may be assessed here: the own law's books they touch (e.g. the buyer's CBEC
   * year). Consignors are not locked: two first filings of a new consignor at the same moment are
   * both first-time, as neither saw the other.
   */
  filings?: readonly Declaration[];
}

/** What a unit of work loads: one query per table, for all its declarations at once. */
export interface LoadRequest {
  declarationIds: readonly string[];
  /** Of those, the ones whose declaration itself is needed (see `needsDeclaration`); all if absent. */
  withDeclaration?: readonly string[];
  filings: readonly Declaration[];
}

export interface Loaded {
  records: ReadonlyMap<string, DeclarationRecord>;
  riskTargets: readonly RiskTarget[];
  /** Consignor identifiers of the filings seen before. */
  knownConsignors: ReadonlySet<string>;
  law?: OwnLaw;
  books?: unknown;
}

/** An idempotency key as stored: the request it was first used with and the response given. */
export interface StoredFiling {
  requestHash: string;
  statusCode: number;
  response: unknown;
}

/** What a unit of work writes besides the clearance records and facts. */
export interface UnitExtras {
  /** Received events to enter in the inbox. */
  inbox?: readonly { eventId: string; topic: string; declarationId: string }[];
  /** Filings accepted in this unit, under their idempotency keys. */
  idempotency?: {
    platformId: string;
    filings: readonly { key: string; requestHash: string; response: unknown; declarationId: string }[];
  };
  /** The trace context of what caused each declaration's new facts (else the active one). */
  traceparents?: ReadonlyMap<string, string>;
  /** Audit entries beyond the decisions the clearance took. */
  audit?: readonly AuditNote[];
}

/** One unit of work's access to the store: lock, load, save, once each. */
export interface StoreUnit {
  lock(request: LockRequest): Promise<void>;
  load(request: LoadRequest): Promise<Loaded>;
  /** Of these received event ids, those applied before. */
  appliedBefore(eventIds: readonly string[]): Promise<Set<string>>;
  idempotencyKeys(platformId: string, keys: readonly string[]): Promise<Map<string, StoredFiling>>;
  /** The declaration an inspection task of this authority belongs to. */
  declarationOfTask(taskId: string): Promise<string | null>;
  /** Writes every change of the clearance (and the extras) with one statement per table. */
  save(clearance: Clearance, loaded: Loaded, extras?: UnitExtras): Promise<void>;
}

/** The kinds of unit of work, as counted in `db_statements_total{unit}`. */
export type UnitKind =
  | 'file-declarations'
  | 'partner-events'
  | 'officer-action'
  | 'platform-action'
  | 'query';

/** The store of this authority's clearance records (PostgreSQL in production). */
export abstract class ClearanceStore {
  /** Runs `work` as one transaction, retried whole on deadlock or serialization failure. */
  abstract run<T>(kind: UnitKind, work: (unit: StoreUnit) => Promise<T>): Promise<T>;
  /** Risk targets changed here: the next assessment must see them. */
  abstract riskTargetsChanged(): void;
}
