import type { DeclarationStatus } from '@gba/standards';
import type { DeclarationResource, DeclarationSummary } from './declaration-resource';

export interface DeclarationFilter {
  platformRef?: string;
  status?: DeclarationStatus;
  /** 1–200. */
  limit: number;
  /** The (filedAt, id) of the last item of the previous page. */
  after?: { filedAt: string; id: string };
}

/** Reads declarations as api.md shows them (a port; PostgreSQL in production). */
export abstract class DeclarationReader {
  /** The declaration, or null when not on record here (or, given a platform, not its own). */
  abstract get(id: string, platformId?: string): Promise<DeclarationResource | null>;
  /** A platform's own declarations, newest first. */
  abstract list(
    platformId: string,
    filter: DeclarationFilter,
  ): Promise<{ items: DeclarationSummary[]; nextCursor: string | null }>;
}
