import { Injectable } from '@nestjs/common';
import { type OwnBooksStore, unitOfWork } from '@gba/clearance';
import { inUnitOfWork } from '@gba/runtime';
import { cbecQuotaYear, type Declaration } from '@gba/standards';
import { DataSource, type EntityManager } from 'typeorm';
import {
  type CbecBooks,
  cbecBuyerOf,
  CbecLaw,
  fromCents,
  type LedgerEntry,
  type ReturnableEntry,
  toCents,
  totalKey,
} from './cbec-law';

/**
 * GZ's CBEC ledger in its database: the running total of each buyer and year, and one entry per
 * counted declaration (for returns). Loaded and saved for a unit of work with one statement per
 * table; the returns endpoint and the quota query read and change it directly.
 */
@Injectable()
export class CbecLedgerRepository implements OwnBooksStore<CbecBooks> {
  constructor(
    private readonly law: CbecLaw,
    private readonly dataSource: DataSource,
  ) {}

  private buyersOf(filings: readonly Declaration[], at: Date): { buyerKey: string; year: number }[] {
    const year = cbecQuotaYear(at);
    return filings.flatMap((d) => {
      const buyer = cbecBuyerOf(d);
      return buyer ? [{ buyerKey: this.law.buyerKey(buyer), year }] : [];
    });
  }

  lockKeys(filings: readonly Declaration[], at: Date): string[] {
    return this.buyersOf(filings, at).map((b) => `cbec:${totalKey(b.buyerKey, b.year)}`);
  }

  async load(
    manager: EntityManager,
    declarationIds: readonly string[],
    filings: readonly Declaration[],
    at: Date,
  ): Promise<CbecBooks> {
    const books: CbecBooks = { totals: new Map(), entries: new Map() };
    const buyers = this.buyersOf(filings, at);
    if (buyers.length > 0) {
      const rows: { buyer_key: string; year: number; used: string }[] = await manager.query(
        `SELECT l.buyer_key, l.year, l.used FROM cbec_ledger l
           JOIN unnest($1::text[], $2::int[]) AS b(buyer_key, year) USING (buyer_key, year)`,
        [buyers.map((b) => b.buyerKey), buyers.map((b) => b.year)],
      );
      for (const r of rows) {
        books.totals.set(totalKey(r.buyer_key, r.year), {
          buyerKey: r.buyer_key,
          year: r.year,
          usedCents: toCents(r.used),
          deltaCents: 0n,
        });
      }
    }
    if (declarationIds.length > 0) {
      const rows: {
        declaration_id: string;
        buyer_key: string;
        year: number;
        amount: string;
        duties: LedgerEntry['duties'];
        counted: boolean;
        released_at: Date | null;
      }[] = await manager.query(
        `SELECT declaration_id, buyer_key, year, amount, duties, counted, released_at
           FROM cbec_ledger_entries WHERE declaration_id = ANY($1::uuid[])`,
        [declarationIds],
      );
      for (const r of rows) {
        books.entries.set(r.declaration_id, {
          declarationId: r.declaration_id,
          buyerKey: r.buyer_key,
          year: r.year,
          amount: r.amount,
          duties: r.duties,
          counted: r.counted,
          releasedAt: r.released_at ? r.released_at.toISOString() : null,
          isNew: false,
          changed: false,
        });
      }
    }
    return books;
  }

