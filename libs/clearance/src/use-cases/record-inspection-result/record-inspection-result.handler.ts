import { Injectable } from '@nestjs/common';
import { currentStandard, type InspectionResult, validateInspectionResult } from '@gba/standards';
import {
  completeTask,
  ConflictError,
  decidability,
  NotFoundError,
  ValidationError,
} from '@gba/clearance-domain';
import { ClearanceFactory } from '../clearance-factory';
import type { Actor } from '../officer';
import { ClearanceStore } from '../ports';
import { officerResultRecord } from './officer-result';

export interface RecordedResult {
  taskId: string;
  status: 'done';
  result: InspectionResult;
}

/**
 * An officer's inspection or document-check result for a task of this authority: the task is
 * done, the result is published (the common inspection record) and this authority decides on it,
 * all in one unit of work. The server owns the declaration, authority, officer and standard version;
 * the method follows the task and the time is the server's unless the officer gives an earlier one
 * (officerResultRecord). Throws NotFoundError, ConflictError (`already-cancelled`, `task-done`) or
 * ValidationError (every refused field, the checks of the task among them).
 */
@Injectable()
export class RecordInspectionResult {
  constructor(
    private readonly store: ClearanceStore,
    private readonly clearances: ClearanceFactory,
  ) {}

  async record(officer: Actor, taskId: string, body: unknown): Promise<RecordedResult> {
    const notFound = () => new NotFoundError(`Inspection task ${taskId} of ${officer.authority} not found.`);
    const { recorded, clearance } = await this.store.run('officer-action', async (unit) => {
      const declarationId = await unit.declarationOfTask(taskId);
      if (!declarationId) throw notFound();
      await unit.lock({ declarationIds: [declarationId] });
      const loaded = await unit.load({ declarationIds: [declarationId], filings: [] });
      const clearance = this.clearances.create(loaded);
      const record = clearance.get(declarationId);
      const task = record.tasks.find((t) => t.id === taskId);
      if (!task) throw notFound();
      // A cancelled declaration takes no result (its tasks closed with the cancellation). A joint
      // task stays open after this authority's own final decision: the others it covers wait for it.
      const verdict = decidability(record, officer.authority);
      if (!verdict.decidable && verdict.code === 'already-cancelled') {
        throw new ConflictError(verdict.code, verdict.reason);
      }
      if (task.status === 'done') {
        throw new ConflictError('task-done', `Inspection task ${taskId} already has its result.`);
      }
      const { record: sent, errors } = officerResultRecord(body, task, {
        inspectingAuthority: officer.authority,
        officerId: officer.id,
        standardVersion: currentStandard().version,
        now: Date.now(),
      });
      const validation = validateInspectionResult(sent);
      if (!validation.ok) errors.push(...validation.errors);
      if (!validation.ok || errors.length > 0)
        throw new ValidationError(errors, 'The inspection result is not valid.');
      const result = validation.result;
      clearance.put(completeTask(record, taskId, result, officer.id, new Date()));
      clearance.record([clearance.facts.inspectionRecorded(taskId, result)]);
      await unit.save(clearance, loaded, {
        audit: [
          {
            actor: officer.id,
            action: 'INSPECTION_RESULT',
            declarationId,
            detail: { taskId, kind: task.kind, checks: result.checks, findings: result.findings },
          },
        ],
      });
      return { recorded: { taskId, status: 'done' as const, result }, clearance };
    });
    this.clearances.committed(clearance);
    return recorded;
  }
}
