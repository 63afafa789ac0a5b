import type { InspectionMethod } from '@gba/standards';
import { parseRfc3339, pointerToken, readDateTime } from '@gba/standards';
import type { InvalidField } from '@gba/clearance-domain';

/** What an officer may send for a task: the part of the common inspection record seen on site. */
export const OFFICER_RESULT_FIELDS: readonly string[] = [
  'inspectedAt',
  'location',
  'method',
  'checks',
  'containerNumbers',
  'sealNumber',
  'eLockId',
  'sealIntact',
  'findings',
];

/**
 * Fields of the common inspection record (domain.md, "Inspection result") that the server sets:
 * the declaration of the task, the officer's authority and id from the token, the standard version
 * in force. Sent by an officer → 422 `FIELD_SERVER_OWNED`.
 */
export const SERVER_OWNED_RESULT_FIELDS: readonly string[] = [
  'declarationId',
  'inspectingAuthority',
  'officerId',
  'standardVersion',
];

/**
 * The methods a task of each kind is carried out by: a document check is a document check; a
 * physical inspection may be physical, non-intrusive (scanner) or by sampling. The first is the one
 * recorded when the officer gives none.
 */
export const METHODS_OF_TASK: Readonly<Record<'document' | 'physical', readonly InspectionMethod[]>> = {
  document: ['document'],
  physical: ['physical', 'non-intrusive', 'sampling'],
};

const ALL_METHODS: readonly InspectionMethod[] = [...METHODS_OF_TASK.document, ...METHODS_OF_TASK.physical];

/** How far an officer's clock may run ahead of the server's, or the task's time behind it: 5 minutes. */
export const INSPECTED_AT_LEEWAY_MS = 5 * 60_000;

/** The task a result is for, as far as the server-owned fields need it. */
export interface ResultTask {
  declarationId: string;
  kind: 'document' | 'physical';
  /** RFC 3339: an inspection cannot have happened before its task existed. */
  createdAt: string;
  /** The checks the task requires (documents, quantity, ...): the result reports each, once. */
  checks: readonly string[];
}

/** What the server knows and the officer does not choose. */
export interface ResultServerFields {
  inspectingAuthority: string;
  officerId: string;
  /** The version of the standard in force now. */
  standardVersion: string;
  /** Milliseconds since the epoch. */
  now: number;
}

/**
 * The common inspection record an officer's body stands for: the officer's fields as sent, the
 * server-owned ones set here, `method` by the task's kind when absent, `inspectedAt` the server's time
 * when absent (else normalised to UTC). `errors` lists every field refused, with its JSON pointer:
 * FIELD_SERVER_OWNED, FIELD_UNKNOWN, METHOD_NOT_OF_TASK, DATE_TIME_INVALID (RFC 3339 section 5.6,
 * with the reason), INSPECTED_AT_IN_FUTURE (beyond INSPECTED_AT_LEEWAY_MS) and
 * INSPECTED_AT_BEFORE_TASK; and the checks against the task's (taskChecksErrors): CHECK_NOT_OF_TASK,
 * CHECK_MISSING. The rest of the record (each check known and reported once, the identifiers, ...)
 * is for validateInspectionResult (@gba/standards).
 */
