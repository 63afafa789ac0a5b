import { Inject, Injectable } from '@nestjs/common';
import type { OwnLaw } from '@gba/clearance';
import { SERVICE_CONFIG, type ServiceConfig } from '@gba/runtime';
import {
  type Assessment,
  type AssessmentContext,
  cbecBuyerKey,
  cbecQuotaYear,
  type Declaration,
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

/** One retail import counted against its buyer's quota. */
export interface LedgerEntry {
  declarationId: string;
  buyerKey: string;
  year: number;
  /** CNY, two decimals. */
  amount: string;
  /** The CNY duties of the assessment: refunded on a return. */
  duties: Assessment['duties'];
  counted: boolean;
  releasedAt: string | null;
  /** Not yet stored. */
  isNew: boolean;
  changed: boolean;
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
  private readonly secret: string;

  constructor(@Inject(SERVICE_CONFIG) config: ServiceConfig) {
    this.secret = config.piiKey;
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

  afterAssessment(books: CbecBooks, declaration: Declaration, assessment: Assessment): void {
    const buyer = declaration.ecommerce?.order.buyerIdNumber;
    if (!buyer || !assessment.cbecQuotaValueCny || assessment.rejected) return;
    if (books.entries.has(assessment.declarationId)) return;
    const buyerKey = this.buyerKey(buyer);
    const year = cbecQuotaYear(assessment.assessedAt);
    const amount = toCents(assessment.cbecQuotaValueCny);
    books.entries.set(assessment.declarationId, {
      declarationId: assessment.declarationId,
      buyerKey,
      year,
      amount: assessment.cbecQuotaValueCny,
      duties: assessment.duties.filter((d) => d.currency === 'CNY'),
      counted: true,
      releasedAt: null,
      isNew: true,
      changed: true,
    });
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
    } else if (decision === 'REJECTED' && entry.counted) {
      entry.counted = false;
      entry.changed = true;
      const total = this.total(books, entry.buyerKey, entry.year);
      const amount = toCents(entry.amount);
      if (total.usedCents !== null) total.usedCents -= amount;
      total.deltaCents -= amount;
    }
  }
}
