import { type Assessment, currentStandard, type InspectionResult, type RiskTarget } from '@gba/standards';
import { sampleDeclaration } from '@gba/testing';
import type { Clearance } from './clearance';
import type { ClearanceFact, DeclarationFiled } from './facts';
import { completeTask } from './inspection-workflow';
import type { OwnLaw } from './own-law';
import { clearanceOf, declared, partner, testClock } from './testing';

const ID = '22222222-2222-4222-8222-222222222222';
const VERSION = currentStandard().version;
const declaration = declared(sampleDeclaration({ origin: 'HK', destination: 'CN' }));
const CONSIGNOR = '12345678'; // the sample consignor's business registration number

const target = (lane: 'YELLOW' | 'RED'): RiskTarget => ({
  id: `target-${lane}`,
  match: { partyId: CONSIGNOR },
  lane,
  reason: 'test',
  expiresAt: '2099-01-01T00:00:00Z',
  setAt: '2000-01-01T00:00:00Z',
});

function filing(clearance: Clearance): DeclarationFiled {
  return clearance.facts.declarationFiled(ID, VERSION, {
    platformId: 'shop-a',
    platformRef: declaration.platformRef,
    declaration,
    participants: [
      { authority: 'HK', role: 'export' },
      { authority: 'GZ', role: 'import' },
    ],
  });
}

const types = (facts: readonly ClearanceFact[]) => facts.map((f) => `${f.authority} ${f.type}`);

/** A passing result of `checks` for the sample shipment (its container, seal and e-lock). */
function passing(
  by: 'HK' | 'GZ',
  checks: readonly string[],
  method: InspectionResult['method'] = 'physical',
): InspectionResult {
  return {
    declarationId: ID,
    inspectingAuthority: by,
    officerId: `${by}-officer`,
    inspectedAt: '2026-03-01T09:00:00.000Z',
    location: by === 'HK' ? 'HKHKG' : 'CNGZG',
    method,
    checks: checks.map((check) => ({ check, outcome: 'pass' })) as InspectionResult['checks'],
    containerNumbers: ['CSQU3054383'],
    sealNumber: 'S99881',
    eLockId: 'EL000123',
    sealIntact: true,
    findings: [],
    standardVersion: VERSION,
  };
}

