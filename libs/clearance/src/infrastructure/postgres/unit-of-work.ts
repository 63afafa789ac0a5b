import { inUnitOfWork } from '@gba/runtime';
import type { DataSource, EntityManager } from 'typeorm';
import type { UnitKind } from '../../use-cases/ports';

export type { UnitKind };

const CONFLICTS = new Set(['40P01', '40001']); // deadlock detected, serialization failure
const ATTEMPTS = 4;

/**
 * One business transaction: everything it changes commits together or not at all. A deadlock or
 * serialization failure rolls it back and the whole unit is run again (up to 4 attempts). One span
 * per unit, and its statements counted in `db_statements_total{unit=kind}`.
 */
export function unitOfWork<T>(
  dataSource: DataSource,
  kind: UnitKind,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  return inUnitOfWork(kind, () => transactionRetried(dataSource, work));
}

async function transactionRetried<T>(
  dataSource: DataSource,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await dataSource.transaction(work);
    } catch (err) {
      const code =
        (err as { driverError?: { code?: string }; code?: string }).driverError?.code ??
        (err as { code?: string }).code;
      if (!code || !CONFLICTS.has(code) || attempt >= ATTEMPTS) throw err;
      await new Promise((r) => setTimeout(r, 10 * attempt + Math.random() * 20));
    }
  }
}
