import { currentStandard } from '@gba/standards';
import { sampleDeclaration } from '@gba/testing';
import { applyFact } from './apply-fact';
import { completeTask } from './inspection-workflow';
import { mergeReasons, mergeRuleIds } from './reasons';
import { clearanceOf, declared, partner, testClock } from './testing';
import { emptyRecord } from './types';

const ID = '33333333-3333-4333-8333-333333333333';
const VERSION = currentStandard().version;
const r = (ruleId: string, detail = 'why') => ({ ruleId, detail });

/** Whether no (rule id, detail) appears twice. */
const eachOnce = (reasons: readonly { ruleId: string; detail: string }[]) =>
  new Set(reasons.map((x) => `${x.ruleId}\u0000${x.detail}`)).size === reasons.length;

describe('mergeReasons: each reason once per rule and detail, across stages', () => {
  it.each([
    [
      'the decision repeats the assessment',
      [r('CBEC_PAYER_NOT_BUYER')],
      [r('CBEC_PAYER_NOT_BUYER')],
      [r('CBEC_PAYER_NOT_BUYER')],
    ],
    ['the decision adds its own', [r('A')], [r('B')], [r('A'), r('B')]],
    ['one rule, two details (two findings)', [r('F', 'x')], [r('F', 'y')], [r('F', 'x'), r('F', 'y')]],
    ['duplicates within a stage', [r('A'), r('A')], [r('B'), r('B'), r('A')], [r('A'), r('B')]],
    ['nothing earlier', [], [r('A')], [r('A')]],
    ['nothing later', [r('A')], [], [r('A')]],
  ])('%s', (_case, earlier, later, merged) => {
    expect(mergeReasons(earlier, later)).toEqual(merged);
  });

  it('merges rule ids once each, in first order', () => {
    expect(mergeRuleIds(['A', 'B'], ['B', 'C', 'A'])).toEqual(['A', 'B', 'C']);
  });

  it("applyFact: a participant rejected for its assessment's rule lists that reason once", () => {
    const gz = partner('GZ', testClock());
    const reason = r('CBEC_PAYER_NOT_BUYER', 'payer 李四 is not the buyer 王小明');
    const assessed = gz.assessmentCompleted(ID, VERSION, {
      role: 'import',
      lane: null,
      reasons: [reason],
      duties: [],
      checks: [],
      reserved: false,
      permitsMissing: [],
      ruleIds: ['CBEC_PAYER_NOT_BUYER'],
      rejectedRuleIds: ['CBEC_PAYER_NOT_BUYER'],
    });
    const rejected = gz.clearanceDecided(ID, VERSION, {
      decision: 'REJECTED',
      reasons: [reason],
      decidedBy: 'system',
    });
    const record = [assessed, rejected].reduce(applyFact, emptyRecord(ID));
    expect(record.participants[0]).toMatchObject({ status: 'REJECTED', reasons: [reason] });
    // Each stage keeps its own reasons in the history.
    expect(record.history.map((h) => (h.detail as { reasons: unknown[] }).reasons)).toEqual([
      [reason],
      [reason],
    ]);
  });

  it('GZ rejects a 9610 import whose payer is not the buyer, and lists CBEC_PAYER_NOT_BUYER once', () => {
    const clock = testClock();
    const hk = clearanceOf('HK', new Map(), {}, clock);
    const gz = clearanceOf('GZ', new Map(), {}, clock);
    const sample = sampleDeclaration({ origin: 'HK', destination: 'CN' });
    const declaration = declared({
      ...sample,
      ecommerce: { ...sample.ecommerce!, payment: { ...sample.ecommerce!.payment, payerName: '李四' } },
    });
    hk.record([
      hk.facts.declarationFiled(ID, VERSION, {
        platformId: 'shop-a',
        platformRef: declaration.platformRef,
        declaration,
        participants: [
          { authority: 'HK', role: 'export' },
          { authority: 'GZ', role: 'import' },
        ],
      }),
    ]);
    for (const fact of hk.published) gz.receive(fact);
    const mine = gz.get(ID).participants.find((p) => p.authority === 'GZ');
    expect(mine?.status).toBe('REJECTED');
    expect(mine?.reasons.filter((x) => x.ruleId === 'CBEC_PAYER_NOT_BUYER')).toHaveLength(1);
    expect(eachOnce(mine?.reasons ?? [])).toBe(true);
  });

  it('a YELLOW participant released on its document check lists its lane reasons once', () => {
    const target = {
      id: 'target-yellow',
      match: { partyId: '12345678' },
      lane: 'YELLOW' as const,
      reason: 'test',
      expiresAt: '2099-01-01T00:00:00Z',
      setAt: '2000-01-01T00:00:00Z',
    };
    const hk = clearanceOf('HK', new Map(), { riskTargets: [target] });
    const declaration = declared(sampleDeclaration({ origin: 'HK', destination: 'CN' }));
    hk.record([
      hk.facts.declarationFiled(ID, VERSION, {
        platformId: 'shop-a',
        platformRef: declaration.platformRef,
        declaration,
        participants: [
          { authority: 'HK', role: 'export' },
          { authority: 'GZ', role: 'import' },
        ],
      }),
    ]);
    const [task] = hk.get(ID).tasks;
    const result = {
      declarationId: ID,
      inspectingAuthority: 'HK' as const,
      officerId: 'HK-officer',
      inspectedAt: '2026-03-01T09:00:00.000Z',
      location: 'HKHKG',
      method: 'document' as const,
      checks: (task?.checks ?? []).map((check) => ({ check, outcome: 'pass' as const })),
      containerNumbers: ['CSQU3054383'],
      findings: [],
      standardVersion: VERSION,
    } as Parameters<typeof completeTask>[2];
    hk.put(completeTask(hk.get(ID), task?.id as string, result, 'HK-officer', new Date()));
    hk.record([hk.facts.inspectionRecorded(task?.id as string, result)]);
    const mine = hk.get(ID).participants.find((p) => p.authority === 'HK');
    expect(mine?.status).toBe('RELEASED');
    expect(mine?.reasons.filter((x) => x.ruleId === 'RISK_TARGET')).toHaveLength(1);
    expect(eachOnce(mine?.reasons ?? [])).toBe(true);
  });

  it('an e-lock found broken twice adds ELOCK_BROKEN once to the reasons and the rule ids', () => {
    const hk = clearanceOf('HK');
    const declaration = declared(sampleDeclaration({ origin: 'HK', destination: 'CN' }));
    hk.record([
      hk.facts.declarationFiled(ID, VERSION, {
        platformId: 'shop-a',
        platformRef: declaration.platformRef,
        declaration,
        participants: [
          { authority: 'HK', role: 'export' },
          { authority: 'GZ', role: 'import' },
        ],
      }),
    ]);
    const gz = clearanceOf('GZ');
    for (const fact of hk.published) gz.receive(fact);
    const broken = { lockId: 'EL000123', sealNumber: 'S99881', location: 'CNGZG', intact: false };
    gz.record([gz.facts.eLockVerified(ID, VERSION, broken)]);
    gz.record([gz.facts.eLockVerified(ID, VERSION, broken)]);
    const mine = gz.get(ID).participants.find((p) => p.authority === 'GZ');
    expect(mine?.reasons.filter((x) => x.ruleId === 'ELOCK_BROKEN')).toHaveLength(1);
    expect(eachOnce(mine?.reasons ?? [])).toBe(true);
    expect(mine?.assessment?.ruleIds.filter((id) => id === 'ELOCK_BROKEN')).toHaveLength(1);
  });

  it('GZ inspecting reserved goods itself lists QUARANTINE_RESERVED once per reserved line: the decision repeats none', () => {
    // Two lines in HS chapters 01–24 entering the mainland: the assessment fires the rule per line.
    const sample = sampleDeclaration(
      { origin: 'HK', destination: 'CN' },
      { hsCode: '040210', retail: false },
    );
    const milk = sample.items[0]!;
    const food = { ...milk, line: 2, hsCode: '210690', tariffCodes: { GZ: '2106909090', HK: '21069000' } };
    const declaration = declared({ ...sample, items: [milk, food] });
    const hk = clearanceOf('HK');
    hk.record([
      hk.facts.declarationFiled(ID, VERSION, {
        platformId: 'shop-a',
        platformRef: declaration.platformRef,
        declaration,
        participants: [
          { authority: 'HK', role: 'export' },
          { authority: 'GZ', role: 'import' },
        ],
      }),
    ]);
    const gz = clearanceOf('GZ');
    for (const fact of hk.published) gz.receive(fact);
    const [task] = gz.get(ID).tasks;
    expect(task?.kind).toBe('physical');
    // The task lists the rule once per reserved line, not a third time as a summary.
    expect(task?.reasons.filter((x) => x.ruleId === 'QUARANTINE_RESERVED')).toHaveLength(2);
    const result = {
      declarationId: ID,
      inspectingAuthority: 'GZ' as const,
      officerId: 'GZ-officer',
      inspectedAt: '2026-03-01T09:00:00.000Z',
      location: 'CNGZG',
      method: 'physical' as const,
      checks: (task?.checks ?? []).map((check) => ({ check, outcome: 'pass' as const })),
      containerNumbers: ['CSQU3054383'],
      findings: [],
      standardVersion: VERSION,
    } as Parameters<typeof completeTask>[2];
    gz.put(completeTask(gz.get(ID), task?.id as string, result, 'GZ-officer', new Date()));
    gz.record([gz.facts.inspectionRecorded(task?.id as string, result)]);
    const mine = gz.get(ID).participants.find((p) => p.authority === 'GZ');
    expect(mine?.status).toBe('RELEASED');
    const reserved = mine?.reasons.filter((x) => x.ruleId === 'QUARANTINE_RESERVED') ?? [];
    expect(reserved.map((x) => x.detail.slice(0, 'line 1: HS 040210'.length))).toEqual([
      'line 1: HS 040210',
      'line 2: HS 210690',
    ]);
    expect(eachOnce(mine?.reasons ?? [])).toBe(true);
  });
});
