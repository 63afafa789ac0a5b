export * from './verifier';
export * from './decorators';
export * from './guard';
export * from './auth.module';
export * from './testing';