describe('Clearance: one unit of work decided in memory', () => {
  it('files a green declaration: filed, assessed and released, published to every participant', () => {
    const hk = clearanceOf('HK');
    hk.record([filing(hk)]);
    expect(types(hk.published)).toEqual([
      'HK DeclarationFiled',
      'HK AssessmentCompleted',
      'HK ClearanceDecided',
    ]);
    for (const fact of hk.published) expect(fact.addressees).toEqual(['HK', 'GZ']);
    expect(hk.get(ID).participants.map((p) => [p.authority, p.status, p.lane])).toEqual([
      ['HK', 'RELEASED', 'GREEN'],
      ['GZ', 'RECEIVED', null],
    ]);
    expect(hk.audit).toEqual([
      expect.objectContaining({ actor: 'system', action: 'DECISION', declarationId: ID }),
    ]);
    expect(hk.decisions).toEqual([{ lane: 'GREEN', outcome: 'RELEASED' }]);
    expect(hk.knownConsignors.has(CONSIGNOR)).toBe(true);
    expect([...hk.changed]).toEqual([ID]);
    expect(hk.get(ID).history.map((h) => h.type)).toEqual([
      'DECLARATION_FILED',
      'ASSESSMENT_COMPLETED',
      'CLEARANCE_DECIDED',
    ]);
  });

  it("assesses its own part of a partner's filing, and skips facts not addressed to it", () => {
    const hk = clearanceOf('HK');
    hk.record([filing(hk)]);
    const gz = clearanceOf('GZ');
    for (const fact of hk.published) gz.receive(fact);
    expect(types(gz.published)).toEqual(['GZ AssessmentCompleted', 'GZ ClearanceDecided']);
    expect(gz.get(ID).status).toBe('CLEARED');

    const mo = clearanceOf('MO');
    for (const fact of hk.published) mo.receive(fact);
    expect(mo.published).toEqual([]);
    expect(mo.changed.size).toBe(0);
  });

  it('receives a redelivered fact once', () => {
    const hk = clearanceOf('HK');
    hk.record([filing(hk)]);
    const gz = clearanceOf('GZ');
    for (const fact of [...hk.published, ...hk.published]) gz.receive(fact);
    expect(types(gz.published)).toEqual(['GZ AssessmentCompleted', 'GZ ClearanceDecided']);
    expect(gz.get(ID).history).toHaveLength(5);
  });

  it('opens a document check for YELLOW and decides on the officer result', () => {
    const hk = clearanceOf('HK', new Map(), { riskTargets: [target('YELLOW')] });
    hk.record([filing(hk)]);
    expect(types(hk.published)).toEqual([
      'HK DeclarationFiled',
      'HK AssessmentCompleted',
      'HK InspectionRequested',
    ]);
    const [task] = hk.get(ID).tasks;
    expect(task).toMatchObject({ kind: 'document', joint: false, covers: ['HK'], status: 'pending' });
    const result = passing('HK', task?.checks ?? [], 'document');
    hk.put(completeTask(hk.get(ID), task?.id as string, result, 'HK-officer', new Date()));
    hk.record([hk.facts.inspectionRecorded(task?.id as string, result)]);
    expect(types(hk.published).slice(3)).toEqual(['HK InspectionRecorded', 'HK ClearanceDecided']);
    expect(hk.get(ID).participants[0]?.status).toBe('RELEASED');
  });

  it('has the export side inspect once for both; the import side recognises the result', () => {
    const clock = testClock();
    const hk = clearanceOf('HK', new Map(), { riskTargets: [target('RED')] }, clock);
    const gz = clearanceOf('GZ', new Map(), { riskTargets: [target('RED')] }, clock);
    hk.record([filing(hk)]);
    for (const fact of hk.published) gz.receive(fact);
    // GZ is RED too, and no one can plan before both have assessed: GZ waits, HK plans.
    expect(types(gz.published)).toEqual(['GZ AssessmentCompleted']);
    expect(gz.get(ID).tasks).toEqual([]);
    for (const fact of gz.published) hk.receive(fact);
    const joint = hk.get(ID).tasks.find((t) => t.joint);
    expect(joint).toMatchObject({ kind: 'physical', covers: ['HK', 'GZ'], status: 'pending' });
    expect(types(hk.published).at(-1)).toBe('HK InspectionRequested');

    const result = passing('HK', joint?.checks ?? []);
    hk.put(completeTask(hk.get(ID), joint?.id as string, result, 'HK-officer', new Date()));
    const sent = hk.published.length;
    hk.record([hk.facts.inspectionRecorded(joint?.id as string, result)]);
    expect(types(hk.published.slice(sent))).toEqual(['HK InspectionRecorded', 'HK ClearanceDecided']);
    for (const fact of hk.published.slice(sent)) gz.receive(fact);
    const decision = gz.published.at(-1);
    expect(decision).toMatchObject({ type: 'ClearanceDecided', decision: 'RELEASED' });
    expect((decision as { reasons: { ruleId: string }[] }).reasons[0]?.ruleId).toBe('MUTUAL_RECOGNITION');
    expect(gz.get(ID).status).toBe('CLEARED');
  });

  it("opens its own inspection when it cannot recognise a partner's result", () => {
    const clock = testClock();
    const hk = clearanceOf('HK', new Map(), { riskTargets: [target('RED')] }, clock);
    const gz = clearanceOf('GZ', new Map(), { riskTargets: [target('RED')] }, clock);
    hk.record([filing(hk)]);
    for (const fact of hk.published) gz.receive(fact);
    const wrongContainer = {
      ...passing('HK', ['documents', 'quantity', 'description']),
      containerNumbers: [],
    };
    gz.receive(partner('HK', clock).inspectionRecorded('T-1', wrongContainer));
    const [own] = gz.get(ID).tasks;
    expect(own).toMatchObject({ kind: 'physical', joint: false, covers: ['GZ'] });
    expect(own?.reasons.some((r) => r.detail.includes('CONTAINER_MISMATCH'))).toBe(true);
  });

  it('sends a shipment whose e-lock arrives broken to RED and holds it for its own inspection', () => {
    const hk = clearanceOf('HK');
    hk.record([filing(hk)]);
    const gz = clearanceOf('GZ', new Map(), { riskTargets: [target('YELLOW')] });
    for (const fact of hk.published) gz.receive(fact);
    expect(gz.get(ID).tasks.map((t) => [t.kind, t.status])).toEqual([['document', 'pending']]);
    gz.record([
      gz.facts.eLockVerified(ID, VERSION, {
        lockId: 'EL000123',
        sealNumber: 'S99881',
        location: 'CNGZG',
        intact: false,
      }),
    ]);
    expect(types(gz.published).slice(-4)).toEqual([
      'GZ ELockVerified',
      'GZ AssessmentCompleted',
      'GZ ClearanceDecided',
      'GZ InspectionRequested',
    ]);
    const mine = gz.get(ID).participants.find((p) => p.authority === 'GZ');
    expect(mine).toMatchObject({ status: 'HELD', lane: 'RED' });
    expect(mine?.reasons.map((r) => r.ruleId)).toContain('ELOCK_BROKEN');
    // The document check has nothing left to decide; the held goods get a physical inspection.
    expect(gz.get(ID).tasks.map((t) => [t.kind, t.status, t.reasons.at(-1)?.ruleId])).toEqual([
      ['document', 'done', 'DECIDED'],
      ['physical', 'pending', 'ELOCK_BROKEN'],
    ]);
  });

  it("lets the authority's own law read and keep its books in step with assessment and decision", () => {
    const calls: string[] = [];
    const law: OwnLaw<string[]> = {
      assessmentContext: (books) => {
        books.push('context');
        return { buyerAnnualUsedCny: '0.00' };
      },
      afterAssessment: (books, _d, assessment: Assessment) => books.push(`assessed ${assessment.lane}`),
      afterDecision: (books, id, decision) => books.push(`${decision} ${id}`),
    };
    const gz = clearanceOf('GZ', new Map(), { law: law as OwnLaw, books: calls });
    const hk = clearanceOf('HK');
    hk.record([filing(hk)]);
    for (const fact of hk.published) gz.receive(fact);
    expect(calls).toEqual(['context', 'assessed GREEN', `RELEASED ${ID}`]);
  });
});
