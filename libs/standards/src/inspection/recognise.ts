// Mutual recognition of inspection results (2018 memorandum for the HK–Zhuhai–Macao Bridge).
import type { Assessment } from '../assessment/types';
import { standardByVersion } from '../config/standards';
import type { Standard } from '../config/types';
import type { Declaration } from '../declaration/types';
import type { InspectionResult } from './types';

/**
 * Whether the authority of `assessment` accepts `result` in place of its own inspection: recorded
 * under a version it recognises, covering every check it asked for, matching the shipment
 * (declaration, containers, seal/e-lock) with the seal intact, and — for a partner's result —
 * goods outside its reserved categories. `reasons` lists every ground for refusal.
 */
export function recognise(
  result: InspectionResult,
  assessment: Assessment,
  d: Declaration,
  standard: Standard | undefined = standardByVersion(assessment.standardVersion),
): { accepted: boolean; reasons: string[] } {
  const reasons: string[] = [];
  const partner = result.inspectingAuthority !== assessment.authority;

  if (result.declarationId !== assessment.declarationId)
    reasons.push(`DECLARATION_MISMATCH: result for ${result.declarationId}, not ${assessment.declarationId}`);
  const recognised = standard?.recognises ?? [assessment.standardVersion];
  if (!recognised.includes(result.standardVersion))
    reasons.push(
      `STANDARD_VERSION_NOT_RECOGNISED: ${result.standardVersion} (recognised: ${recognised.join(', ')})`,
    );

  for (const check of assessment.checks) {
    const done = result.checks.find((c) => c.check === check);
    if (!done || done.outcome === 'not-performed') reasons.push(`CHECK_NOT_COVERED: ${check}`);
  }

  const declared = [...d.transport.containerNumbers].sort();
  const seen = [...result.containerNumbers].sort();
  if (declared.length !== seen.length || declared.some((c, i) => c !== seen[i])) {
    reasons.push(`CONTAINER_MISMATCH: declared [${declared.join(', ')}], seen [${seen.join(', ')}]`);
  }
  const lock = d.transport.eLock;
  if (lock) {
    if (result.sealNumber !== lock.sealNumber)
      reasons.push(`SEAL_MISMATCH: declared ${lock.sealNumber}, seen ${result.sealNumber ?? 'none'}`);
    if (result.eLockId !== undefined && result.eLockId !== lock.lockId)
      reasons.push(`ELOCK_MISMATCH: declared ${lock.lockId}, seen ${result.eLockId}`);
    if (result.sealIntact !== true) reasons.push('SEAL_NOT_INTACT');
  } else if (result.sealIntact === false) {
    reasons.push('SEAL_NOT_INTACT');
  }

  if (partner && assessment.reserved)
    reasons.push(`RESERVED_CATEGORY: ${assessment.authority} inspects these goods itself`);
  return { accepted: reasons.length === 0, reasons };
}
