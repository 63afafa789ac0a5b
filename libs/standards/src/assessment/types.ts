import type { Standard } from '../config/types';
import type { Authority, Check, Lane, Role } from '../types';

/** A selectivity criterion an authority's supervisors set (api.md POST /risk/targets). */
export interface RiskTarget {
  id: string;
  /** Every given criterion must match; a target with none matches nothing. */
  match: {
    /** Any identifier of consignor or consignee: USCC, business registration number, registration number, ID number. */
    partyId?: string;
    /** Leading digits of any item's HS-6 or of its national code at the assessing authority. */
    hsPrefix?: string;
    originCountry?: string;
  };
  lane: 'YELLOW' | 'RED';
  reason: string;
  expiresAt: Date | string;
  /** Targets apply to declarations assessed after they were set. */
  setAt?: Date | string;
}

/** The e-lock or seal as the import side saw it on arrival (SELS). */
export interface ELockVerification {
  lockId: string;
  sealNumber: string;
  intact: boolean;
}

/** What an assessment needs besides the declaration: history, time and secrets, supplied by the caller. */
export interface AssessmentContext {
  /** The declaration's id (random selection and the records are keyed by it). */
  declarationId: string;
  /** Time of assessment: RFC 3339 or a Date. It picks the standard version, rates and arrangements in force. */
  assessedAt: Date | string;
  /** Secret key of the keyed random selection (HMAC-SHA256). */
  selectionKey: string;
  /** Replay under a named version instead of the one in force at assessedAt. */
  standardVersion?: string;
  /** An explicit standard object, e.g. with an operator-loaded positive list (withPositiveList). */
  standard?: Standard;
  /** No earlier declaration from this consignor: raises the random-selection rates. */
  firstTimeConsignor?: boolean;
  /** CBEC quota the buyer used this calendar year, CNY decimal string; default "0". */
  buyerAnnualUsedCny?: string;
  /** The assessing authority's own targets; expired ones are ignored. */
  riskTargets?: readonly RiskTarget[];
  /** The seal check on arrival, when one was made. */
  eLock?: ELockVerification;
}

export interface Reason {
  ruleId: string;
  detail: string;
  /** The goods item concerned, when the rule looks at items. */
  line?: number;
  /** The risk target that fired. */
  targetId?: string;
}

export type DutyCode =
  | 'CN_CUSTOMS_DUTY'
  | 'CN_CONSUMPTION_TAX'
  | 'CN_IMPORT_VAT'
  | 'HK_LIQUOR_DUTY'
  | 'HK_DECLARATION_CHARGE'
  | 'MO_CONSUMPTION_TAX';

export interface Duty {
  code: DutyCode;
  /** Decimal string, two decimals. */
  amount: string;
  currency: 'CNY' | 'HKD' | 'MOP';
  /** The rule that computed it. */
  ruleId: string;
}

/** One authority's assessment of one declaration. JSON-serialisable; replayable from its inputs. */
export interface Assessment {
  declarationId: string;
  authority: Authority;
  role: Role;
  /** Position of this participant along the route (0 = first). */
  sequence: number;
  lane: Lane;
  /** Rule ids that fired (lane rules, rejections, indicators), 'RANDOM' when random selection raised the lane. */
  ruleIds: string[];
  reasons: Reason[];
  /** What this authority wants checked in its lane (YELLOW or RED), in canonical order. */
  checks: Check[];
  /** RED from this authority's own reserved categories: it inspects itself, outside any joint plan. */
  reserved: boolean;
  duties: Duty[];
  /** Permit types restricted goods still need. */
  permitsMissing: string[];
  /** A business rejection (prohibited goods, CBEC limits, positive list): decided REJECTED. */
  rejected: { ruleIds: string[] } | null;
  standardVersion: string;
  /** Edition of the positive list applied (mainland retail imports only). */
  positiveListEdition?: string;
  /** Value counted against the buyer's annual CBEC quota (mainland retail imports only), CNY. */
  cbecQuotaValueCny?: string;
  /** RFC 3339, UTC. */
  assessedAt: string;
}
