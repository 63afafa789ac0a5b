import { sampleDeclaration } from '@gba/testing';
import { applyFact, historyType } from './apply-fact';
import type { ClearanceFact } from './facts';
import { declared, partner, testClock } from './testing';
import { type DeclarationRecord, emptyRecord } from './types';

const ID = '11111111-1111-4111-8111-111111111111';
const clock = testClock();
const hk = partner('HK', clock);
const gz = partner('GZ', clock);
const declaration = declared(sampleDeclaration({ origin: 'HK', destination: 'CN' }));

const filed = hk.declarationFiled(ID, '2024.2', {
  platformId: 'shop-a',
  platformRef: declaration.platformRef,
  declaration,
  participants: [
    { authority: 'HK', role: 'export' },
    { authority: 'GZ', role: 'import' },
  ],
});
const assessed = (f: typeof hk, lane: 'GREEN' | 'YELLOW' | 'RED' | null, role: 'export' | 'import') =>
  f.assessmentCompleted(ID, '2024.2', {
    role,
    lane,
    reasons: [{ ruleId: 'R1', detail: 'why' }],
    duties: [{ code: 'CN_IMPORT_VAT', amount: '27.30', currency: 'CNY' }],
    checks: lane === 'GREEN' ? [] : ['documents'],
    reserved: false,
    permitsMissing: [],
    ruleIds: ['R1'],
    rejectedRuleIds: null,
  });
const decided = (f: typeof hk, decision: 'RELEASED' | 'HELD' | 'REJECTED' | null) =>
  f.clearanceDecided(ID, '2024.2', {
    decision,
    reasons: [{ ruleId: 'D', detail: 'decided' }],
    decidedBy: 'system',
  });

const applyAll = (facts: readonly ClearanceFact[], from: DeclarationRecord = emptyRecord(ID)) =>
  facts.reduce(applyFact, from);

