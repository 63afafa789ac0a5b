import { currentStandard, type Declaration, type RiskTarget } from '@gba/standards';
import { sampleDeclaration } from '@gba/testing';
import { amendability, supersededByAmendment, versionOf } from './amendment';
import { applyFact } from './apply-fact';
import type { Clearance } from './clearance';
import type { AssessmentCompleted, DeclarationAmended, DeclarationFiled } from './facts';
import type { OwnLaw } from './own-law';
import { clearanceOf, declared, partner, testClock } from './testing';
import type { DeclarationRecord } from './types';

const ID = '44444444-4444-4444-8444-444444444444';
const VERSION = currentStandard().version;
const declaration = declared(sampleDeclaration({ origin: 'HK', destination: 'CN' }));
const PARTICIPANTS = [
  { authority: 'HK' as const, role: 'export' as const },
  { authority: 'GZ' as const, role: 'import' as const },
];
const BOTH = ['HK' as const, 'GZ' as const];
const yellow: RiskTarget = {
  id: 'target-yellow',
  match: { partyId: '12345678' },
  lane: 'YELLOW',
  reason: 'test',
  expiresAt: '2099-01-01T00:00:00Z',
  setAt: '2000-01-01T00:00:00Z',
};

/** The same declaration with the first line's quantity corrected (same order total: 300.00 CNY). */
function corrected(quantity: number): Declaration {
  const [first, ...rest] = declaration.items;
  const unitValue = (300 / quantity).toFixed(2);
  return declared({ ...declaration, items: [{ ...first, quantity, unitValue }, ...rest] });
}

function filing(clearance: Clearance): DeclarationFiled {
  return clearance.facts.declarationFiled(ID, VERSION, {
    platformId: 'shop-a',
    platformRef: declaration.platformRef,
    declaration,
    participants: PARTICIPANTS,
  });
}

function amendment(clearance: Clearance, version = 2, quantity = 4): DeclarationAmended {
  return clearance.facts.declarationAmended(ID, VERSION, {
    version,
    declaration: corrected(quantity),
    amendedBy: 'platform:shop-a',
    participants: PARTICIPANTS,
  });
}

function gzAssessment(declarationVersion?: number): AssessmentCompleted {
  return {
    ...partner('GZ').assessmentCompleted(ID, VERSION, {
      role: 'import',
      lane: 'YELLOW',
      reasons: [{ ruleId: 'R1', detail: `version ${declarationVersion ?? 1}` }],
      duties: [],
      checks: ['documents'],
      reserved: false,
      permitsMissing: [],
      ruleIds: ['R1'],
      rejectedRuleIds: null,
      ...(declarationVersion ? { declarationVersion } : {}),
    }),
    addressees: BOTH,
  };
}

/** HK, where it was filed, holding it YELLOW (a pending document check). */
function yellowAtHk(): Clearance {
  const hk = clearanceOf('HK', new Map(), { riskTargets: [yellow] });
  hk.record([filing(hk)]);
  return hk;
}

const statusOf = (record: DeclarationRecord, authority: 'HK' | 'GZ') =>
  record.participants.find((p) => p.authority === authority)?.status;

describe('amendability: the rule "amendable?"', () => {
  it('allows a declaration nobody has decided, at the authority it was filed with', () => {
    const record = yellowAtHk().get(ID);
    expect(statusOf(record, 'HK')).toBe('AWAITING_DOCUMENT_CHECK');
    expect(amendability(record, 'HK')).toEqual({ amendable: true });
  });

  it('refuses at another participant: versions are kept where it was filed', () => {
    expect(amendability(yellowAtHk().get(ID), 'GZ')).toMatchObject({
      amendable: false,
      code: 'not-filing-authority',
    });
  });

  it.each(['RELEASED', 'REJECTED', 'HELD'] as const)(
    'refuses once a participant has %s it, naming who',
    (d) => {
      const decided = applyFact(yellowAtHk().get(ID), {
        ...partner('GZ').clearanceDecided(ID, VERSION, { decision: d, reasons: [], decidedBy: 'system' }),
        addressees: BOTH,
      });
      const verdict = amendability(decided, 'HK');
      expect(verdict).toMatchObject({ amendable: false, code: `already-${d.toLowerCase()}` });
      expect(verdict.amendable === false && verdict.reason).toContain('GZ');
    },
  );

  it('refuses a GREEN declaration, released at once', () => {
    const hk = clearanceOf('HK');
    hk.record([filing(hk)]);
    expect(amendability(hk.get(ID), 'HK')).toMatchObject({ amendable: false, code: 'already-released' });
  });

  it('refuses once an inspection result is recorded here, and a cancelled one', () => {
    const record = yellowAtHk().get(ID);
    const inspected = {
      ...record,
      tasks: record.tasks.map((t) => ({ ...t, result: { declarationId: ID } as never })),
    };
    expect(amendability(inspected, 'HK')).toMatchObject({ amendable: false, code: 'inspection-recorded' });
    const cancelled = applyFact(record, {
      ...partner('GZ').declarationCancelled(ID, VERSION, {
        cancelledBy: 'platform:shop-a',
        reason: 'withdrawn',
        participants: PARTICIPANTS,
      }),
      addressees: BOTH,
    });
    expect(amendability(cancelled, 'HK')).toMatchObject({ amendable: false, code: 'already-cancelled' });
  });
});

