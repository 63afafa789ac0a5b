import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { NodeSDK } from '@opentelemetry/sdk-node';

let sdk: NodeSDK | undefined;

/**
 * Starts tracing before the instrumented libraries load. Spans are always made, so that the trace
 * context of a request reaches the outbox and Kafka headers; they are exported only when
 * OTEL_EXPORTER_OTLP_ENDPOINT is set, and nothing is printed otherwise. Telemetry must cost
 * little, so spans follow units of work, not statements: one span per incoming HTTP request (not
 * for /health and /metrics; no outgoing-request spans), one per unit of work (`inUnitOfWork` in
 * @gba/runtime), one per Kafka fetch (`withFetchSpan` in @gba/messaging). No span per SQL
 * statement, middleware or Nest handler: `db_statements_total` counts statements instead.
 */
export function startTelemetry(serviceName: string, env: NodeJS.ProcessEnv = process.env): void {
  if (sdk || env['OTEL_SDK_DISABLED'] === 'true') return;
  const exporting = Boolean(env['OTEL_EXPORTER_OTLP_ENDPOINT'] || env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT']);
  sdk = new NodeSDK({
    serviceName: env['OTEL_SERVICE_NAME'] ?? serviceName,
    traceExporter: exporting ? new OTLPTraceExporter() : undefined,
    spanProcessors: exporting ? undefined : [],
    instrumentations: [
      new HttpInstrumentation({
        disableOutgoingRequestInstrumentation: true,
        ignoreIncomingRequestHook: (req) => /^\/(health|metrics)(\/|\?|$)/.test(req.url ?? ''),
      }),
    ],
    metricReaders: [],
  });
  sdk.start();
}

export async function stopTelemetry(): Promise<void> {
  await sdk?.shutdown().catch(() => undefined);
  sdk = undefined;
}
