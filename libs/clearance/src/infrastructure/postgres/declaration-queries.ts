import type { DeclarationStatus } from '@gba/standards';
import { Injectable } from '@nestjs/common';
import { inUnitOfWork } from '@gba/runtime';
import { DataSource, type EntityManager } from 'typeorm';
import {
  DeclarationReader,
  type DeclarationFilter,
} from '../../use-cases/query-declarations/declaration-reader';
import {
  type DeclarationResource,
  type DeclarationSummary,
  encodeCursor,
  type HistoryView,
  type ParticipantView,
} from '../../use-cases/query-declarations/declaration-resource';
import { iso } from './sql';

const ROLE_ORDER = `CASE role WHEN 'export' THEN 0 WHEN 'transit' THEN 1 ELSE 2 END`;

export async function loadDeclaration(
  manager: EntityManager,
  id: string,
  platformId?: string,
): Promise<DeclarationResource | null> {
  const [row]: Omit<DeclarationResource, 'participants' | 'history'>[] = await manager.query(
    `SELECT id, platform_ref AS "platformRef", status, filed_with AS "filedWith", trade_mode AS "tradeMode",
            ${iso('filed_at')} AS "filedAt", version
       FROM declarations WHERE id = $1 AND ($2::text IS NULL OR platform_id = $2)`,
    [id, platformId ?? null],
  );
  if (!row) return null;
  const participants: ParticipantView[] = await manager.query(
    `SELECT authority, role, status, lane, reasons, duties, ${iso('decided_at')} AS "decidedAt"
       FROM participants WHERE declaration_id = $1 ORDER BY ${ROLE_ORDER}, authority`,
    [id],
  );
  // Time order; facts of the same instant in the order they were recorded (the serial id), as
  // resourceOf shows a record in memory: never by their random event ids.
  const history: HistoryView[] = await manager.query(
    `SELECT event_id AS "eventId", authority, type, ${iso('occurred_at')} AS "occurredAt", detail
       FROM history WHERE declaration_id = $1 ORDER BY occurred_at, id`,
    [id],
  );
  return { ...row, participants, history };
}

export async function listDeclarations(
  manager: EntityManager,
  platformId: string,
  filter: {
    platformRef?: string;
    status?: DeclarationStatus;
    limit: number;
    after?: { filedAt: string; id: string };
  },
): Promise<{ items: DeclarationSummary[]; nextCursor: string | null }> {
  const rows: {
    id: string;
    platform_ref: string;
    status: DeclarationStatus;
    filed_with: string;
    filed_at: Date;
  }[] = await manager.query(
    `SELECT id, platform_ref, status, filed_with, filed_at FROM declarations
       WHERE platform_id = $1
         AND ($2::text IS NULL OR platform_ref = $2)
         AND ($3::text IS NULL OR status = $3)
         AND ($4::timestamptz IS NULL OR (filed_at, id) < ($4::timestamptz, $5::uuid))
       ORDER BY filed_at DESC, id DESC LIMIT $6`,
    [
      platformId,
      filter.platformRef ?? null,
      filter.status ?? null,
      filter.after?.filedAt ?? null,
      filter.after?.id ?? null,
      filter.limit + 1,
    ],
  );
  const page = rows.slice(0, filter.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({
      id: r.id,
      platformRef: r.platform_ref,
      status: r.status,
      filedWith: r.filed_with,
      filedAt: r.filed_at.toISOString(),
    })),
    nextCursor: rows.length > filter.limit && last ? encodeCursor(last.filed_at, last.id) : null,
  };
}

/** The declarations of this authority's database. */
@Injectable()
export class PostgresDeclarationReader extends DeclarationReader {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  get(id: string, platformId?: string): Promise<DeclarationResource | null> {
    return inUnitOfWork('query', () => loadDeclaration(this.dataSource.manager, id, platformId));
  }

  list(platformId: string, filter: DeclarationFilter) {
    return inUnitOfWork('query', () => listDeclarations(this.dataSource.manager, platformId, filter));
  }
}
