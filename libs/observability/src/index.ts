// Imported first by every service's main.ts: nothing here may load NestJS, express, pg or kafkajs,
// or OpenTelemetry could not patch them.
export * from './telemetry';
export * from './log-redaction';
export * from './request-correlation';
