import { Inject, Injectable } from '@nestjs/common';
import { type OwnLaw, personalDataKeys } from '@gba/clearance';
import { SERVICE_CONFIG, type ServiceConfig } from '@gba/runtime';
import {
  type Assessment,
  type AssessmentContext,
  cbecBuyerKey,
  cbecQuotaYear,
  type Declaration,
  isCbecReturnInTime,
  readDateTime,
  standardFor,
} from '@gba/standards';

/** A buyer's running total of one (mainland) calendar year, in CNY cents. */
export interface LedgerTotal {
  buyerKey: string;
  year: number;
  /** Used as loaded plus what this unit added; unknown (null) when not loaded. */
  usedCents: bigint | null;
  /** What this unit adds (negative: gives back). */
  deltaCents: bigint;
}

/**
 * One retail import into the mainland GZ assessed, with its buyer's key: counted against the
 * buyer's quota unless rejected (at assessment or later) or returned.
 */
export interface LedgerEntry {
  declarationId: string;
  buyerKey: string;
  year: number;
  /** CNY, two decimals. */
  amount: string;
  /** The CNY duties of the assessment: refunded on a return. */
  duties: Assessment['duties'];
  /** Whether `amount` is in the buyer's total of `year`. */
  counted: boolean;
  releasedAt: string | null;
  /** Not yet stored. */
  isNew: boolean;
  changed: boolean;
  /**
   * Of a version an amendment replaced in this unit (issue 13): uncounted, and the assessment of
   * the new version takes its place (in memory only).
   */
  superseded?: boolean;
}

/** GZ's books as a unit of work holds them: totals by `buyerKey|year`, entries by declaration. */
export interface CbecBooks {
  totals: Map<string, LedgerTotal>;
  entries: Map<string, LedgerEntry>;
}

export const totalKey = (buyerKey: string, year: number) => `${buyerKey}|${year}`;

/** Non-negative CNY amounts as integer cents: exact, never binary fractions. */
export function toCents(amount: string): bigint {
  const [units = '0', cents = ''] = amount.split('.');
  return BigInt(units) * 100n + BigInt(cents.padEnd(2, '0').slice(0, 2));
}

