import type { EntityManager } from 'typeorm';
import { appendAuditEntries } from '../infrastructure/postgres/audit-trail.repository';

export { type AuditVerification, verifyAudit } from '../infrastructure/postgres/audit-trail.repository';

export interface AuditEntry {
  actor: string;
  action: string;
  declarationId?: string;
  detail: Record<string, unknown>;
}

/**
 * Appends entries to the tamper-evident audit trail, without a lock: the sequencer chains them
 * after commit. Kept for the old unit of work until it calls `appendAuditEntries` itself.
 */
export async function writeAudit(
  manager: EntityManager,
  entries: readonly (AuditEntry & { authority: string })[],
): Promise<void> {
  await appendAuditEntries(manager, entries);
}
