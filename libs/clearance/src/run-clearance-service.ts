import type { Provider, Type } from '@nestjs/common';
import { runAuthorityService } from '@gba/runtime';
import type { Authority } from '@gba/standards';
import type { MigrationInterface } from 'typeorm';
import { ClearanceModule, type OwnLawDefinition } from './clearance.module';
import { CLEARANCE_COMMANDS } from './commands';
import { CLEARANCE_ENTITIES, CLEARANCE_MIGRATIONS } from './schema';

export interface ClearanceServiceDefinition {
  authority: Authority;
  serviceName: string;
  title: string;
  /** The authority's own law (pure rules) and the store of its books; none when the common standard is all. */
  ownLaw?: OwnLawDefinition;
  /** Endpoints only this authority offers (e.g. the mainland CBEC quota). */
  controllers?: Type[];
  /** Providers those endpoints need. */
  providers?: Provider[];
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
