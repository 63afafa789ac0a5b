import { startTelemetry } from '@gba/observability';

// Before anything else loads, so that HTTP, express, NestJS and pg are traced.
startTelemetry('hong-kong-customs');
