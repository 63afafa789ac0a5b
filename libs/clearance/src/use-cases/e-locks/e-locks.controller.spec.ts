import { ProblemException } from '@gba/runtime';
import { validateInspectionResult } from '@gba/standards';
import type { Officer } from '@gba/auth';
import { ELocksController } from './e-locks.controller';
import type { ELocks } from './e-locks.handler';

const ID = '55555555-5555-4555-8555-555555555555';
const officer = { id: 'gz-officer-1', authority: 'GZ', roles: ['officer'] } as unknown as Officer;
const seen = { lockId: 'EL-1', sealNumber: 'S-1', intact: true, location: 'CNHUA' };

function controller() {
  const record = jest.fn().mockResolvedValue(undefined);
  return { record, controller: new ELocksController({ record } as unknown as ELocks) };
}

async function problemOf(call: Promise<unknown>) {
  const err = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ProblemException);
  return (err as ProblemException).problem as {
    status: number;
    errors?: { pointer: string; code: string }[];
  };
}

describe('ELocksController: the location is a UN/LOCODE of the standard', () => {
  it.each(['applied', 'verified'] as const)(
    'refuses a well-formed but unknown location on elock/%s as LOCODE_UNKNOWN, like an inspection result',
    async (kind) => {
      const { record, controller: c } = controller();
      const problem = await problemOf(c[kind](officer, ID, { ...seen, location: 'ZZZZZ' }));
      expect(problem.status).toBe(422);
      expect(problem.errors?.map((e) => [e.pointer, e.code])).toEqual([['/location', 'LOCODE_UNKNOWN']]);
      expect(record).not.toHaveBeenCalled();
      // The same value in an inspection result: the same code (one rule for every location field).
      const result = validateInspectionResult({
        declarationId: ID,
        inspectingAuthority: 'GZ',
        officerId: 'gz-officer-1',
        inspectedAt: '2026-03-01T08:00:00Z',
        location: 'ZZZZZ',
        method: 'physical',
        checks: [{ check: 'seal', outcome: 'pass' }],
        containerNumbers: [],
        findings: [],
        standardVersion: '2024.2',
      });
      expect(!result.ok && result.errors.map((e) => [e.pointer, e.code])).toEqual([
        ['/location', 'LOCODE_UNKNOWN'],
      ]);
    },
  );

  it('reports an unknown location together with the other failing fields', async () => {
    const { controller: c } = controller();
    const problem = await problemOf(c.verified(officer, ID, { ...seen, lockId: '', location: 'cnhua' }));
    expect(problem.errors?.map((e) => [e.pointer, e.code])).toEqual([
      ['/lockId', 'TEXT_REQUIRED'],
      ['/location', 'LOCODE_UNKNOWN'],
    ]);
  });

  it('records a lock seen at a place of the standard', async () => {
    const { record, controller: c } = controller();
    await expect(c.verified(officer, ID, seen)).resolves.toMatchObject({
      eLock: 'verified',
      location: 'CNHUA',
    });
    expect(record).toHaveBeenCalledWith(officer, ID, 'verified', seen);
  });
});
