import { sampleDeclaration } from '@gba/testing';
import { applyFact } from './apply-fact';
import { decidability, isFinal } from './decidability';
import type { ClearanceFact } from './facts';
import { declared, partner, testClock } from './testing';
import { type DeclarationRecord, emptyRecord } from './types';

const ID = '44444444-4444-4444-8444-444444444444';
const clock = testClock();
const hk = partner('HK', clock);
const gz = partner('GZ', clock);
const declaration = declared(sampleDeclaration({ origin: 'HK', destination: 'CN' }));
const PARTICIPANTS = [
  { authority: 'HK' as const, role: 'export' as const },
  { authority: 'GZ' as const, role: 'import' as const },
];

const filed = hk.declarationFiled(ID, '2024.2', {
  platformId: 'shop-a',
  platformRef: declaration.platformRef,
  declaration,
  participants: PARTICIPANTS,
});
const assessed = (f: typeof hk, lane: 'GREEN' | 'RED', role: 'export' | 'import') =>
  f.assessmentCompleted(ID, '2024.2', {
    role,
    lane,
    reasons: [{ ruleId: 'R1', detail: 'why' }],
    duties: [],
    checks: lane === 'RED' ? ['documents', 'quantity'] : [],
    reserved: false,
    permitsMissing: [],
    ruleIds: ['R1'],
    rejectedRuleIds: null,
  });
const decided = (f: typeof hk, decision: 'RELEASED' | 'HELD' | 'REJECTED') =>
  f.clearanceDecided(ID, '2024.2', {
    decision,
    reasons: [{ ruleId: 'D', detail: decision }],
    decidedBy: 'supervisor-1',
  });
const cancelled = () =>
  hk.declarationCancelled(ID, '2024.2', {
    cancelledBy: 'platform:shop-a',
    reason: 'withdrawn',
    participants: PARTICIPANTS,
  });

const applyAll = (facts: readonly ClearanceFact[], from: DeclarationRecord = emptyRecord(ID)) =>
  facts.reduce(applyFact, from);
const statusOf = (record: DeclarationRecord, authority: 'HK' | 'GZ') =>
  record.participants.find((p) => p.authority === authority)?.status;

const open = applyAll([filed, assessed(hk, 'GREEN', 'export'), assessed(gz, 'RED', 'import')]);

describe('isFinal', () => {
  it('is true for RELEASED, REJECTED and CANCELLED only (HELD may still be released)', () => {
    expect(
      (['RECEIVED', 'ASSESSED', 'AWAITING_DOCUMENT_CHECK', 'AWAITING_INSPECTION', 'HELD'] as const).map(
        isFinal,
      ),
    ).toEqual([false, false, false, false, false]);
    expect((['RELEASED', 'REJECTED', 'CANCELLED'] as const).map(isFinal)).toEqual([true, true, true]);
  });
});

describe('decidability', () => {
  it('lets an authority decide while its participant awaits a decision or holds', () => {
    expect(decidability(open, 'GZ')).toEqual({ decidable: true });
    expect(decidability(applyFact(open, decided(gz, 'HELD')), 'GZ')).toEqual({ decidable: true });
  });

  it('refuses a cancelled declaration with already-cancelled', () => {
    const record = applyFact(open, cancelled());
    expect(decidability(record, 'GZ')).toMatchObject({ decidable: false, code: 'already-cancelled' });
    expect(decidability(record, 'HK')).toMatchObject({ decidable: false, code: 'already-cancelled' });
  });

  it('refuses a cancelled declaration even where this participant released across the cancellation', () => {
    const record = applyAll([decided(gz, 'RELEASED'), cancelled()], open);
    expect(record.status).toBe('CANCELLED');
    expect(decidability(record, 'GZ')).toMatchObject({ decidable: false, code: 'already-cancelled' });
  });

  it('refuses a released participant (a return is the way) and a rejected one, with the reason', () => {
    const released = decidability(applyFact(open, decided(gz, 'RELEASED')), 'GZ');
    expect(released).toMatchObject({ decidable: false, code: 'already-released' });
    expect(released.decidable === false && released.reason).toContain('return');
    expect(decidability(applyFact(open, decided(gz, 'REJECTED')), 'GZ')).toMatchObject({
      decidable: false,
      code: 'already-rejected',
    });
  });

  it("judges the asking authority's own participant: a partner's release leaves it decidable", () => {
    expect(decidability(applyFact(open, decided(hk, 'RELEASED')), 'GZ')).toEqual({ decidable: true });
  });
});

describe('applyFact keeps a final status', () => {
  it.each(['RELEASED', 'REJECTED'] as const)(
    'a %s participant takes no later decision; the fact is history only',
    (final) => {
      const before = applyFact(open, decided(gz, final));
      const later = decided(gz, 'HELD');
      const after = applyFact(before, later);
      expect(statusOf(after, 'GZ')).toBe(final);
      expect(after.participants).toEqual(before.participants);
      expect(after.history.at(-1)).toMatchObject({ eventId: later.eventId, type: 'CLEARANCE_DECIDED' });
    },
  );

  it('a released participant takes no second release (decidedAt and reasons unchanged)', () => {
    const before = applyFact(open, decided(gz, 'RELEASED'));
    const after = applyFact(before, decided(gz, 'RELEASED'));
    expect(after.participants).toEqual(before.participants);
  });

  it.each(['RELEASED', 'REJECTED', 'CANCELLED'] as const)(
    'a later assessment (e.g. a broken e-lock sending it RED) leaves a %s participant as it is',
    (final) => {
      const before =
        final === 'CANCELLED' ? applyFact(open, cancelled()) : applyFact(open, decided(gz, final));
      const after = applyFact(before, assessed(gz, 'RED', 'import'));
      expect(statusOf(after, 'GZ')).toBe(final);
      expect(after.status).toBe(before.status);
    },
  );

  it('a cancelled participant still takes a release that crossed the cancellation, and nothing else', () => {
    const record = applyFact(open, cancelled());
    expect(statusOf(applyFact(record, decided(gz, 'HELD')), 'GZ')).toBe('CANCELLED');
    expect(statusOf(applyFact(record, decided(gz, 'REJECTED')), 'GZ')).toBe('CANCELLED');
    expect(statusOf(applyFact(record, decided(gz, 'RELEASED')), 'GZ')).toBe('RELEASED');
  });

  it('a held participant may still be released', () => {
    const record = applyAll([decided(gz, 'HELD'), decided(gz, 'RELEASED')], open);
    expect(statusOf(record, 'GZ')).toBe('RELEASED');
  });
});
