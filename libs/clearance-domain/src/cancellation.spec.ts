import { currentStandard, type RiskTarget } from '@gba/standards';
import { sampleDeclaration } from '@gba/testing';
import { applyFact } from './apply-fact';
import { cancellability } from './cancellation';
import type { Clearance } from './clearance';
import type { DeclarationCancelled, DeclarationFiled } from './facts';
import type { OwnLaw } from './own-law';
import { clearanceOf, declared, partner, testClock } from './testing';
import { type DeclarationRecord, emptyRecord } from './types';

const ID = '33333333-3333-4333-8333-333333333333';
const VERSION = currentStandard().version;
const declaration = declared(sampleDeclaration({ origin: 'HK', destination: 'CN' }));
const PARTICIPANTS = [
  { authority: 'HK' as const, role: 'export' as const },
  { authority: 'GZ' as const, role: 'import' as const },
];
const redTarget: RiskTarget = {
  id: 'target-red',
  match: { partyId: '12345678' },
  lane: 'RED',
  reason: 'test',
  expiresAt: '2099-01-01T00:00:00Z',
  setAt: '2000-01-01T00:00:00Z',
};

function filing(clearance: Clearance): DeclarationFiled {
  return clearance.facts.declarationFiled(ID, VERSION, {
    platformId: 'shop-a',
    platformRef: declaration.platformRef,
    declaration,
    participants: PARTICIPANTS,
  });
}

function cancellation(by: 'HK' | 'GZ' = 'HK'): DeclarationCancelled {
  return {
    ...partner(by).declarationCancelled(ID, VERSION, {
      cancelledBy: 'platform:shop-a',
      reason: 'order withdrawn by the buyer',
      participants: PARTICIPANTS,
    }),
    addressees: ['HK', 'GZ'],
  };
}

/** HK's record after filing a declaration that a RED target keeps in progress (a pending task). */
function inProgressAtHk(): { clearance: Clearance; record: DeclarationRecord } {
  const clearance = clearanceOf('HK', new Map(), { riskTargets: [redTarget] });
  clearance.record([filing(clearance)]);
  return { clearance, record: clearance.get(ID) };
}

describe('cancellability: the rule "cancellable?"', () => {
  it('allows an in-progress declaration', () => {
    const { record } = inProgressAtHk();
    expect(record.status).toBe('IN_PROGRESS');
    expect(cancellability(record)).toEqual({ cancellable: true });
  });

  it('refuses once any participant released it, naming who: a return is the way', () => {
    const { record } = inProgressAtHk();
    const released = applyFact(record, {
      ...partner('GZ').clearanceDecided(ID, VERSION, {
        decision: 'RELEASED',
        reasons: [],
        decidedBy: 'system',
      }),
      addressees: ['HK', 'GZ'],
    });
    const verdict = cancellability(released);
    expect(verdict).toMatchObject({ cancellable: false, code: 'already-released' });
    expect(verdict.cancellable === false && verdict.reason).toContain('GZ');
    expect(verdict.cancellable === false && verdict.reason).toContain('return');
  });

  it('refuses a declaration already cancelled', () => {
    const { record } = inProgressAtHk();
    expect(cancellability(applyFact(record, cancellation()))).toMatchObject({
      cancellable: false,
      code: 'already-cancelled',
    });
  });
});

