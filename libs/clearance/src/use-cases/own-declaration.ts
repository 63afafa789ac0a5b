import { type Clearance, NotFoundError } from '@gba/clearance-domain';
import type { ClearanceFactory } from './clearance-factory';
import type { Actor } from './officer';
import type { Loaded, StoreUnit } from './ports';

/**
 * Opens one unit of work on a declaration this authority takes part in, for an officer's action:
 * locked, loaded, with the officer's participant. Throws NotFoundError when the declaration is not
 * on record here.
 */
export async function onOwnDeclaration<T>(
  unit: StoreUnit,
  clearances: ClearanceFactory,
  officer: Actor,
  declarationId: string,
  act: (clearance: Clearance, role: string, loaded: Loaded) => Promise<T>,
): Promise<T> {
  await unit.lock({ declarationIds: [declarationId] });
  const loaded = await unit.load({ declarationIds: [declarationId], filings: [] });
  const clearance = clearances.create(loaded);
  const record = clearance.get(declarationId);
  const mine = record.participants.find((p) => p.authority === officer.authority);
  if (!record.filing || !mine) throw new NotFoundError(`Declaration ${declarationId} not found.`);
  return act(clearance, mine.role, loaded);
}