export function officerResultRecord(
  body: unknown,
  task: ResultTask,
  server: ResultServerFields,
): { record: Record<string, unknown>; errors: InvalidField[] } {
  const input =
    body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
  const errors: InvalidField[] = [];
  const record: Record<string, unknown> = {};
  if (!input)
    errors.push({ pointer: '', code: 'TYPE_INVALID', detail: 'An inspection result is a JSON object.' });
  for (const [key, value] of Object.entries(input ?? {})) {
    if (OFFICER_RESULT_FIELDS.includes(key)) record[key] = value;
    else if (SERVER_OWNED_RESULT_FIELDS.includes(key))
      errors.push({
        pointer: `/${pointerToken(key)}`,
        code: 'FIELD_SERVER_OWNED',
        detail: `"${key}" is set by the server (the task, the officer's token and the standard in force).`,
      });
    else
      errors.push({
        pointer: `/${pointerToken(key)}`,
        code: 'FIELD_UNKNOWN',
        detail: `"${key}" is not a field of an inspection result.`,
      });
  }

  const methods = METHODS_OF_TASK[task.kind];
  const method = record['method'];
  if (method === undefined) record['method'] = methods[0];
  else if (
    ALL_METHODS.includes(method as InspectionMethod) &&
    !methods.includes(method as InspectionMethod)
  ) {
    errors.push({
      pointer: '/method',
      code: 'METHOD_NOT_OF_TASK',
      detail: `A ${task.kind} task is carried out by ${methods.join(', ')}.`,
    });
    record['method'] = methods[0];
  }

  const sentAt = record['inspectedAt'];
  // The server's time unless a valid earlier one is given (a refused one is reported here only).
  record['inspectedAt'] = new Date(server.now).toISOString();
  if (sentAt !== undefined) {
    const read = readDateTime(sentAt);
    if (!read.ok)
      errors.push({
        pointer: '/inspectedAt',
        code: 'DATE_TIME_INVALID',
        detail: `inspectedAt: ${read.detail}`,
      });
    else if (read.ms > server.now + INSPECTED_AT_LEEWAY_MS)
      errors.push({
        pointer: '/inspectedAt',
        code: 'INSPECTED_AT_IN_FUTURE',
        detail: 'An inspection cannot be dated after now (the server’s clock, 5 minutes leeway).',
      });
    else if (read.ms < parseRfc3339(task.createdAt) - INSPECTED_AT_LEEWAY_MS)
      errors.push({
        pointer: '/inspectedAt',
        code: 'INSPECTED_AT_BEFORE_TASK',
        detail: `An inspection cannot be dated before its task was created (${task.createdAt}).`,
      });
    else record['inspectedAt'] = new Date(read.ms).toISOString();
  }

  errors.push(...taskChecksErrors(record['checks'], task.checks));

  record['declarationId'] = task.declarationId;
  record['inspectingAuthority'] = server.inspectingAuthority;
  record['officerId'] = server.officerId;
  record['standardVersion'] = server.standardVersion;
  return { record, errors };
}

/**
 * A result answers exactly the checks of its task: every check the task requires is reported (with
 * pass, fail or not-performed) and none other. Without a required check the officer's participant
 * could never decide and the declaration would wait forever. Errors: `/checks/<i>/check`
 * CHECK_NOT_OF_TASK for a check the task does not require; `/checks` CHECK_MISSING naming the
 * required checks not reported. Entries that are not objects with a string `check` are left to
 * validateInspectionResult (which also refuses a check reported twice, CHECK_DUPLICATE).
 */
export function taskChecksErrors(checks: unknown, required: readonly string[]): InvalidField[] {
  if (!Array.isArray(checks)) return [];
  const errors: InvalidField[] = [];
  const reported = new Set<string>();
  checks.forEach((entry: unknown, i) => {
    const check =
      entry && typeof entry === 'object' ? (entry as Record<string, unknown>)['check'] : undefined;
    if (typeof check !== 'string') return;
    reported.add(check);
    if (!required.includes(check))
      errors.push({
        pointer: `/checks/${i}/check`,
        code: 'CHECK_NOT_OF_TASK',
        detail: `"${check}" is not a check of this task (${required.join(', ')}).`,
      });
  });
  const missing = required.filter((c) => !reported.has(c));
  if (missing.length > 0)
    errors.push({
      pointer: '/checks',
      code: 'CHECK_MISSING',
      detail: `The task requires ${required.join(', ')}: missing ${missing.join(', ')} (report each as pass, fail or not-performed).`,
    });
  return errors;
}
