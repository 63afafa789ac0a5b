import { assess } from '../assessment/assess';
import type { Assessment } from '../assessment/types';
import { STANDARD_2024_2 } from '../config/standards';
import type { InspectionResult } from '../inspection/types';
import { context, exampleDeclaration, generalTrade, item } from '../testing/fixtures';
import { decide } from './decide';
import { declarationStatus } from './status';

const d = exampleDeclaration();
const green = assess(d, 'GZ', context());
const red: Assessment = {
  ...assess(d, 'GZ', context({ eLock: { lockId: 'EL000123', sealNumber: 'S99881', intact: false } })),
};
const yellow: Assessment = {
  ...green,
  lane: 'YELLOW',
  ruleIds: ['USCC_CHECKSUM_MISMATCH'],
  reasons: [{ ruleId: 'USCC_CHECKSUM_MISMATCH', detail: 'x' }],
  checks: ['documents', 'identity'],
};

function inspection(extra: Partial<InspectionResult> = {}): InspectionResult {
  return {
    declarationId: 'D-0001',
    inspectingAuthority: 'HK',
    officerId: 'HK-7',
    inspectedAt: '2026-03-01T09:30:00Z',
    location: 'HKHKG',
    method: 'physical',
    checks: [
      { check: 'seal', outcome: 'pass' },
      { check: 'quantity', outcome: 'pass' },
      { check: 'description', outcome: 'pass' },
    ],
    containerNumbers: ['CSQU3054383'],
    sealNumber: 'S99881',
    sealIntact: true,
    findings: [],
    standardVersion: 'GBA-2024.2',
    ...extra,
  };
}

describe('decide', () => {
  it('releases a GREEN assessment', () => {
    expect(decide(green)).toEqual({
      declarationId: 'D-0001',
      authority: 'GZ',
      outcome: 'RELEASED',
      reasons: [],
      standardVersion: 'GBA-2024.2',
    });
  });

  it('rejects a business rejection with its reasons', () => {
    const pistol = item({
      hsCode: '930200',
      tariffCodes: { GZ: '9302000000', HK: '93020000' },
      description: 'Pistol',
    });
    const a = assess(generalTrade('HK', 'CN', [pistol]), 'GZ', context());
    const decision = decide(a);
    expect(decision.outcome).toBe('REJECTED');
    expect(decision.reasons.map((r) => r.ruleId)).toEqual(['PROHIBITED_GOODS']);
  });

  it('waits for the inspection on RED, then releases a conform result covering the checks', () => {
    expect(decide(red)).toMatchObject({
      outcome: 'AWAITING_INSPECTION',
      reasons: [{ ruleId: 'INSPECTION_REQUIRED' }, { ruleId: 'ELOCK_BROKEN' }],
    });
    expect(decide(red, { inspection: inspection() })).toMatchObject({
      outcome: 'RELEASED',
      reasons: [{ ruleId: 'ELOCK_BROKEN' }],
    });
    const partial = inspection({ checks: [{ check: 'seal', outcome: 'pass' }] });
    expect(decide(red, { inspection: partial })).toMatchObject({
      outcome: 'AWAITING_INSPECTION',
      reasons: [{ detail: 'checks not covered: quantity, description' }, { ruleId: 'ELOCK_BROKEN' }],
    });
  });

  it.each([
    ['PROHIBITED_GOODS', 'REJECTED'],
    ['UNDECLARED_GOODS', 'HELD'],
    ['QUANTITY_MISMATCH', 'HELD'],
    ['SEAL_BROKEN', 'HELD'],
  ] as const)('holds or rejects by finding: %s → %s', (code, outcome) => {
    const failed = inspection({
      checks: [{ check: 'quantity', outcome: 'fail' }],
      findings: [{ code, detail: 'seen at HKHKG' }],
    });
    expect(decide(red, { inspection: failed })).toMatchObject({
      outcome,
      reasons: [{ ruleId: 'INSPECTION_FINDING', detail: `${code}: seen at HKHKG` }],
    });
    // Without the registry's standard, prohibited goods still reject.
    expect(decide(red, { inspection: failed }, undefined).outcome).toBe(outcome);
    expect(decide(red, { inspection: failed }, STANDARD_2024_2).outcome).toBe(outcome);
  });

  it('holds on a failed check without finding, and on a result for another declaration', () => {
    const failed = inspection({ checks: [{ check: 'description', outcome: 'fail' }] });
    expect(decide(red, { inspection: failed })).toMatchObject({
      outcome: 'HELD',
      reasons: [{ detail: 'check description failed at HK' }],
    });
    expect(decide(red, { inspection: inspection({ declarationId: 'D-9' }) }).outcome).toBe('HELD');
  });

  it('holds restricted goods until the permit is produced, then waits for the document check', () => {
    const ivory = item({
      hsCode: '050790',
      tariffCodes: { HK: '05079000', MO: '05079000' },
      description: 'Carved horn',
    });
    const a = assess(generalTrade('HK', 'MO', [ivory]), 'MO', context());
    expect(decide(a)).toMatchObject({
      outcome: 'HELD',
      reasons: [{ ruleId: 'PERMIT_MISSING', detail: 'CITES permit not produced' }],
    });
    const permits = [{ type: 'CITES', number: 'C-1' }];
    expect(decide(a, { permits }).outcome).toBe('AWAITING_DOCUMENT_CHECK');
    expect(decide(a, { permits, documentCheck: { outcome: 'pass' } }).outcome).toBe('RELEASED');
  });

  it('decides YELLOW by the document check, or by an inspection that covered its checks', () => {
    expect(decide(yellow)).toMatchObject({
      outcome: 'AWAITING_DOCUMENT_CHECK',
      reasons: [{ ruleId: 'DOCUMENT_CHECK' }, { ruleId: 'USCC_CHECKSUM_MISMATCH' }],
    });
    expect(decide(yellow, { documentCheck: { outcome: 'pass' } }).outcome).toBe('RELEASED');
    expect(decide(yellow, { documentCheck: { outcome: 'fail', detail: 'company not found' } })).toMatchObject(
      { outcome: 'HELD', reasons: [{ detail: 'company not found' }] },
    );
    expect(decide(yellow, { documentCheck: { outcome: 'fail' } }).reasons[0].detail).toBe(
      'document check failed',
    );
    const covering = inspection({
      checks: [
        { check: 'documents', outcome: 'pass' },
        { check: 'identity', outcome: 'pass' },
      ],
    });
    expect(decide(yellow, { inspection: covering }).outcome).toBe('RELEASED');
  });

  it('keeps indicators out of the reasons of a release', () => {
    const first = assess(d, 'GZ', context({ firstTimeConsignor: true }));
    expect(decide(first)).toMatchObject({ outcome: 'RELEASED', reasons: [] });
  });
});

describe('declarationStatus', () => {
  it.each([
    [['RELEASED', 'RELEASED'], 'CLEARED'],
    [['RELEASED', 'REJECTED', 'HELD'], 'REJECTED'],
    [['RELEASED', 'HELD'], 'HELD'],
    [['RELEASED', 'AWAITING_INSPECTION'], 'IN_PROGRESS'],
    [['ASSESSED'], 'IN_PROGRESS'],
    [[], 'IN_PROGRESS'],
  ] as const)('%j → %s', (statuses, status) => {
    expect(declarationStatus(statuses)).toBe(status);
  });
});
