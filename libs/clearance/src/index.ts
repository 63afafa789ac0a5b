export * from './authority-policy';
export * from './clearance.module';
export * from './queries/declaration-resource';
export * from './run-clearance-service';
export * from './schema';
export { PlatformGuard, PlatformId } from './platform-auth/platform.guard';
export { CallerGuard } from './officers/caller.guard';
export { BodyReader } from './officers/body';
export { PersonalData } from './persistence/personal-data';
