import { validateInspectionResult } from '@gba/standards';
import {
  INSPECTED_AT_LEEWAY_MS,
  officerResultRecord,
  type ResultTask,
  taskChecksErrors,
} from './officer-result';

const NOW = Date.UTC(2026, 2, 1, 8);
const server = { inspectingAuthority: 'GZ', officerId: 'gz-officer-7', standardVersion: '2024.2', now: NOW };
const documentTask: ResultTask = {
  declarationId: 'd-1',
  kind: 'document',
  createdAt: new Date(NOW - 3_600_000).toISOString(),
  checks: ['documents'],
};
const physicalTask: ResultTask = { ...documentTask, kind: 'physical' };
const seen = {
  location: 'CNHUA',
  checks: [{ check: 'documents', outcome: 'pass' }],
  findings: [],
};

describe('officerResultRecord: the fields the server owns', () => {
  it('sets the declaration, authority, officer, standard version, method of the task and the time', () => {
    const { record, errors } = officerResultRecord(seen, documentTask, server);
    expect(errors).toEqual([]);
    expect(record).toEqual({
      ...seen,
      method: 'document',
      inspectedAt: '2026-03-01T08:00:00.000Z',
      declarationId: 'd-1',
      inspectingAuthority: 'GZ',
      officerId: 'gz-officer-7',
      standardVersion: '2024.2',
    });
    expect(validateInspectionResult(record).ok).toBe(true);
    expect(officerResultRecord(seen, physicalTask, server).record['method']).toBe('physical');
  });

  it('refuses the issue case: physical method, future time and a standard version on a document task', () => {
    const { errors } = officerResultRecord(
      { ...seen, method: 'physical', inspectedAt: '2031-01-01T00:00:00Z', standardVersion: '2024.1' },
      documentTask,
      server,
    );
    expect(errors.map((e) => [e.pointer, e.code])).toEqual([
      ['/standardVersion', 'FIELD_SERVER_OWNED'],
      ['/method', 'METHOD_NOT_OF_TASK'],
      ['/inspectedAt', 'INSPECTED_AT_IN_FUTURE'],
    ]);
  });

  it.each([
    ['declarationId', 'd-2', 'FIELD_SERVER_OWNED'],
    ['inspectingAuthority', 'HK', 'FIELD_SERVER_OWNED'],
    ['officerId', 'someone-else', 'FIELD_SERVER_OWNED'],
    ['standardVersion', '2024.2', 'FIELD_SERVER_OWNED'],
    ['status', 'done', 'FIELD_UNKNOWN'],
    ['a/b~c', 1, 'FIELD_UNKNOWN'],
  ])('refuses %s (sent as %p, even the value the server would set) as %s', (key, value, code) => {
    const { errors } = officerResultRecord({ ...seen, [key]: value }, documentTask, server);
    expect(errors).toEqual([
      { pointer: `/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, code, detail: expect.any(String) },
    ]);
  });

  it.each([
    ['document', 'document', true],
    ['document', 'physical', false],
    ['document', 'sampling', false],
    ['physical', 'physical', true],
    ['physical', 'non-intrusive', true],
    ['physical', 'sampling', true],
    ['physical', 'document', false],
  ] as const)('a %s task takes method %s: %s', (kind, method, ok) => {
    const { record, errors } = officerResultRecord({ ...seen, method }, { ...documentTask, kind }, server);
    expect(errors.length === 0).toBe(ok);
    if (ok) expect(record['method']).toBe(method);
  });

  it('leaves a method outside the standard to the standard (one error, not two)', () => {
    const { record, errors } = officerResultRecord({ ...seen, method: 'x-ray' }, physicalTask, server);
    expect(errors).toEqual([]);
    const validation = validateInspectionResult(record);
    expect(validation.ok ? [] : validation.errors.map((e) => e.pointer)).toEqual(['/method']);
  });

  it.each([
    // An earlier time of inspection is the officer's to give, normalised to UTC.
    ['2026-03-01T15:30:00+08:00', null, '2026-03-01T07:30:00.000Z'],
    [
      new Date(NOW + INSPECTED_AT_LEEWAY_MS).toISOString(),
      null,
      new Date(NOW + INSPECTED_AT_LEEWAY_MS).toISOString(),
    ],
    [new Date(NOW + INSPECTED_AT_LEEWAY_MS + 1).toISOString(), 'INSPECTED_AT_IN_FUTURE', null],
    ['2031-01-01T00:00:00Z', 'INSPECTED_AT_IN_FUTURE', null],
    ['2026-02-28T00:00:00Z', 'INSPECTED_AT_BEFORE_TASK', null],
    ['2026-02-30T08:00:00Z', 'DATE_TIME_INVALID', null],
    ['2026-03-01T08:00:00', 'DATE_TIME_INVALID', null],
    ['2026-03-01T24:00:00Z', 'DATE_TIME_INVALID', null],
    [1772352000000, 'DATE_TIME_INVALID', null],
  ])('inspectedAt %p → %s', (inspectedAt, code, stored) => {
    const { record, errors } = officerResultRecord({ ...seen, inspectedAt }, documentTask, server);
    expect(errors.map((e) => e.code)).toEqual(code ? [code] : []);
    if (code) expect(errors[0]!.pointer).toBe('/inspectedAt');
    else expect(record['inspectedAt']).toBe(stored);
    // Whatever was refused, the standard's validation has nothing to add about the time.
    const validation = validateInspectionResult(record);
    expect(validation.ok).toBe(true);
  });

  it('refuses a body that is not an object at the root pointer', () => {
    expect(officerResultRecord([seen], documentTask, server).errors).toEqual([
      { pointer: '', code: 'TYPE_INVALID', detail: expect.any(String) },
    ]);
  });
});

describe('officerResultRecord: the checks of the task', () => {
  const task: ResultTask = { ...physicalTask, checks: ['documents', 'quantity', 'description'] };
  const pass = (check: string) => ({ check, outcome: 'pass' });

  it('refuses a result that leaves out checks the task requires, naming them at /checks', () => {
    const { errors } = officerResultRecord({ ...seen, checks: [pass('documents')] }, task, server);
    expect(errors).toEqual([
      {
        pointer: '/checks',
        code: 'CHECK_MISSING',
        detail: expect.stringContaining('missing quantity, description'),
      },
    ]);
  });

  it('refuses a check the task does not require, at its pointer', () => {
    const checks = [pass('documents'), pass('quarantine'), pass('quantity'), pass('description')];
    const { errors } = officerResultRecord({ ...seen, checks }, task, server);
    expect(errors.map((e) => [e.pointer, e.code])).toEqual([['/checks/1/check', 'CHECK_NOT_OF_TASK']]);
  });

  it('takes every check of the task reported once, with any outcome', () => {
    const checks = [pass('description'), { check: 'quantity', outcome: 'not-performed' }, pass('documents')];
    const { record, errors } = officerResultRecord({ ...seen, checks }, task, server);
    expect(errors).toEqual([]);
    expect(validateInspectionResult(record).ok).toBe(true);
  });

  it('leaves a check listed twice to the standard (CHECK_DUPLICATE at the repeat), one error only', () => {
    const checks = [pass('documents'), pass('quantity'), pass('description'), pass('quantity')];
    const { record, errors } = officerResultRecord({ ...seen, checks }, task, server);
    expect(errors).toEqual([]);
    const validation = validateInspectionResult(record);
    expect(!validation.ok && validation.errors.map((e) => [e.pointer, e.code])).toEqual([
      ['/checks/3/check', 'CHECK_DUPLICATE'],
    ]);
  });

  it('leaves malformed check entries to the standard', () => {
    expect(taskChecksErrors('documents', ['documents'])).toEqual([]);
    expect(taskChecksErrors([null, { check: 7 }], ['documents']).map((e) => e.code)).toEqual([
      'CHECK_MISSING',
    ]);
  });
});
