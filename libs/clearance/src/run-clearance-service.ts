import type { Provider, Type } from '@nestjs/common';
import { runAuthorityService } from '@gba/runtime';
import type { Authority } from '@gba/standards';
import type { MigrationInterface } from 'typeorm';
import { ClearanceModule, type OwnLawDefinition } from './clearance.module';
import { clearanceCommands, resealStep } from './commands';
import type { KeyedHashColumn } from './infrastructure/postgres/personal-data-reseal';
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
  /**
   * Columns of those tables holding keyed hashes of identifiers (PII_KEY's hashing key), re-keyed
   * with the shared ones when personal data is re-sealed (`migrate`, `keys reseal`).
   */
  keyedHashColumns?: KeyedHashColumn[];
}

/**
 * Starts one authority's clearance service; with `migrate`, updates its database (schema, then
 * personal data sealed under a former key re-sealed); with another command name, runs that command.
 */
export function runClearanceService(definition: ClearanceServiceDefinition): Promise<void> {
  return runAuthorityService({
    authority: definition.authority,
    serviceName: definition.serviceName,
    title: definition.title,
    entities: CLEARANCE_ENTITIES,
    migrations: [...CLEARANCE_MIGRATIONS, ...(definition.migrations ?? [])],
    imports: [ClearanceModule.forAuthority(definition)],
    commands: clearanceCommands(definition.keyedHashColumns),
    afterMigrations: [resealStep(definition.keyedHashColumns)],
  });
}
