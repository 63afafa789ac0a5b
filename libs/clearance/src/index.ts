export * from './clearance.module';
export * from './run-clearance-service';
export * from './schema';
export type { OwnLaw } from '@gba/clearance-domain';
export type { OwnBooksStore } from './infrastructure/postgres/own-books.store';
export type {
  DeclarationResource,
  DeclarationSummary,
} from './use-cases/query-declarations/declaration-resource';
export { PlatformGuard, PlatformId } from './use-cases/platform-keys/platform.guard';
export { CallerGuard } from './use-cases/platform-keys/caller.guard';
export { BodyReader } from './use-cases/http/body-reader';
export { unitOfWork } from './infrastructure/postgres/unit-of-work';
export { personalDataKeys } from './infrastructure/postgres/personal-data';
export type { KeyedHashColumn } from './infrastructure/postgres/personal-data-reseal';
