export * from './config';
export * from './tokens';
export * from './http/problem';
export * from './http/problem.filter';
export * from './metrics/metrics';
export * from './messaging/kafka-event.server';
export * from './runtime.module';
export * from './bootstrap';
