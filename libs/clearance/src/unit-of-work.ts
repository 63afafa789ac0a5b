import type { DataSource, EntityManager } from 'typeorm';
import { type AuditEntry, writeAudit } from './audit/audit-trail';

const auditOf = new WeakMap<EntityManager, (AuditEntry & { authority: string })[]>();
const CONFLICTS = new Set(['40P01', '40001']); // deadlock detected, serialization failure
const ATTEMPTS = 4;

/**
 * One business transaction: its changes, its events (outbox) and its audit entries commit
 * together. Audit entries are written last, so the chain's lock is the last one taken; a deadlock
 * or serialization failure rolls everything back and the work is simply run again.
 */
export async function unitOfWork<T>(
  dataSource: DataSource,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await dataSource.transaction(async (manager) => {
        const audit: (AuditEntry & { authority: string })[] = [];
        auditOf.set(manager, audit);
        const result = await work(manager);
        await writeAudit(manager, audit);
        return result;
      });
    } catch (err) {
      const code =
        (err as { driverError?: { code?: string }; code?: string }).driverError?.code ??
        (err as { code?: string }).code;
      if (!code || !CONFLICTS.has(code) || attempt >= ATTEMPTS) throw err;
      await new Promise((r) => setTimeout(r, 10 * attempt + Math.random() * 20));
    }
  }
}

/** Adds an entry to the audit trail of the unit of work that `manager` belongs to. */
export function appendAudit(manager: EntityManager, authority: string, entry: AuditEntry): void {
  const audit = auditOf.get(manager);
  if (!audit) throw new Error('an audited change must run in unitOfWork()');
  audit.push({ authority, ...entry });
}