describe('applying DeclarationCancelled', () => {
  it('moves every participant to CANCELLED, the declaration too, and shows it in the history', () => {
    const { record } = inProgressAtHk();
    const after = applyFact(record, cancellation());
    expect(after.participants.map((p) => [p.authority, p.status])).toEqual([
      ['HK', 'CANCELLED'],
      ['GZ', 'CANCELLED'],
    ]);
    expect(after.status).toBe('CANCELLED');
    expect(after.history.at(-1)).toMatchObject({
      type: 'DECLARATION_CANCELLED',
      detail: { cancelledBy: 'platform:shop-a', reason: 'order withdrawn by the buyer' },
    });
    expect(applyFact(after, cancellation())).not.toBe(after); // another cancellation event id
  });

  it('is applied once per event id', () => {
    const fact = cancellation();
    const once = applyFact(inProgressAtHk().record, fact);
    expect(applyFact(once, fact)).toBe(once);
  });

  it('gives the same picture whether a crossing release arrives before or after it', () => {
    const { record } = inProgressAtHk();
    const release = {
      ...partner('GZ').clearanceDecided(ID, VERSION, {
        decision: 'RELEASED' as const,
        reasons: [],
        decidedBy: 'system',
      }),
      addressees: ['HK' as const, 'GZ' as const],
    };
    const cancel = cancellation();
    const a = applyFact(applyFact(record, release), cancel);
    const b = applyFact(applyFact(record, cancel), release);
    const statuses = (r: DeclarationRecord) => r.participants.map((p) => [p.authority, p.status]);
    expect(statuses(a)).toEqual([
      ['HK', 'CANCELLED'],
      ['GZ', 'RELEASED'],
    ]);
    expect(statuses(b)).toEqual(statuses(a));
    expect(a.status).toBe('CANCELLED');
    expect(b.status).toBe('CANCELLED');
  });

  it('keeps a participant cancelled when its earlier assessment or hold arrives afterwards', () => {
    const gz = partner('GZ');
    const assessed = {
      ...gz.assessmentCompleted(ID, VERSION, {
        role: 'import',
        lane: 'YELLOW',
        reasons: [],
        duties: [],
        checks: [],
        reserved: false,
        permitsMissing: [],
        ruleIds: [],
        rejectedRuleIds: null,
      }),
      addressees: ['HK' as const, 'GZ' as const],
    };
    const held = {
      ...gz.clearanceDecided(ID, VERSION, { decision: 'HELD' as const, reasons: [], decidedBy: 'GZ-sup' }),
      addressees: ['HK' as const, 'GZ' as const],
    };
    const after = [assessed, held].reduce(applyFact, applyFact(inProgressAtHk().record, cancellation()));
    expect(after.participants.find((p) => p.authority === 'GZ')?.status).toBe('CANCELLED');
    expect(after.status).toBe('CANCELLED');
  });

  it('arriving before the filing, leaves the participants cancelled once the filing arrives', () => {
    const gzClearance = clearanceOf('GZ');
    const filed = { ...filing(clearanceOf('HK')), addressees: ['HK' as const, 'GZ' as const] };
    const after = applyFact(applyFact(emptyRecord(ID), cancellation('HK')), filed);
    expect(after.status).toBe('CANCELLED');
    expect(after.participants.every((p) => p.status === 'CANCELLED')).toBe(true);
    // And a cancelled participant does not assess the filing when it arrives.
    gzClearance.receive(cancellation('HK'));
    gzClearance.receive(filed);
    expect(gzClearance.published).toEqual([]);
  });
});

describe('Clearance reacting to a cancellation', () => {
  type Books = { restored: string[] };
  const law: OwnLaw<Books> = {
    afterCancellation: (books, declarationId) => books.restored.push(declarationId),
  };

  it('closes its own open tasks with the reason and gives back what its law reserved', () => {
    const clock = testClock();
    const yellow = { ...redTarget, lane: 'YELLOW' as const };
    const hk = clearanceOf('HK', new Map(), { riskTargets: [yellow] }, clock);
    hk.record([filing(hk)]);
    expect(hk.get(ID).tasks.filter((t) => t.status === 'pending')).toHaveLength(1);
    const books: Books = { restored: [] };
    const gz = clearanceOf('GZ', new Map(), { law: law as OwnLaw, books, riskTargets: [yellow] }, clock);
    for (const fact of hk.published) gz.receive(fact);
    const gzPending = gz.get(ID).tasks.filter((t) => t.status === 'pending');
    expect(gzPending).toHaveLength(1);

    hk.record([
      hk.facts.declarationCancelled(ID, VERSION, {
        cancelledBy: 'platform:shop-a',
        reason: 'order withdrawn',
        participants: PARTICIPANTS,
      }),
    ]);
    const hkRecord = hk.get(ID);
    expect(hkRecord.status).toBe('CANCELLED');
    expect(hkRecord.tasks.every((t) => t.status === 'done')).toBe(true);
    expect(hkRecord.tasks[0]?.reasons.at(-1)).toEqual({
      ruleId: 'CANCELLED',
      detail: 'closed: declaration cancelled (order withdrawn)',
    });
    const published = hk.published.at(-1);
    expect(published).toMatchObject({ type: 'DeclarationCancelled', addressees: ['HK', 'GZ'] });
    expect(hk.audit.at(-1)).toMatchObject({ actor: 'platform:shop-a', action: 'CANCELLATION' });

    gz.receive(published as DeclarationCancelled);
    expect(gz.get(ID).status).toBe('CANCELLED');
    expect(books.restored).toEqual([ID]);
    expect(gz.get(ID).tasks.filter((t) => gzPending.some((p) => p.id === t.id))).toEqual(
      gzPending.map((t) => expect.objectContaining({ id: t.id, status: 'done' })),
    );
  });

  it('gives nothing back at a participant that had released before the cancellation reached it', () => {
    const books: Books = { restored: [] };
    const gz = clearanceOf('GZ', new Map(), { law: law as OwnLaw, books });
    const hk = clearanceOf('HK');
    hk.record([filing(hk)]);
    for (const fact of hk.published) gz.receive(fact);
    gz.record([
      gz.facts.clearanceDecided(ID, VERSION, { decision: 'RELEASED', reasons: [], decidedBy: 'system' }),
    ]);
    gz.receive(cancellation('HK'));
    expect(books.restored).toEqual([]);
    expect(gz.get(ID).participants.find((p) => p.authority === 'GZ')?.status).toBe('RELEASED');
  });
});
