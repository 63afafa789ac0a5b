// Intake of the common inspection record, in the same style as validateDeclaration.
import { currentStandard } from '../config/standards';
import type { FindingCode, Standard } from '../config/types';
import { isValidContainerNumber } from '../identifiers/container-number';
import { inspectionPlaces, LOCODE_UNKNOWN } from './place';
import { parseRfc3339 } from '../time';
import { AUTHORITIES, CHECKS, type Authority, type Check, type DataError } from '../types';
import { Fields, isObject, Problems } from '../validation/problems';
import type { CheckOutcome, InspectionMethod, InspectionResult } from './types';

export type InspectionResultValidation =
  | { ok: true; result: InspectionResult }
  | { ok: false; errors: DataError[] };

const FIELDS = new Set([
  'declarationId',
  'inspectingAuthority',
  'officerId',
  'inspectedAt',
  'location',
  'method',
  'checks',
  'containerNumbers',
  'sealNumber',
  'eLockId',
  'sealIntact',
  'findings',
  'standardVersion',
]);
const CHECK_FIELDS = new Set(['check', 'outcome']);
const FINDING_FIELDS = new Set(['code', 'detail']);
const AUTHORITY_SET: ReadonlySet<string> = new Set(AUTHORITIES);
const CHECK_SET: ReadonlySet<string> = new Set(CHECKS);
const METHODS: ReadonlySet<string> = new Set<InspectionMethod>([
  'physical',
  'non-intrusive',
  'sampling',
  'document',
]);
const OUTCOMES: ReadonlySet<string> = new Set<CheckOutcome>(['pass', 'fail', 'not-performed']);
const FINDINGS: ReadonlySet<string> = new Set<FindingCode>([
  'QUANTITY_MISMATCH',
  'UNDECLARED_GOODS',
  'PROHIBITED_GOODS',
  'MISDESCRIPTION',
  'UNDERVALUATION',
  'SEAL_BROKEN',
]);

/** Validates an inspection record; never throws on any JSON value. */
export function validateInspectionResult(
  input: unknown,
  standard: Standard = currentStandard(),
): InspectionResultValidation {
  const p = new Problems();
  if (!isObject(input)) {
    p.add('', 'TYPE_INVALID', 'an inspection result must be a JSON object');
    return { ok: false, errors: p.errors };
  }
  const f = new Fields(input, '', p);
  const declarationId = f.text(input.declarationId, 'declarationId', 64);
  const inspectingAuthority = f.coded(
    input.inspectingAuthority,
    'inspectingAuthority',
    AUTHORITY_SET,
    'AUTHORITY_UNKNOWN',
    'one of GZ, HK, MO',
  ) as Authority;
  const officerId = f.text(input.officerId, 'officerId', 64);
  const inspectedAt = f.dateTime(input.inspectedAt, 'inspectedAt', parseRfc3339);
  const location = f.coded(
    input.location,
    'location',
    inspectionPlaces(standard),
    LOCODE_UNKNOWN,
    'a UN/LOCODE of the standard',
  );
  const method = f.coded(
    input.method,
    'method',
    METHODS,
    'METHOD_UNKNOWN',
    'one of physical, non-intrusive, sampling, document',
  ) as InspectionMethod;
  const standardVersion = f.text(input.standardVersion, 'standardVersion', 32);

  const checks: InspectionResult['checks'] = [];
  const checkList = f.array(input.checks, 'checks', CHECKS.length) ?? [];
  checkList.forEach((c, i) => {
    const at = `/checks/${i}`;
    if (!isObject(c)) return p.add(at, 'TYPE_INVALID', 'a check must be an object');
    const x = new Fields(c, at, p);
    const check = x.coded(c.check, 'check', CHECK_SET, 'CHECK_UNKNOWN', `one of ${CHECKS.join(', ')}`) as
      | Check
      | undefined;
    const outcome = x.coded(
      c.outcome,
      'outcome',
      OUTCOMES,
      'OUTCOME_UNKNOWN',
      'one of pass, fail, not-performed',
    ) as CheckOutcome | undefined;
    x.close(CHECK_FIELDS);
    if (check && checks.some((y) => y.check === check))
      x.error('check', 'CHECK_DUPLICATE', `${check} is reported twice`);
    else if (check && outcome) checks.push({ check, outcome });
  });

  const containerNumbers: string[] = [];
  (f.array(input.containerNumbers, 'containerNumbers', 100, true) ?? []).forEach((c, i) => {
    if (typeof c !== 'string' || !isValidContainerNumber(c))
      p.add(`/containerNumbers/${i}`, 'CONTAINER_NUMBER_INVALID', 'not an ISO 6346 container number');
    else if (containerNumbers.includes(c))
      p.add(`/containerNumbers/${i}`, 'CONTAINER_NUMBER_DUPLICATE', `${c} is listed twice`);
    else containerNumbers.push(c);
  });

  const sealNumber = f.text(input.sealNumber, 'sealNumber', 64, true);
  const eLockId = f.text(input.eLockId, 'eLockId', 64, true);
  const sealIntact = f.boolean(
    input.sealIntact,
    'sealIntact',
    input.sealNumber == null && input.eLockId == null,
  );

  const findings: InspectionResult['findings'] = [];
  (f.array(input.findings, 'findings', 100, true) ?? []).forEach((x, i) => {
    const at = `/findings/${i}`;
    if (!isObject(x)) return p.add(at, 'TYPE_INVALID', 'a finding must be an object');
    const y = new Fields(x, at, p);
    const code = y.coded(x.code, 'code', FINDINGS, 'FINDING_UNKNOWN', 'a finding code of the standard') as
      | FindingCode
      | undefined;
    const detail = y.text(x.detail, 'detail', 1000);
    y.close(FINDING_FIELDS);
    if (code && detail !== undefined) findings.push({ code, detail });
  });
  f.close(FIELDS);
  if (findings.length > 0 && !checks.some((c) => c.outcome === 'fail')) {
    p.add(
      '/findings',
      'FINDING_WITHOUT_FAILED_CHECK',
      'findings are recorded against at least one failed check',
    );
  }

  if (p.errors.length > 0) return { ok: false, errors: p.errors };
  const result: InspectionResult = {
    declarationId: declarationId as string,
    inspectingAuthority,
    officerId: officerId as string,
    inspectedAt: inspectedAt as string,
    location: location as string,
    method,
    checks,
    containerNumbers,
    findings,
    standardVersion: standardVersion as string,
  };
  if (sealNumber !== undefined) result.sealNumber = sealNumber;
  if (eLockId !== undefined) result.eLockId = eLockId;
  if (sealIntact !== undefined) result.sealIntact = sealIntact;
  return { ok: true, result };
}