describe('applying DeclarationAmended', () => {
  it('replaces the declaration, raises the version, resets the undecided participants and keeps both versions in the history', () => {
    const hk = yellowAtHk();
    const before = applyFact(hk.get(ID), gzAssessment());
    expect(statusOf(before, 'GZ')).toBe('AWAITING_DOCUMENT_CHECK');
    const fact = amendment(hk);
    const after = applyFact(before, fact);
    expect(versionOf(before.filing)).toBe(1);
    expect(after.filing).toMatchObject({ version: 2, platformId: 'shop-a' });
    expect(after.filing?.declaration?.items[0]?.quantity).toBe(4);
    for (const p of after.participants)
      expect(p).toMatchObject({ status: 'RECEIVED', lane: null, duties: [], assessment: null });
    expect(after.status).toBe('IN_PROGRESS');
    expect(after.history.map((h) => h.type)).toEqual([
      'DECLARATION_FILED',
      'ASSESSMENT_COMPLETED',
      'INSPECTION_REQUESTED',
      'ASSESSMENT_COMPLETED',
      'DECLARATION_AMENDED',
    ]);
    expect(after.history.at(-1)?.detail).toMatchObject({ version: 2, amendedBy: 'platform:shop-a' });
    expect(applyFact(after, fact)).toBe(after);
    // A version already held changes nothing but the history.
    const again = applyFact(after, amendment(hk, 2, 5));
    expect(again.filing).toBe(after.filing);
    expect(again.participants).toBe(after.participants);
  });

  it("ignores a late assessment of the old version, and takes the new version's", () => {
    const amended = applyFact(yellowAtHk().get(ID), amendment(yellowAtHk()));
    const late = applyFact(amended, gzAssessment());
    expect(statusOf(late, 'GZ')).toBe('RECEIVED');
    expect(late.history.at(-1)?.type).toBe('ASSESSMENT_COMPLETED');
    const current = applyFact(late, gzAssessment(2));
    expect(current.participants.find((p) => p.authority === 'GZ')).toMatchObject({
      status: 'AWAITING_DOCUMENT_CHECK',
      assessedVersion: 2,
      reasons: [{ ruleId: 'R1', detail: 'version 2' }],
    });
  });

  it("keeps a new version's assessment that overtook the amendment, and a decision that crossed it", () => {
    const hk = yellowAtHk();
    const record = hk.get(ID);
    const fact = amendment(hk);
    const overtaken = applyFact(applyFact(record, gzAssessment(2)), fact);
    expect(overtaken.participants.find((p) => p.authority === 'GZ')).toMatchObject({
      status: 'AWAITING_DOCUMENT_CHECK',
      assessedVersion: 2,
    });
    const release = {
      ...partner('GZ').clearanceDecided(ID, VERSION, {
        decision: 'RELEASED' as const,
        reasons: [],
        decidedBy: 'system',
      }),
      addressees: BOTH,
    };
    const a = applyFact(applyFact(record, release), fact);
    const b = applyFact(applyFact(record, fact), release);
    expect(statusOf(a, 'GZ')).toBe('RELEASED');
    expect(statusOf(b, 'GZ')).toBe('RELEASED');
    expect(statusOf(a, 'HK')).toBe('RECEIVED');
    expect(statusOf(b, 'HK')).toBe('RECEIVED');
  });
});

