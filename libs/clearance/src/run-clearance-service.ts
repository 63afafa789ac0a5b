import type { Type } from '@nestjs/common';
import type { AuthorityCode } from '@gba/contracts';
import { runAuthorityService } from '@gba/runtime';
import type { MigrationInterface } from 'typeorm';
import type { AuthorityPolicy } from './authority-policy';
import { ClearanceModule } from './clearance.module';
import { CLEARANCE_COMMANDS } from './commands';
import { CLEARANCE_ENTITIES, CLEARANCE_MIGRATIONS } from './schema';

export interface ClearanceServiceDefinition {
  authority: AuthorityCode;
  serviceName: string;
  title: string;
  /** The authority's own law, as an injectable policy; none when the common standard is all. */
  policy?: Type<AuthorityPolicy>;
  /** Endpoints only this authority offers (e.g. the mainland CBEC quota). */
  controllers?: Type[];
  /** Tables only this authority keeps, applied after the shared schema. */
  migrations?: Type<MigrationInterface>[];
}

/** Starts one authority's clearance service (or, with `migrate`, updates its database). */
export function runClearanceService(definition: ClearanceServiceDefinition): Promise<void> {
  return runAuthorityService({
    authority: definition.authority,
    serviceName: definition.serviceName,
    title: definition.title,
    entities: CLEARANCE_ENTITIES,
    migrations: [...CLEARANCE_MIGRATIONS, ...(definition.migrations ?? [])],
    imports: [ClearanceModule.forAuthority(definition)],
    commands: CLEARANCE_COMMANDS,
  });
}
