import { Injectable } from '@nestjs/common';
import { inUnitOfWork } from '@gba/runtime';
import { DataSource } from 'typeorm';
import {
  InspectionQueue,
  type TaskFilter,
  type TaskView,
} from '../../use-cases/record-inspection-result/inspection-queue';
import { documentSummaries } from './supporting-documents.repository';

@Injectable()
export class PostgresInspectionQueue extends InspectionQueue {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async list(filter: TaskFilter) {
    const rows: {
      id: string;
      declaration_id: string;
      kind: TaskView['kind'];
      checks: string[];
      status: TaskView['status'];
      reasons: TaskView['reasons'];
      created_at: Date;
    }[] = await inUnitOfWork('query', () =>
      this.dataSource.query(
        `SELECT id, declaration_id, kind, checks, status, reasons, created_at FROM inspection_tasks
         WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR kind = $2)
           AND ($3::uuid IS NULL OR (created_at, id) > (SELECT created_at, id FROM inspection_tasks WHERE id = $3))
         ORDER BY created_at, id LIMIT $4`,
        [filter.status ?? null, filter.kind ?? null, filter.after ?? null, filter.limit + 1],
      ),
    );
    const page = rows.slice(0, filter.limit).map(
      (r): TaskView => ({
        id: r.id,
        declarationId: r.declaration_id,
        kind: r.kind,
        checks: r.checks,
        status: r.status,
        reasons: r.reasons,
        createdAt: r.created_at.toISOString(),
      }),
    );
    const documents = await inUnitOfWork('query', () =>
      documentSummaries(
        this.dataSource,
        page.filter((t) => t.kind === 'document').map((t) => t.declarationId),
      ),
    );
    for (const task of page)
      if (task.kind === 'document') task.documents = documents.get(task.declarationId) ?? [];
    return {
      items: page,
      nextCursor: rows.length > filter.limit ? (page[page.length - 1]?.id ?? null) : null,
    };
  }
}