  /** New entries, changed entries, then the totals (entries before totals, as returns lock them). */
  async save(manager: EntityManager, books: CbecBooks): Promise<void> {
    const entries = [...books.entries.values()].filter((e) => e.changed);
    const row = (e: LedgerEntry) => ({
      declaration_id: e.declarationId,
      buyer_key: e.buyerKey,
      year: e.year,
      amount: e.amount,
      duties: e.duties,
      counted: e.counted,
      released_at: e.releasedAt,
    });
    const inserted = entries.filter((e) => e.isNew).map(row);
    const updated = entries.filter((e) => !e.isNew).map(row);
    if (inserted.length > 0) {
      await manager.query(
        `INSERT INTO cbec_ledger_entries (declaration_id, buyer_key, year, amount, duties, counted, released_at)
         SELECT declaration_id, buyer_key, year, amount, duties, counted, released_at
           FROM jsonb_to_recordset($1::jsonb) AS e(declaration_id uuid, buyer_key text, year int, amount numeric,
             duties jsonb, counted boolean, released_at timestamptz)
         ON CONFLICT (declaration_id) DO NOTHING`,
        [JSON.stringify(inserted)],
      );
    }
    if (updated.length > 0) {
      await manager.query(
        // Buyer, year, amount and duties change only when an amendment replaced the entry.
        `UPDATE cbec_ledger_entries e SET counted = u.counted, released_at = u.released_at,
                buyer_key = u.buyer_key, year = u.year, amount = u.amount, duties = u.duties
           FROM jsonb_to_recordset($1::jsonb) AS u(declaration_id uuid, buyer_key text, year int, amount numeric,
             duties jsonb, counted boolean, released_at timestamptz)
          WHERE e.declaration_id = u.declaration_id`,
        [JSON.stringify(updated)],
      );
    }
    const totals = [...books.totals.values()].map((t) => ({
      buyer_key: t.buyerKey,
      year: t.year,
      delta: fromCents(t.deltaCents),
    }));
    if (totals.length > 0) {
      await manager.query(
        // Existing totals move by their delta; new ones (only ever a positive delta) are inserted.
        // Not an upsert: PostgreSQL checks used >= 0 on the proposed row before the conflict.
        `WITH t AS (
           SELECT * FROM jsonb_to_recordset($1::jsonb) AS t(buyer_key text, year int, delta numeric)
         ), moved AS (
           UPDATE cbec_ledger l SET used = l.used + t.delta FROM t
            WHERE l.buyer_key = t.buyer_key AND l.year = t.year RETURNING l.buyer_key, l.year
         )
         INSERT INTO cbec_ledger (buyer_key, year, used)
         SELECT buyer_key, year, delta FROM t
          WHERE NOT EXISTS (SELECT 1 FROM moved m WHERE m.buyer_key = t.buyer_key AND m.year = t.year)
         ON CONFLICT (buyer_key, year) DO NOTHING`,
        [JSON.stringify(totals)],
      );
    }
  }

  /** The CNY a buyer used in a year ("0.00" when none). */
  async used(buyerIdNumber: string, year: number): Promise<string> {
    const [row]: { used: string }[] = await inUnitOfWork('query', () =>
      this.dataSource.query('SELECT used FROM cbec_ledger WHERE buyer_key = $1 AND year = $2', [
        this.law.buyerKey(buyerIdNumber),
        year,
      ]),
    );
    return row?.used ?? '0';
  }

  /**
   * Whether `platformId` filed a retail import of this buyer that GZ assessed (counted or not):
   * a platform may see the quota of its own buyers only. Read by the buyer's keyed hash.
   */
  async isBuyerOf(buyerIdNumber: string, platformId: string): Promise<boolean> {
    const [row]: { filed: boolean }[] = await inUnitOfWork('query', () =>
      this.dataSource.query(
        `SELECT EXISTS (SELECT 1 FROM cbec_ledger_entries e JOIN declarations d ON d.id = e.declaration_id
                         WHERE e.buyer_key = $1 AND d.platform_id = $2) AS filed`,
        [this.law.buyerKey(buyerIdNumber), platformId],
      ),
    );
    return row?.filed === true;
  }

  /**
   * A platform's retail import for a return, row-locked until `act` commits; `act` may take it off
   * its buyer's total with `uncount`. Null when there is no such entry of that platform.
   */
  returning<T>(
    declarationId: string,
    platformId: string,
    act: (
      entry: ReturnableEntry | null,
      uncount: (at: Date, reason: string) => Promise<boolean>,
    ) => Promise<T>,
  ): Promise<T> {
    return unitOfWork(this.dataSource, 'platform-action', async (manager) => {
      const [entry]: { released_at: Date | null; counted: boolean; amount: string; duties: unknown }[] =
        await manager.query(
          `SELECT e.released_at, e.counted, e.amount, e.duties FROM cbec_ledger_entries e
             JOIN declarations d ON d.id = e.declaration_id
            WHERE e.declaration_id = $1 AND d.platform_id = $2 FOR UPDATE OF e`,
          [declarationId, platformId],
        );
      return act(
        entry
          ? {
              releasedAt: entry.released_at,
              counted: entry.counted,
              amount: entry.amount,
              duties: entry.duties,
            }
          : null,
        (at, reason) => this.uncount(manager, declarationId, at, reason),
      );
    });
  }

  /** Takes a returned declaration's amount off its buyer's total; false if it was not counted. */
  private async uncount(
    manager: EntityManager,
    declarationId: string,
    at: Date,
    reason: string,
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
      [declarationId, at, reason],
    );
    return rows.length > 0;
  }
}