describe('applyFact', () => {
  it('records a filing: the declaration, every participant RECEIVED, IN_PROGRESS, one history entry', () => {
    const record = applyFact(emptyRecord(ID), filed);
    expect(record.filing).toMatchObject({ platformId: 'shop-a', filedWith: 'HK', tradeMode: '9610' });
    expect(record.participants.map((p) => [p.authority, p.role, p.status])).toEqual([
      ['HK', 'export', 'RECEIVED'],
      ['GZ', 'import', 'RECEIVED'],
    ]);
    expect(record.status).toBe('IN_PROGRESS');
    expect(record.history).toEqual([
      expect.objectContaining({
        eventId: filed.eventId,
        authority: 'HK',
        type: 'DECLARATION_FILED',
        detail: { filedWith: 'HK', platformRef: declaration.platformRef },
      }),
    ]);
  });

  it.each([
    ['GREEN', 'ASSESSED'],
    ['YELLOW', 'AWAITING_DOCUMENT_CHECK'],
    ['RED', 'AWAITING_INSPECTION'],
    [null, 'ASSESSED'],
  ] as const)('puts a participant assessed %s in %s, with its assessment as published', (lane, status) => {
    const fact = assessed(gz, lane, 'import');
    const gzState = applyAll([filed, fact]).participants.find((p) => p.authority === 'GZ');
    expect(gzState).toMatchObject({ status, lane, reasons: fact.reasons, duties: fact.duties });
    expect(gzState?.assessment).toMatchObject({
      authority: 'GZ',
      role: 'import',
      sequence: 2,
      lane,
      assessedAt: fact.occurredAt,
      duties: [{ code: 'CN_IMPORT_VAT', amount: '27.30', currency: 'CNY', ruleId: '' }],
      rejected: null,
    });
  });

  it("decides a participant: status, time, the decision's reasons after the assessment's", () => {
    const decision = decided(hk, 'RELEASED');
    const record = applyAll([filed, assessed(hk, 'GREEN', 'export'), decision]);
    expect(record.participants[0]).toMatchObject({
      authority: 'HK',
      status: 'RELEASED',
      decidedAt: decision.occurredAt,
      reasons: [
        { ruleId: 'R1', detail: 'why' },
        { ruleId: 'D', detail: 'decided' },
      ],
    });
    expect(record.status).toBe('IN_PROGRESS');
    const cleared = applyAll([assessed(gz, 'GREEN', 'import'), decided(gz, 'RELEASED')], record);
    expect(cleared.status).toBe('CLEARED');
  });

  it('keeps an unknown decision in the history only', () => {
    const before = applyAll([filed, assessed(hk, 'GREEN', 'export')]);
    const after = applyFact(before, decided(hk, null));
    expect(after.participants).toEqual(before.participants);
    expect(after.history.at(-1)).toMatchObject({ type: 'CLEARANCE_DECIDED', detail: { decision: null } });
  });

  it('holds a partner assessment that arrives before the filing, without a status until filed', () => {
    const early = applyFact(emptyRecord(ID), assessed(gz, 'RED', 'import'));
    expect(early.filing).toBeNull();
    expect(early.status).toBeNull();
    expect(early.participants.map((p) => [p.authority, p.status])).toEqual([['GZ', 'AWAITING_INSPECTION']]);
    const later = applyFact(early, filed);
    expect(later.participants.find((p) => p.authority === 'GZ')).toMatchObject({
      role: 'import',
      status: 'AWAITING_INSPECTION',
    });
    expect(later.status).toBe('IN_PROGRESS');
  });

  const everyKind: ClearanceFact[] = [
    filed,
    assessed(hk, 'RED', 'export'),
    hk.inspectionRequested(ID, '2024.2', {
      taskId: 'T',
      kind: 'physical',
      checks: ['documents'],
      requestedBy: ['HK'],
      reasons: [],
    }),
    hk.eLockApplied(ID, '2024.2', { lockId: 'EL1', sealNumber: 'S1', location: 'HKHKG' }),
    gz.eLockVerified(ID, '2024.2', { lockId: 'EL1', sealNumber: 'S1', location: 'CNGZG', intact: true }),
    decided(hk, 'HELD'),
  ];

  it.each(everyKind.map((f) => [f.type, f] as const))(
    'changes nothing when the same %s is applied twice',
    (_type, fact) => {
      const once = applyFact(applyFact(emptyRecord(ID), filed), fact);
      expect(applyFact(once, fact)).toBe(once);
    },
  );

  it('names history types as the exchange does', () => {
    expect(everyKind.map((f) => historyType(f.type))).toEqual([
      'DECLARATION_FILED',
      'ASSESSMENT_COMPLETED',
      'INSPECTION_REQUESTED',
      'E_LOCK_APPLIED',
      'E_LOCK_VERIFIED',
      'CLEARANCE_DECIDED',
    ]);
  });

  /** Every interleaving of two sequences that keeps the order within each. */
  function interleavings<T>(a: readonly T[], b: readonly T[]): T[][] {
    if (a.length === 0) return [[...b]];
    if (b.length === 0) return [[...a]];
    const [x, ...xs] = a as [T, ...T[]];
    const [y, ...ys] = b as [T, ...T[]];
    return [
      ...interleavings(xs, b).map((rest) => [x, ...rest]),
      ...interleavings(a, ys).map((rest) => [y, ...rest]),
    ];
  }

  it("gives the same participants and status whatever the order of two publishers' facts", () => {
    const hkFacts = [filed, assessed(hk, 'YELLOW', 'export'), decided(hk, 'RELEASED')];
    const gzFacts = [assessed(gz, 'RED', 'import'), decided(gz, 'HELD')];
    const orders = interleavings(hkFacts, gzFacts);
    expect(orders).toHaveLength(10);
    const byAuthority = (r: DeclarationRecord) =>
      [...r.participants].sort((a, b) => a.authority.localeCompare(b.authority));
    const reference = applyAll(orders[0] as ClearanceFact[]);
    for (const order of orders.slice(1)) {
      const record = applyAll(order);
      expect(byAuthority(record)).toEqual(byAuthority(reference));
      expect(record.status).toBe('HELD');
      expect(record.history.map((h) => h.eventId).sort()).toEqual(
        reference.history.map((h) => h.eventId).sort(),
      );
    }
  });
});
