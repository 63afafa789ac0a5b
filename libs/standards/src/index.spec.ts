// The public API, called from the package root as the services and acceptance checks call it.
import * as standards from './index';
import {
  assess,
  checkUscc,
  declarationStatus,
  decide,
  explain,
  hkDeclarationCharge,
  isValidContainerNumber,
  isValidHsCode,
  isValidResidentId,
  participants,
  planInspection,
  recognise,
  validateDeclaration,
  validateInspectionResult,
  type AssessmentContext,
  type InspectionResult,
} from './index';
import { apiExample } from './testing/fixtures';

describe('@gba/standards public API', () => {
  it('exports the agreed names', () => {
    for (const name of [
      'isValidContainerNumber',
      'isValidResidentId',
      'checkUscc',
      'isValidHsCode',
      'hkDeclarationCharge',
      'validateDeclaration',
      'participants',
      'assess',
      'planInspection',
      'recognise',
      'decide',
      'cbecTax',
      'hkExcise',
      'macauConsumptionTax',
      'explain',
      'validateInspectionResult',
      'standardFor',
      'loadPositiveList',
      'withPositiveList',
      'declarationStatus',
      'currentStandard',
    ]) {
      expect(typeof (standards as Record<string, unknown>)[name]).toBe('function');
    }
    expect(standards.STANDARDS.length).toBeGreaterThan(0);
    expect(standards.RULES.every((r) => r.text && r.source)).toBe(true);
  });

  it('answers the identifier checks with the published examples', () => {
    expect(isValidContainerNumber('CSQU3054383')).toBe(true);
    expect(isValidResidentId('11010519491231002X', '2026-03-01T08:00:00Z')).toBe(true);
    expect(checkUscc('91350100M000100Y43')).toBe('valid');
    expect(isValidHsCode('3304990099', 'GZ')).toBe(true);
    expect(hkDeclarationCharge('46000.00')).toBe('0.20');
    expect(explain('RANDOM')?.source).toContain('domain.md');
    expect(explain('NO_SUCH_RULE')).toBeUndefined();
  });

  it('carries a declaration from intake to clearance: a broken seal inspected once, at the export side', () => {
    const validation = validateDeclaration(apiExample(), '2026-03-01T08:00:00Z');
    if (!validation.ok) throw new Error(JSON.stringify(validation.errors));
    const d = validation.declaration;
    const base: AssessmentContext = {
      declarationId: 'D-2026-42',
      assessedAt: '2026-03-01T08:00:00Z',
      selectionKey: 'acceptance',
    };
    const assessments = participants(d).map((p) =>
      assess(
        d,
        p.authority,
        p.authority === 'GZ'
          ? { ...base, eLock: { lockId: 'EL000123', sealNumber: 'S99881', intact: false } }
          : base,
      ),
    );
    const gz = assessments.find((a) => a.authority === 'GZ')!;
    expect(gz.lane).toBe('RED');

    const plan = planInspection(assessments)!;
    expect(plan.inspectingAuthority).toBe('HK');
    expect(plan.checks).toEqual(expect.arrayContaining(['seal', 'quantity', 'description']));

    const record = validateInspectionResult({
      declarationId: 'D-2026-42',
      inspectingAuthority: 'HK',
      officerId: 'HK-7',
      inspectedAt: '2026-03-01T09:00:00Z',
      location: 'HKHKG',
      method: 'physical',
      checks: plan.checks.map((check) => ({ check, outcome: 'pass' })),
      containerNumbers: ['CSQU3054383'],
      sealNumber: 'S99881',
      eLockId: 'EL000123',
      sealIntact: true,
      findings: [],
      standardVersion: plan.standardVersion,
    });
    if (!record.ok) throw new Error(JSON.stringify(record.errors));
    const result: InspectionResult = record.result;

    expect(recognise(result, gz, d)).toEqual({ accepted: true, reasons: [] });
    const statuses = assessments.map(
      (a) => decide(a, a.authority === 'HK' || a.lane === 'RED' ? { inspection: result } : {}).outcome,
    );
    expect(declarationStatus(statuses.map((s) => (s === 'AWAITING_DOCUMENT_CHECK' ? 'RELEASED' : s)))).toBe(
      'CLEARED',
    );
  });
});
