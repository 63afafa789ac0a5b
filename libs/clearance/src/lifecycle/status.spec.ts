import fc from 'fast-check';
import { overallStatus, type ParticipantStatus } from './status';

const ALL: ParticipantStatus[] = [
  'RECEIVED',
  'ASSESSED',
  'AWAITING_DOCUMENT_CHECK',
  'AWAITING_INSPECTION',
  'RELEASED',
  'HELD',
  'REJECTED',
];

describe('overall status of a declaration', () => {
  it.each([
    [['RELEASED', 'RELEASED'], 2, 'CLEARED'],
    [['RELEASED'], 2, 'IN_PROGRESS'],
    [['RELEASED', 'AWAITING_INSPECTION'], 2, 'IN_PROGRESS'],
    [['RELEASED', 'HELD'], 2, 'HELD'],
    [['HELD', 'REJECTED'], 2, 'REJECTED'],
    [['REJECTED'], 3, 'REJECTED'],
    [['RELEASED'], 1, 'CLEARED'],
  ] as const)('%j of %i participants → %s', (statuses, expected, overall) => {
    expect(overallStatus(statuses, expected)).toBe(overall);
  });

  it('is the same whatever order the participants are listed in', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...ALL), { minLength: 1, maxLength: 3 }), (statuses) => {
        const expected = statuses.length;
        expect(overallStatus([...statuses].reverse(), expected)).toBe(overallStatus(statuses, expected));
      }),
    );
  });

  it('is CLEARED only when every expected participant released', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...ALL), { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 1, max: 3 }),
        (s, n) => {
          const cleared = overallStatus(s, n) === 'CLEARED';
          expect(cleared).toBe(s.length >= n && s.every((x) => x === 'RELEASED'));
        },
      ),
    );
  });
});
