import type { Declaration } from '@gba/standards';
import type { EntityManager } from 'typeorm';

/**
 * Where an authority keeps the books of its own law (e.g. GZ's CBEC ledger): the declarations of
 * a unit of work are given, the books come back as one in-memory object, changed by the pure
 * {@link OwnLaw} functions and saved at the end, each with one statement per table.
 */
export interface OwnBooksStore<Books = unknown> {
  /**
   * Advisory-lock keys for the books these declarations touch (e.g. buyer and year), so that
   * concurrent units touching the same books take turns.
   */
  lockKeys(filings: readonly Declaration[], at: Date): string[];
  /** The books for the declarations of the unit (`filings`: those that may be assessed in it). */
  load(
    manager: EntityManager,
    declarationIds: readonly string[],
    filings: readonly Declaration[],
    at: Date,
  ): Promise<Books>;
  save(manager: EntityManager, books: Books): Promise<void>;
}
