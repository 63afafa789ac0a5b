import { Inject, Injectable } from '@nestjs/common';
import { type AuthorityPolicy, PersonalData } from '@gba/clearance';
import { SERVICE_CONFIG, type ServiceConfig } from '@gba/runtime';
import type { Assessment, AssessmentContext, Declaration } from '@gba/standards';
import type { EntityManager } from 'typeorm';

/** The calendar year of the CBEC limits is the mainland's (UTC+8). */
export function mainlandYear(at: Date): number {
  return new Date(at.getTime() + 8 * 3600_000).getUTCFullYear();
}

/**
 * GZ's own books on top of the common standard: the buyer's annual CBEC quota. The ledger row of
 * the buyer and year is locked from assessment to commit, so two declarations of one buyer are
 * assessed one after the other and can never together pass the annual limit.
 */
@Injectable()
export class CbecLedgerPolicy implements AuthorityPolicy {
  readonly authority = 'GZ' as const;

  private readonly personalData: PersonalData;

  constructor(@Inject(SERVICE_CONFIG) config: ServiceConfig) {
    this.personalData = new PersonalData(config.piiKey);
  }

  /** Buyers are known to the ledger by a keyed hash of their ID number, never in clear. */
  buyerKey(idNumber: string): string {
    return this.personalData.keyedHash(idNumber);
  }

  async assessmentContext(
    manager: EntityManager,
    declaration: Declaration,
  ): Promise<Partial<AssessmentContext>> {
    const buyer = declaration.ecommerce?.order.buyerIdNumber;
    if (!buyer || declaration.route.destination !== 'CN') return {};
    const key = this.buyerKey(buyer);
    const year = mainlandYear(new Date());
    await manager.query('INSERT INTO cbec_ledger (buyer_key, year) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
      key,
      year,
    ]);
    const [row]: { used: string }[] = await manager.query(
      'SELECT used FROM cbec_ledger WHERE buyer_key = $1 AND year = $2 FOR UPDATE',
      [key, year],
    );
    return { buyerAnnualUsedCny: row?.used ?? '0' };
  }

  async afterAssessment(
    manager: EntityManager,
    declaration: Declaration,
    assessment: Assessment,
  ): Promise<void> {
    const buyer = declaration.ecommerce?.order.buyerIdNumber;
    if (!buyer || !assessment.cbecQuotaValueCny || assessment.rejected) return;
    const key = this.buyerKey(buyer);
    const year = mainlandYear(new Date(assessment.assessedAt));
    const cbecDuties = assessment.duties.filter((d) => d.currency === 'CNY');
    const entered: unknown[] = await manager.query(
      `INSERT INTO cbec_ledger_entries (declaration_id, buyer_key, year, amount, duties) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (declaration_id) DO NOTHING RETURNING declaration_id`,
      [assessment.declarationId, key, year, assessment.cbecQuotaValueCny, JSON.stringify(cbecDuties)],
    );
    if (entered.length === 0) return;
    await manager.query('UPDATE cbec_ledger SET used = used + $3 WHERE buyer_key = $1 AND year = $2', [
      key,
      year,
      assessment.cbecQuotaValueCny,
    ]);
  }

  /** Release starts the 30-day return window; a rejection gives the quota back. */
  async afterDecision(
    manager: EntityManager,
    declarationId: string,
    decision: string,
    at: string,
  ): Promise<void> {
    if (decision === 'RELEASED') {
      await manager.query('UPDATE cbec_ledger_entries SET released_at = $2 WHERE declaration_id = $1', [
        declarationId,
        at,
      ]);
    } else if (decision === 'REJECTED') {
      await this.uncount(manager, declarationId);
    }
  }

  /** Takes a declaration's amount off its buyer's total (rejection or return); false if not counted. */
  async uncount(
    manager: EntityManager,
    declarationId: string,
    returned?: { at: Date; reason: string },
  ): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `WITH entry AS (
         UPDATE cbec_ledger_entries SET counted = false, returned_at = $2, return_reason = $3
         WHERE declaration_id = $1 AND counted RETURNING buyer_key, year, amount
       ), total AS (
         UPDATE cbec_ledger l SET used = l.used - entry.amount FROM entry
         WHERE l.buyer_key = entry.buyer_key AND l.year = entry.year RETURNING l.used
       )
       SELECT used FROM total`,
      [declarationId, returned?.at ?? null, returned?.reason ?? null],
    );
    return rows.length > 0;
  }
}
