import fc from 'fast-check';
import { assess } from '../assessment/assess';
import type { Assessment } from '../assessment/types';
import { explain } from '../rules';
import { context, exampleDeclaration, generalTrade, item } from '../testing/fixtures';
import { planInspection } from './plan';
import { recognise } from './recognise';
import type { InspectionResult } from './types';
import { validateInspectionResult } from './validate-result';

/** An assessment shaped for planning tests. */
function assessment(
  authority: 'GZ' | 'HK' | 'MO',
  sequence: number,
  lane: Assessment['lane'],
  extra: Partial<Assessment> = {},
): Assessment {
  return {
    declarationId: 'D-1',
    authority,
    role: sequence === 0 ? 'export' : 'import',
    sequence,
    lane,
    ruleIds: [],
    reasons: [],
    checks:
      lane === 'RED' ? ['documents', 'quantity', 'description'] : lane === 'YELLOW' ? ['documents'] : [],
    reserved: false,
    duties: [],
    permitsMissing: [],
    rejected: null,
    standardVersion: 'GBA-2024.2',
    assessedAt: '2026-03-01T08:00:00.000Z',
    ...extra,
  };
}

describe('planInspection: one inspection for the route', () => {
  it('needs no plan while nobody needs RED', () => {
    expect(planInspection([])).toBeNull();
    expect(planInspection([assessment('HK', 0, 'GREEN'), assessment('GZ', 1, 'YELLOW')])).toBeNull();
  });

  it('inspects at the export side, covering the union of every participant’s checks', () => {
    const plan = planInspection([
      assessment('GZ', 1, 'RED', { checks: ['seal', 'quantity', 'description'] }),
      assessment('HK', 0, 'YELLOW', { checks: ['documents', 'identity'] }),
    ]);
    expect(plan).toEqual({
      declarationId: 'D-1',
      inspectingAuthority: 'HK',
      checks: ['documents', 'identity', 'seal', 'quantity', 'description'],
      participants: ['HK', 'GZ'],
      standardVersion: 'GBA-2024.2',
    });
  });

  it('inspects at the first transit when the origin is outside the three places, else at the import side', () => {
    const viaTransit = planInspection([
      assessment('MO', 2, 'RED', { role: 'import' }),
      assessment('HK', 1, 'GREEN', { role: 'transit' }),
    ]);
    expect(viaTransit).toMatchObject({ inspectingAuthority: 'HK', participants: ['MO'] });
    expect(planInspection([assessment('GZ', 0, 'RED', { role: 'import' })])).toMatchObject({
      inspectingAuthority: 'GZ',
    });
  });

  it('leaves a participant RED from its reserved categories to inspect alone', () => {
    const reserved = assessment('GZ', 1, 'RED', { reserved: true, checks: ['quarantine'] });
    expect(planInspection([assessment('HK', 0, 'GREEN'), reserved])).toBeNull();
    const plan = planInspection([assessment('HK', 0, 'GREEN'), reserved, assessment('MO', 2, 'RED')]);
    expect(plan).toMatchObject({
      inspectingAuthority: 'HK',
      participants: ['MO'],
      checks: ['documents', 'quantity', 'description'],
    });
  });

  it('leaves out rejected participants', () => {
    const rejected = assessment('HK', 0, 'GREEN', { rejected: { ruleIds: ['PROHIBITED_GOODS'] } });
    expect(planInspection([rejected, assessment('GZ', 1, 'RED')])).toMatchObject({
      inspectingAuthority: 'GZ',
    });
  });

  it('refuses assessments of different declarations', () => {
    expect(() =>
      planInspection([assessment('HK', 0, 'RED'), assessment('GZ', 1, 'RED', { declarationId: 'D-2' })]),
    ).toThrow(RangeError);
  });

  it('plans from real assessments: a broken seal seen by GZ is inspected by HK, the export side', () => {
    const d = exampleDeclaration();
    const ctx = context({ eLock: { lockId: 'EL000123', sealNumber: 'S99881', intact: false } });
    const plan = planInspection([assess(d, 'HK', context()), assess(d, 'GZ', ctx)]);
    expect(plan).toMatchObject({
      inspectingAuthority: 'HK',
      participants: ['GZ'],
      checks: ['seal', 'quantity', 'description'],
    });
  });
});

