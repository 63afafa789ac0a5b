export * from './topics';
export * from './kafka-config';
export * from './kafka-logger';
export * from './event-publisher';
export * from './event-consumer';
export * from './topic-admin';
export * from './persistence';
