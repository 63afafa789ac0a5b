import type { Authority } from '@gba/standards';
import type { DeclarationRecord, Filing, ParticipantState, TaskState } from './types';

/** Whether a declaration may still be amended here, and if not, why (the 409's code and detail). */
export type Amendability = { amendable: true } | { amendable: false; code: string; reason: string };

/** The version of a filing: 1 until amended (a filing stored before amendments carries none). */
export function versionOf(filing: Pick<Filing, 'version'> | null): number {
  return filing?.version ?? 1;
}

/** The participant statuses an amendment no longer reaches: the participant has decided or withdrawn. */
const SETTLED = new Set<ParticipantState['status']>(['RELEASED', 'HELD', 'REJECTED', 'CANCELLED']);

/** Whether a participant has settled (decided or cancelled): an amendment leaves it as it is. */
export function isSettled(participant: Pick<ParticipantState, 'status'>): boolean {
  return SETTLED.has(participant.status);
}

/** Reason id of the tasks an amendment closed: they belong to the old version and block no new one. */
export const AMENDED = 'AMENDED';

/** Whether an amendment closed this task (it was for an earlier version of the declaration). */
export function supersededByAmendment(task: Pick<TaskState, 'reasons'>): boolean {
  return task.reasons.some((r) => r.ruleId === AMENDED);
}

/**
 * The rule "amendable?" (issue 13; China's inventory change flag, HMRC's `/amend`): a declaration
 * may be corrected only at the authority it was filed with (the one writer of its versions), and
 * only while no participant has released, held or rejected it (a hold follows a failed check), it
 * is not cancelled, and no inspection result has been recorded here. Pure over the record as this
 * authority holds it; an inspection result recorded elsewhere is seen through its participant's
 * decision, which the recording authority takes at once.
 */
export function amendability(record: DeclarationRecord, me: Authority): Amendability {
  const refuse = (code: string, reason: string): Amendability => ({ amendable: false, code, reason });
  if (record.status === 'CANCELLED' || record.participants.some((p) => p.status === 'CANCELLED'))
    return refuse('already-cancelled', 'The declaration is cancelled: it cannot be amended.');
  for (const status of ['RELEASED', 'REJECTED', 'HELD'] as const) {
    const by = record.participants.filter((p) => p.status === status).map((p) => p.authority);
    if (by.length > 0)
      return refuse(
        `already-${status.toLowerCase()}`,
        `${status[0]}${status.slice(1).toLowerCase()} by ${by.join(', ')}: a decided declaration cannot be amended.`,
      );
  }
  if (record.tasks.some((t) => t.result !== null))
    return refuse(
      'inspection-recorded',
      'An inspection result has been recorded: the declaration cannot be amended.',
    );
  if (record.filing && record.filing.filedWith !== me)
    return refuse(
      'not-filing-authority',
      `Filed with ${record.filing.filedWith}: amend it there, where its versions are kept.`,
    );
  return { amendable: true };
}