function result(extra: Partial<InspectionResult> = {}): InspectionResult {
  return {
    declarationId: 'D-0001',
    inspectingAuthority: 'HK',
    officerId: 'HK-OFFICER-7',
    inspectedAt: '2026-03-01T09:30:00Z',
    location: 'HKHKG',
    method: 'physical',
    checks: [
      { check: 'documents', outcome: 'pass' },
      { check: 'seal', outcome: 'pass' },
      { check: 'quantity', outcome: 'pass' },
      { check: 'description', outcome: 'pass' },
    ],
    containerNumbers: ['CSQU3054383'],
    sealNumber: 'S99881',
    eLockId: 'EL000123',
    sealIntact: true,
    findings: [],
    standardVersion: 'GBA-2024.2',
    ...extra,
  };
}

describe('recognise: mutual recognition of a partner’s result', () => {
  const d = exampleDeclaration();
  const gzRed = {
    ...assess(d, 'GZ', context()),
    lane: 'RED' as const,
    checks: ['seal' as const, 'quantity' as const, 'description' as const],
  };

  it('accepts a result under a recognised version covering every check, matching the shipment, seal intact', () => {
    expect(recognise(result(), gzRed, d)).toEqual({ accepted: true, reasons: [] });
    expect(recognise(result({ standardVersion: 'GBA-2024.1' }), gzRed, d).accepted).toBe(true);
  });

  it.each<[string, Partial<InspectionResult>, string]>([
    ['another declaration', { declarationId: 'D-9' }, 'DECLARATION_MISMATCH'],
    ['an unrecognised version', { standardVersion: 'GBA-2030.1' }, 'STANDARD_VERSION_NOT_RECOGNISED'],
    [
      'a check not performed',
      {
        checks: [
          { check: 'seal', outcome: 'pass' },
          { check: 'quantity', outcome: 'not-performed' },
          { check: 'description', outcome: 'pass' },
        ],
      },
      'CHECK_NOT_COVERED: quantity',
    ],
    [
      'a check missing',
      {
        checks: [
          { check: 'seal', outcome: 'pass' },
          { check: 'quantity', outcome: 'pass' },
        ],
      },
      'CHECK_NOT_COVERED: description',
    ],
    ['another container', { containerNumbers: ['MSKU9070323'] }, 'CONTAINER_MISMATCH'],
    ['an extra container', { containerNumbers: ['CSQU3054383', 'MSKU9070323'] }, 'CONTAINER_MISMATCH'],
    ['another seal', { sealNumber: 'S1' }, 'SEAL_MISMATCH'],
    ['another e-lock', { eLockId: 'EL9' }, 'ELOCK_MISMATCH'],
    ['a broken seal', { sealIntact: false }, 'SEAL_NOT_INTACT'],
  ])('refuses %s', (_name, change, reason) => {
    const r = recognise(result(change), gzRed, d);
    expect(r.accepted).toBe(false);
    expect(r.reasons.some((x) => x.startsWith(reason))).toBe(true);
  });

  it('refuses a partner’s result for goods in its reserved categories, but not its own', () => {
    const reserved = { ...gzRed, reserved: true };
    expect(recognise(result(), reserved, d).reasons).toEqual([
      'RESERVED_CATEGORY: GZ inspects these goods itself',
    ]);
    expect(recognise(result({ inspectingAuthority: 'GZ' }), reserved, d).accepted).toBe(true);
  });

  it('without a seal declared, refuses only a seal reported broken', () => {
    const air = generalTrade('HK', 'CN', [item()]);
    air.transport = { mode: 'air', conveyanceRef: 'CX1', transportDocument: '160-1', containerNumbers: [] };
    const a = { ...assess(air, 'GZ', context()), lane: 'RED' as const, checks: ['quantity' as const] };
    const plain = result({
      containerNumbers: [],
      sealNumber: undefined,
      eLockId: undefined,
      sealIntact: undefined,
    });
    expect(recognise(plain, a, air).accepted).toBe(true);
    expect(recognise({ ...plain, sealIntact: false }, a, air).reasons).toEqual(['SEAL_NOT_INTACT']);
  });

  it('recognises only its own version when the assessment’s standard is not registered', () => {
    const custom = { ...gzRed, standardVersion: 'LOCAL-1' };
    expect(recognise(result({ standardVersion: 'LOCAL-1' }), custom, d).accepted).toBe(true);
    expect(recognise(result(), custom, d).accepted).toBe(false);
  });
});

