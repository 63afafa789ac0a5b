import type { FindingCode } from '../config/types';
import type { Authority, Check } from '../types';

export type { FindingCode };

export type InspectionMethod = 'physical' | 'non-intrusive' | 'sampling' | 'document';
export type CheckOutcome = 'pass' | 'fail' | 'not-performed';

/** The common inspection record (domain.md): what one authority saw, reusable by the others. */
export interface InspectionResult {
  declarationId: string;
  inspectingAuthority: Authority;
  officerId: string;
  /** RFC 3339. */
  inspectedAt: string;
  /** UN/LOCODE of the place of inspection. */
  location: string;
  method: InspectionMethod;
  checks: { check: Check; outcome: CheckOutcome }[];
  /** Container numbers seen (ISO 6346); [] when not containerised. */
  containerNumbers: string[];
  /** Seal number seen, when sealed. */
  sealNumber?: string;
  /** E-lock id seen, when locked (SELS). */
  eLockId?: string;
  /** Required when a seal or e-lock is reported. */
  sealIntact?: boolean;
  findings: { code: FindingCode; detail: string }[];
  /** The standard version the inspection was performed under. */
  standardVersion: string;
}

/** One physical inspection for the whole route, at one authority (domain.md: one inspection). */
export interface InspectionPlan {
  declarationId: string;
  inspectingAuthority: Authority;
  /** Union of the checks every covered participant asked for, in canonical order. */
  checks: Check[];
  /** Authorities whose lane the plan's result answers, in route order. */
  participants: Authority[];
  standardVersion: string;
}
