import { MESSAGING_ENTITIES, MESSAGING_MIGRATIONS } from '@gba/messaging';
import { CreateClearance1764200000000 } from './infrastructure/postgres/migrations/1764200000000-create-clearance';
import { CreateInspection1764300000000 } from './infrastructure/postgres/migrations/1764300000000-create-inspection';
import { CreateAuditAndKeys1764500000000 } from './infrastructure/postgres/migrations/1764500000000-create-audit-and-keys';
import { ChainAuditEntriesLater1764600000000 } from './infrastructure/postgres/migrations/1764600000000-chain-audit-entries-later';
import { CreateNotifications1764900000000 } from './infrastructure/postgres/migrations/1764900000000-create-notifications';
import { CreateSupportingDocuments1765100000000 } from './infrastructure/postgres/migrations/1765100000000-create-supporting-documents';
import { CreatePlatformRateLimits1765050000000 } from './infrastructure/postgres/migrations/1765050000000-create-platform-rate-limits';
import { AllowCancelledStatus1765200000000 } from './infrastructure/postgres/migrations/1765200000000-allow-cancelled-status';
import { CreatePersonalDataKeys1765200000000 } from './infrastructure/postgres/migrations/1765200000000-create-personal-data-keys';
import { AddDeclarationVersions1765300000000 } from './infrastructure/postgres/migrations/1765300000000-add-declaration-versions';

/** The schema of every authority service's database, in migration order. */
export const CLEARANCE_MIGRATIONS = [
  ...MESSAGING_MIGRATIONS,
  CreateClearance1764200000000,
  CreateInspection1764300000000,
  CreateAuditAndKeys1764500000000,
  ChainAuditEntriesLater1764600000000,
  CreateNotifications1764900000000,
  CreatePlatformRateLimits1765050000000,
  CreateSupportingDocuments1765100000000,
  AllowCancelledStatus1765200000000,
  // Written by the re-seal of personal data, which the services' `migrate` runs after these.
  CreatePersonalDataKeys1765200000000,
  AddDeclarationVersions1765300000000,
];
export const CLEARANCE_ENTITIES = [...MESSAGING_ENTITIES];
