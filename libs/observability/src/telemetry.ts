import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { HttpInstrumentation, type HttpInstrumentationConfig } from '@opentelemetry/instrumentation-http';
import { NodeSDK, tracing } from '@opentelemetry/sdk-node';
import { redactQuery } from './log-redaction';

let sdk: NodeSDK | undefined;

/**
 * The incoming-request span's attributes that would hold a URL's query (`url.query`) get it with
 * every value redacted (redactQuery): a query may carry personal data. The hook's attributes
 * replace the instrumentation's before the span starts, so the clear value is never recorded.
 */
export function redactedQueryAttributes(url: string | undefined): Record<string, string> {
  const q = url?.indexOf('?') ?? -1;
  return url && q >= 0 ? { 'url.query': redactQuery(url.slice(q + 1)) } : {};
}

/** The HTTP instrumentation as the services run it: server spans only, query values redacted. */
export const HTTP_INSTRUMENTATION_CONFIG: HttpInstrumentationConfig = {
  disableOutgoingRequestInstrumentation: true,
  ignoreIncomingRequestHook: (req) => /^\/(health|metrics)(\/|\?|$)/.test(req.url ?? ''),
  startIncomingSpanHook: (req) => redactedQueryAttributes(req.url),
};

/**
 * Starts tracing before the instrumented libraries load. Spans are always made, so that the trace
 * context of a request reaches its response (`traceparent`), the outbox and Kafka headers; they
 * are recorded and exported only when OTEL_EXPORTER_OTLP_ENDPOINT is set, and nothing is printed
 * otherwise. Without an exporter the NodeSDK would register no tracer provider at all (it needs a
 * span processor), leaving every span the API's invalid all-zero one: then a provider is registered
 * whose spans carry real ids, that samples a trace only when the caller's traceparent says it is
 * sampled (so the caller's decision travels on) and otherwise records nothing (flags 00).
 * Telemetry must cost little, so spans follow units of work, not statements: one span per incoming HTTP request (not
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
    spanProcessors: exporting ? undefined : [new tracing.NoopSpanProcessor()],
    sampler: exporting ? undefined : new tracing.ParentBasedSampler({ root: new tracing.AlwaysOffSampler() }),
    instrumentations: [new HttpInstrumentation(HTTP_INSTRUMENTATION_CONFIG)],
    metricReaders: [],
  });
  sdk.start();
}

export async function stopTelemetry(): Promise<void> {
  await sdk?.shutdown().catch(() => undefined);
  sdk = undefined;
}