export function fromCents(cents: bigint): string {
  const sign = cents < 0n ? '-' : '';
  const abs = cents < 0n ? -cents : cents;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

/** The buyer of a mainland retail import (destination CN), or null. */
export function cbecBuyerOf(declaration: Declaration): string | null {
  const buyer = declaration.ecommerce?.order.buyerIdNumber;
  return buyer && declaration.route.destination === 'CN' ? buyer : null;
}

/**
 * GZ's own law on top of the common standard: the buyer's annual CBEC quota. Pure over the books
 * of a unit of work; the store locks a buyer's year for the whole unit, so two declarations of one
 * buyer are assessed one after the other and can never together pass the annual limit.
 */
@Injectable()
export class CbecLaw implements OwnLaw<CbecBooks> {
  /** The hashing key of personal data (HKDF from PII_KEY), as for every keyed hash of an identifier. */
  private readonly secret: Buffer;

  constructor(@Inject(SERVICE_CONFIG) config: ServiceConfig) {
    this.secret = personalDataKeys(config.piiKey).hashing;
  }

  /** Buyers are known to the ledger by a keyed hash of their ID number, never in clear. */
  buyerKey(idNumber: string): string {
    return cbecBuyerKey(idNumber, this.secret);
  }

  private total(books: CbecBooks, buyerKey: string, year: number): LedgerTotal {
    const key = totalKey(buyerKey, year);
    let total = books.totals.get(key);
    if (!total) {
      total = { buyerKey, year, usedCents: null, deltaCents: 0n };
      books.totals.set(key, total);
    }
    return total;
  }

  assessmentContext(
    books: CbecBooks,
    declaration: Declaration,
    _id: string,
    at: Date,
  ): Partial<AssessmentContext> {
    const buyer = cbecBuyerOf(declaration);
    if (!buyer) return {};
    const total = this.total(books, this.buyerKey(buyer), cbecQuotaYear(at));
    total.usedCents ??= 0n;
    return { buyerAnnualUsedCny: fromCents(total.usedCents) };
  }

  /**
   * Counts an assessed retail import against its buyer's year. A rejected one is entered too, not
   * counted: the entry is what tells which platforms filed for a buyer (quotaVisibleTo).
   */
  afterAssessment(books: CbecBooks, declaration: Declaration, assessment: Assessment): void {
    const buyer = cbecBuyerOf(declaration);
    if (!buyer || !assessment.cbecQuotaValueCny) return;
    const previous = books.entries.get(assessment.declarationId);
    if (previous && !previous.superseded) return;
    const buyerKey = this.buyerKey(buyer);
    const year = cbecQuotaYear(assessment.assessedAt);
    const amount = toCents(assessment.cbecQuotaValueCny);
    const counted = !assessment.rejected;
    books.entries.set(assessment.declarationId, {
      declarationId: assessment.declarationId,
      buyerKey,
      year,
      amount: assessment.cbecQuotaValueCny,
      duties: assessment.duties.filter((d) => d.currency === 'CNY'),
      counted,
      releasedAt: null,
      isNew: previous?.isNew ?? true,
      changed: true,
    });
    if (!counted) return;
    const total = this.total(books, buyerKey, year);
    total.usedCents = (total.usedCents ?? 0n) + amount;
    total.deltaCents += amount;
  }

  /** Release starts the return window; a rejection gives the quota back. */
  afterDecision(books: CbecBooks, declarationId: string, decision: string, at: string): void {
    const entry = books.entries.get(declarationId);
    if (!entry) return;
    if (decision === 'RELEASED') {
      entry.releasedAt = at;
      entry.changed = true;
    } else if (decision === 'REJECTED') {
      this.uncount(books, entry);
    }
  }

  /**
   * A cancellation of an import GZ had not released (issue 13) gives the buyer's quota back, as a
   * rejection does; the entry stays (it still tells which platform filed for the buyer).
   */
  afterCancellation(books: CbecBooks, declarationId: string): void {
    const entry = books.entries.get(declarationId);
    if (entry && !entry.releasedAt) this.uncount(books, entry);
  }

  /**
   * An amendment of an import GZ had not released (issue 13): the old version's value comes off
   * the buyer's total before the new version is assessed, whose value then takes the entry's place
   * (afterAssessment), so the ledger counts the amended value, never both. The store must have
   * loaded the buyer's total (the amended declaration is among the unit's filings).
   */
  afterAmendment(books: CbecBooks, declarationId: string): void {
    const entry = books.entries.get(declarationId);
    if (!entry || entry.releasedAt) return;
    this.uncount(books, entry);
    entry.superseded = true;
  }

  /** Takes a counted entry off its buyer's total (loaded or not: the store applies the delta). */
  private uncount(books: CbecBooks, entry: LedgerEntry): void {
    if (!entry.counted) return;
    entry.counted = false;
    entry.changed = true;
    const total = this.total(books, entry.buyerKey, entry.year);
    const amount = toCents(entry.amount);
    if (total.usedCents !== null) total.usedCents -= amount;
    total.deltaCents -= amount;
  }
}

/** A retail import's ledger entry as a return meets it (row-locked by the store). */
export interface ReturnableEntry {
  releasedAt: Date | null;
  counted: boolean;
  /** CNY, two decimals: the quota a return gives back. */
  amount: string;
  /** The CNY duties of the assessment: what a return refunds. */
  duties: unknown;
}

/** How far ahead of GZ's clock a return may be dated: the sender's clock may run a little fast. */
export const RETURN_CLOCK_SKEW_MS = 5 * 60_000;

/** Why a return's date is refused: not RFC 3339 (with the reason), or later than now. */
export type ReturnDateProblem = { code: 'TIME_INVALID' | 'TIME_IN_FUTURE'; detail: string };

/**
 * Reads a return's `returnedAt`: an RFC 3339 date-time with its offset (the standard's strict
 * reader: no 30 February, no local time without offset), not later than `now` plus
 * RETURN_CLOCK_SKEW_MS. The instant, or the problem for the 422 at `/returnedAt`.
 */
export function readReturnDate(value: unknown, now: Date): { at: Date } | { problem: ReturnDateProblem } {
  const read = readDateTime(value);
  if (!read.ok) return { problem: { code: 'TIME_INVALID', detail: `An RFC 3339 time: ${read.detail}.` } };
  if (read.ms > now.getTime() + RETURN_CLOCK_SKEW_MS)
    return { problem: { code: 'TIME_IN_FUTURE', detail: 'A return cannot be dated in the future.' } };
  return { at: new Date(read.ms) };
}

/** What GZ answers a return: what it gives back, or why it refuses (`RETURN_NOT_ALLOWED`). */
export type ReturnDecision =
  | { accepted: true; quotaRestored: string; taxRefunded: unknown }
  | { accepted: false; detail: string };

/**
 * GZ's rule for a retail return of a released import (domain.md § Mainland cross-border
 * e-commerce retail imports (GZ), "Limits": "A return within 30 days of release restores quota";
 * api.md POST /declarations/{id}/returns: "later → 422 with the reason"). Accepted only for an
 * import released and still counted, dated no earlier than its release and in time by the
 * standard's window in force at release (`isCbecReturnInTime`: calendar days in UTC+8, not
 * multiples of 24 hours). Pure; the store then takes the amount off the buyer's total.
 */
export function decideReturn(entry: ReturnableEntry, returnedAt: Date): ReturnDecision {
  const refuse = (detail: string): ReturnDecision => ({ accepted: false, detail });
  if (!entry.releasedAt) return refuse('The goods were not released: there is nothing to return.');
  if (!entry.counted) return refuse('This declaration was already returned or rejected.');
  if (returnedAt.getTime() < entry.releasedAt.getTime())
    return refuse('The return is dated before the release.');
  const standard = standardFor(entry.releasedAt);
  if (!isCbecReturnInTime(entry.releasedAt, returnedAt, standard))
    return refuse(
      `The return is more than ${standard.cbec.returnWindowDays} calendar days (UTC+8) after release (${entry.releasedAt.toISOString()}).`,
    );
  return { accepted: true, quotaRestored: entry.amount, taxRefunded: entry.duties };
}

/** A buyer's annual quota as GZ answers it (api.md `GET /cbec/quota`): CNY, two decimals. */
export interface CbecQuota {
  year: number;
  used: string;
  remaining: string;
  currency: 'CNY';
}

/**
 * The quota of a buyer who used `usedCny` in the quota year of `at` (cbecQuotaYear: the mainland
 * calendar year), against the annual limit of the standard in force at `at`; never below zero.
 */
export function cbecQuota(usedCny: string, at: Date): CbecQuota {
  const usedCents = toCents(usedCny);
  const left = toCents(standardFor(at).cbec.annualLimitCny) - usedCents;
  return {
    year: cbecQuotaYear(at),
    used: fromCents(usedCents),
    remaining: fromCents(left > 0n ? left : 0n),
    currency: 'CNY',
  };
}