describe('Clearance reacting to an amendment', () => {
  type Books = { events: string[] };
  const law: OwnLaw<Books> = {
    afterAssessment: (books, d) => books.events.push(`assessed quantity ${d.items[0]?.quantity}`),
    afterAmendment: (books, id) => books.events.push(`amended ${id}`),
  };

  it("closes the old version's task with the reason, re-assesses and opens the new version's task, at both participants", () => {
    const clock = testClock();
    const hk = clearanceOf('HK', new Map(), { riskTargets: [yellow] }, clock);
    hk.record([filing(hk)]);
    const books: Books = { events: [] };
    const gz = clearanceOf('GZ', new Map(), { law: law as OwnLaw, books, riskTargets: [yellow] }, clock);
    for (const fact of hk.published) gz.receive(fact);
    for (const fact of gz.published) hk.receive(fact);
    const [oldHkTask] = hk.get(ID).tasks;
    const [oldGzTask] = gz.get(ID).tasks;
    expect(oldHkTask?.status).toBe('pending');
    expect(oldGzTask?.status).toBe('pending');
    const hkSent = hk.published.length;
    const gzSent = gz.published.length;

    hk.record([amendment(hk)]);
    const [amended, reassessed, requested] = hk.published.slice(hkSent);
    expect(amended).toMatchObject({ type: 'DeclarationAmended', version: 2, addressees: BOTH });
    expect(reassessed).toMatchObject({ type: 'AssessmentCompleted', lane: 'YELLOW', declarationVersion: 2 });
    expect(requested).toMatchObject({ type: 'InspectionRequested', kind: 'document' });
    expect(hk.audit.at(-1)).toMatchObject({ actor: 'platform:shop-a', action: 'AMENDMENT' });

    for (const fact of hk.published.slice(hkSent)) gz.receive(fact);
    for (const fact of gz.published.slice(gzSent)) hk.receive(fact);
    expect(books.events).toEqual(['assessed quantity 2', `amended ${ID}`, 'assessed quantity 4']);
    for (const clearance of [hk, gz]) {
      const record = clearance.get(ID);
      expect(record.filing?.version).toBe(2);
      expect(record.participants.map((p) => [p.authority, p.status, p.assessedVersion])).toEqual([
        ['HK', 'AWAITING_DOCUMENT_CHECK', 2],
        ['GZ', 'AWAITING_DOCUMENT_CHECK', 2],
      ]);
      const [old, current, ...more] = record.tasks;
      expect(more).toEqual([]);
      expect(old).toMatchObject({ status: 'done', result: null });
      expect(old?.reasons.at(-1)).toEqual({
        ruleId: 'AMENDED',
        detail: 'closed: declaration amended to version 2',
      });
      expect(old && supersededByAmendment(old)).toBe(true);
      expect(current).toMatchObject({ status: 'pending', kind: 'document' });
    }
  });

  it('reacts to nothing in a late assessment of the old version', () => {
    const hk = yellowAtHk();
    hk.record([amendment(hk)]);
    const sent = hk.published.length;
    const tasks = hk.get(ID).tasks;
    hk.receive(gzAssessment());
    expect(hk.published.length).toBe(sent);
    expect(hk.get(ID).tasks).toBe(tasks);
    expect(statusOf(hk.get(ID), 'GZ')).toBe('RECEIVED');
  });

  it('does not re-assess at a participant that decided before the amendment reached it', () => {
    const books: Books = { events: [] };
    const gz = clearanceOf('GZ', new Map(), { law: law as OwnLaw, books });
    const hk = clearanceOf('HK', new Map(), { riskTargets: [yellow] });
    hk.record([filing(hk)]);
    for (const fact of hk.published) gz.receive(fact);
    expect(statusOf(gz.get(ID), 'GZ')).toBe('RELEASED'); // GREEN at GZ
    const sent = gz.published.length;
    gz.receive({ ...amendment(hk), addressees: BOTH });
    expect(gz.published.length).toBe(sent);
    expect(books.events).toEqual(['assessed quantity 2']);
    expect(gz.get(ID).filing?.version).toBe(2);
  });
});