describe('validateInspectionResult: the common inspection record', () => {
  it('accepts a complete record', () => {
    expect(validateInspectionResult(result())).toEqual({ ok: true, result: result() });
    const { sealNumber: _s, eLockId: _e, sealIntact: _i, ...unsealed } = result({ containerNumbers: [] });
    expect(validateInspectionResult(unsealed)).toEqual({ ok: true, result: unsealed });
  });

  it.each<[string, Record<string, unknown>, [string, string][]]>([
    ['unknown authority', { inspectingAuthority: 'SZ' }, [['/inspectingAuthority', 'AUTHORITY_UNKNOWN']]],
    ['bad time', { inspectedAt: '2026-03-01 09:30' }, [['/inspectedAt', 'DATE_TIME_INVALID']]],
    ['unknown place', { location: 'USNYC' }, [['/location', 'LOCODE_UNKNOWN']]],
    ['unknown method', { method: 'sniffer dog' }, [['/method', 'METHOD_UNKNOWN']]],
    [
      'unknown check',
      { checks: [{ check: 'smell', outcome: 'pass' }] },
      [['/checks/0/check', 'CHECK_UNKNOWN']],
    ],
    [
      'unknown outcome',
      { checks: [{ check: 'seal', outcome: 'ok' }] },
      [['/checks/0/outcome', 'OUTCOME_UNKNOWN']],
    ],
    [
      'a check twice',
      {
        checks: [
          { check: 'seal', outcome: 'pass' },
          { check: 'seal', outcome: 'fail' },
        ],
      },
      [['/checks/1/check', 'CHECK_DUPLICATE']],
    ],
    ['a check not an object', { checks: ['seal'] }, [['/checks/0', 'TYPE_INVALID']]],
    [
      'bad container',
      { containerNumbers: ['CSQU3054384'] },
      [['/containerNumbers/0', 'CONTAINER_NUMBER_INVALID']],
    ],
    [
      'a container twice',
      { containerNumbers: ['CSQU3054383', 'MSKU9070323', 'CSQU3054383'] },
      [['/containerNumbers/2', 'CONTAINER_NUMBER_DUPLICATE']],
    ],
    ['seal without intact flag', { sealIntact: undefined }, [['/sealIntact', 'REQUIRED']]],
    [
      'unknown finding',
      { findings: [{ code: 'SMUGGLING', detail: 'x' }], checks: [{ check: 'quantity', outcome: 'fail' }] },
      [['/findings/0/code', 'FINDING_UNKNOWN']],
    ],
    [
      'finding without detail',
      { findings: [{ code: 'QUANTITY_MISMATCH' }], checks: [{ check: 'quantity', outcome: 'fail' }] },
      [['/findings/0/detail', 'REQUIRED']],
    ],
    ['finding not an object', { findings: ['QUANTITY_MISMATCH'] }, [['/findings/0', 'TYPE_INVALID']]],
    [
      'finding with every check passed',
      { findings: [{ code: 'QUANTITY_MISMATCH', detail: '10 cartons, 12 declared' }] },
      [['/findings', 'FINDING_WITHOUT_FAILED_CHECK']],
    ],
    ['unknown field', { remarks: 'ok' }, [['/remarks', 'FIELD_UNKNOWN']]],
  ])('%s', (_name, change, expected) => {
    const v = validateInspectionResult({ ...result(), ...change });
    expect(v.ok ? [] : v.errors.map((e) => [e.pointer, e.code])).toEqual(expected);
  });

  it('property: never throws on any JSON value, and explains every error', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const v = validateInspectionResult(value);
        expect(v.ok).toBe(false);
        if (!v.ok) for (const e of v.errors) expect(explain(e.code)).toBeDefined();
      }),
    );
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(result())), fc.jsonValue(), (key, value) => {
        const v = validateInspectionResult({ ...result(), [key]: value });
        if (!v.ok) for (const e of v.errors) expect(explain(e.code)).toBeDefined();
      }),
    );
  });
});
