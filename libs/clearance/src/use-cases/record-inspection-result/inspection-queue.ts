import type { DocumentSummary } from '../supporting-documents/supporting-documents.command';

/** One of this authority's inspection tasks as api.md lists it. */
export interface TaskView {
  id: string;
  declarationId: string;
  kind: 'document' | 'physical';
  checks: string[];
  status: 'pending' | 'done';
  reasons: { ruleId: string; detail: string }[];
  createdAt: string;
  /** A document check: the supporting documents of the declaration present here, oldest first. */
  documents?: DocumentSummary[];
}

export interface TaskFilter {
  status?: 'pending' | 'done';
  kind?: 'document' | 'physical';
  /** 1–200. */
  limit: number;
  /** The id of the last task of the previous page. */
  after?: string;
}

/** This authority's inspection tasks, oldest first (a port; PostgreSQL in production). */
export abstract class InspectionQueue {
  abstract list(filter: TaskFilter): Promise<{ items: TaskView[]; nextCursor: string | null }>;
}
