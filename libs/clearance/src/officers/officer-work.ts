import { Injectable } from '@nestjs/common';
import type { Officer } from '@gba/auth';
import { problem, ProblemException } from '@gba/runtime';
import { currentStandard, validateInspectionResult } from '@gba/standards';
import { DataSource, type EntityManager } from 'typeorm';
import { appendAudit, unitOfWork } from '../unit-of-work';
import type { FinalDecision } from '../exchange/events';
import { ClearanceRecorder } from '../lifecycle/clearance-recorder';
import { declarationBody, participantRows } from '../lifecycle/records';

export interface TaskView {
  id: string;
  declarationId: string;
  kind: 'document' | 'physical';
  checks: string[];
  status: 'pending' | 'done';
  reasons: { ruleId: string; detail: string }[];
  createdAt: string;
}

const notFound = (what: string) => new ProblemException(problem(404, 'not-found', `${what} not found.`));

/** What officers of this authority do; each action is recorded with its events in one transaction. */
@Injectable()
export class OfficerWork {
  constructor(
    private readonly dataSource: DataSource,
    private readonly recorder: ClearanceRecorder,
  ) {}

  async tasks(filter: {
    status?: 'pending' | 'done';
    kind?: 'document' | 'physical';
    limit: number;
    after?: string;
  }) {
    const rows: {
      id: string;
      declaration_id: string;
      kind: TaskView['kind'];
      checks: string[];
      status: TaskView['status'];
      reasons: TaskView['reasons'];
      created_at: Date;
    }[] = await this.dataSource.query(
      `SELECT id, declaration_id, kind, checks, status, reasons, created_at FROM inspection_tasks
         WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR kind = $2)
           AND ($3::uuid IS NULL OR (created_at, id) > (SELECT created_at, id FROM inspection_tasks WHERE id = $3))
         ORDER BY created_at, id LIMIT $4`,
      [filter.status ?? null, filter.kind ?? null, filter.after ?? null, filter.limit + 1],
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
    return {
      items: page,
      nextCursor: rows.length > filter.limit ? (page[page.length - 1]?.id ?? null) : null,
    };
  }

  /** An officer's inspection or document-check result for a task of this authority. */
  recordResult(officer: Officer, taskId: string, body: unknown) {
    return unitOfWork(this.dataSource, async (manager) => {
      const [task]: { declaration_id: string; status: string; kind: string }[] = await manager.query(
        'SELECT declaration_id, status, kind FROM inspection_tasks WHERE id = $1 FOR UPDATE',
        [taskId],
      );
      if (!task) throw notFound(`Inspection task ${taskId} of ${officer.authority}`);
      if (task.status === 'done') {
        throw new ProblemException(
          problem(409, 'task-done', `Inspection task ${taskId} already has its result.`),
        );
      }
      const input =
        body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
      const validation = validateInspectionResult({
        method: task.kind === 'document' ? 'document' : 'physical',
        inspectedAt: new Date().toISOString(),
        standardVersion: currentStandard().version,
        ...input,
        declarationId: task.declaration_id,
        inspectingAuthority: officer.authority,
        officerId: officer.id,
      });
      if (!validation.ok)
        throw ProblemException.validation(validation.errors, 'The inspection result is not valid.');
      await manager.query(
        `UPDATE inspection_tasks SET status = 'done', result = $2, officer_id = $3, done_at = now() WHERE id = $1`,
        [taskId, JSON.stringify(validation.result), officer.id],
      );
      appendAudit(manager, officer.authority, {
        actor: officer.id,
        action: 'INSPECTION_RESULT',
        declarationId: task.declaration_id,
        detail: {
          taskId,
          kind: task.kind,
          checks: validation.result.checks,
          findings: validation.result.findings,
        },
      });
      await this.recorder.record(manager, [
        this.recorder.events.inspectionRecorded(taskId, validation.result),
      ]);
      return { taskId, status: 'done', result: validation.result };
    });
  }

  /** A supervisor's decision for this authority's participant, with its reason. */
  decide(officer: Officer, declarationId: string, decision: FinalDecision, reason: string) {
    return unitOfWork(this.dataSource, async (manager) => {
      await this.ownParticipant(manager, officer, declarationId);
      await this.recorder.record(manager, [
        this.recorder.events.clearanceDecided({
          declarationId,
          decision,
          reasons: [{ ruleId: 'SUPERVISOR_DECISION', detail: reason }],
          decidedBy: officer.id,
          standardVersion: currentStandard().version,
        }),
      ]);
    });
  }

  /** SELS: the export side records the lock it applied, the import side what it saw on arrival. */
  eLock(
    officer: Officer,
    declarationId: string,
    kind: 'applied' | 'verified',
    seen: { lockId: string; sealNumber: string; intact: boolean; location: string },
  ) {
    return unitOfWork(this.dataSource, async (manager) => {
      const role = await this.ownParticipant(manager, officer, declarationId);
      const wanted = kind === 'applied' ? 'export' : 'import';
      if (role !== wanted) {
        throw new ProblemException(
          problem(
            409,
            'wrong-side',
            `Only the ${wanted} side records an e-lock as ${kind}; ${officer.authority} is ${role}.`,
          ),
        );
      }
      const event =
        kind === 'applied'
          ? this.recorder.events.eLock(declarationId, currentStandard().version, {
              case: 'eLockApplied',
              lockId: seen.lockId,
              sealNumber: seen.sealNumber,
              location: seen.location,
            })
          : this.recorder.events.eLock(declarationId, currentStandard().version, {
              case: 'eLockVerified',
              ...seen,
            });
      appendAudit(manager, officer.authority, {
        actor: officer.id,
        action: kind === 'applied' ? 'ELOCK_APPLIED' : 'ELOCK_VERIFIED',
        declarationId,
        detail: seen,
      });
      await this.recorder.record(manager, [event]);
    });
  }

  private async ownParticipant(
    manager: EntityManager,
    officer: Officer,
    declarationId: string,
  ): Promise<string> {
    if (!(await declarationBody(manager, declarationId))) throw notFound(`Declaration ${declarationId}`);
    const mine = (await participantRows(manager, declarationId)).find(
      (p) => p.authority === officer.authority,
    );
    if (!mine) throw notFound(`Declaration ${declarationId}`);
    return mine.role;
  }
}
