import type { Assessment, Authority, Declaration } from '@gba/standards';
import type { EntityManager } from 'typeorm';
import type { ParticipantStatus } from '@gba/standards';

export interface ParticipantRow {
  authority: Authority;
  role: 'export' | 'transit' | 'import';
  status: ParticipantStatus;
  assessment: Assessment | null;
}

/** Every participant this authority knows of, with the assessment it published. */
export async function participantRows(
  manager: EntityManager,
  declarationId: string,
): Promise<ParticipantRow[]> {
  return manager.query(
    'SELECT authority, role, status, assessment FROM participants WHERE declaration_id = $1 FOR UPDATE',
    [declarationId],
  );
}

export async function declarationBody(
  manager: EntityManager,
  declarationId: string,
): Promise<Declaration | null> {
  const [row]: { body: Declaration }[] = await manager.query('SELECT body FROM declarations WHERE id = $1', [
    declarationId,
  ]);
  return row?.body ?? null;
}
