export * from './authority-policy';
export * from './clearance.module';
export * from './lifecycle/status';
export * from './queries/declaration-resource';
export * from './run-clearance-service';
export * from './schema';
