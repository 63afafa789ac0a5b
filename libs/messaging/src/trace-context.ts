import {
  context,
  type Link,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import type { ReceivedEvent } from './event-consumer';

const tracer = trace.getTracer('@gba/messaging');

/** The W3C traceparent of the active span, if tracing is on. */
export function currentTraceparent(): string | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier['traceparent'];
}

/**
 * Runs `work` in a span whose parent is the trace context carried by a message, so a trace follows
 * one declaration from the HTTP request through the outbox and Kafka into the partners.
 */
export function withMessageSpan<T>(
  name: string,
  kind: SpanKind,
  headers: Record<string, string | undefined>,
  attributes: Record<string, string | number>,
  work: () => Promise<T>,
): Promise<T> {
  const parent = propagation.extract(ROOT_CONTEXT, headers);
  return tracer.startActiveSpan(name, { kind, attributes }, parent, (span) => endSpanWith(span, work));
}

/**
 * Runs the processing of one Kafka fetch (one unit of work over several received events) in ONE
 * consumer span `process <topic>`, with a span link to each event's publisher context (the W3C
 * `traceparent` header), as OpenTelemetry's messaging conventions do for batches. When all the
 * events of the fetch belong to one trace (one declaration's events, the usual case at low load),
 * the span also continues that trace: its parent is the first event's publisher span, so the
 * trace of an HTTP request follows the declaration through Kafka into the partner, and the
 * partner's own events (outbox rows take the active span's traceparent) stay in it. A fetch that
 * mixes traces starts a trace of its own, linked to every one of them.
 */
export function withFetchSpan<T>(received: readonly ReceivedEvent[], work: () => Promise<T>): Promise<T> {
  const links: Link[] = [];
  for (const r of received) {
    const publisher = trace.getSpanContext(propagation.extract(ROOT_CONTEXT, r.headers));
    if (publisher && trace.isSpanContextValid(publisher)) links.push({ context: publisher });
  }
  const oneTrace = links.length > 0 && links.every((l) => l.context.traceId === links[0]?.context.traceId);
  const parent = oneTrace && links[0] ? trace.setSpanContext(ROOT_CONTEXT, links[0].context) : ROOT_CONTEXT;
  const topics = [...new Set(received.map((r) => r.topic))];
  return tracer.startActiveSpan(
    `process ${topics.join(',')}`,
    {
      kind: SpanKind.CONSUMER,
      links,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.operation.type': 'process',
        'messaging.destination.name': topics.join(','),
        'messaging.batch.message_count': received.length,
      },
    },
    parent,
    (span) => endSpanWith(span, work),
  );
}

/** Runs `work` in `span` and ends it; an error is recorded on the span and rethrown. */
export async function endSpanWith<T>(span: Span, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    span.recordException(err as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
    throw err;
  } finally {
    span.end();
  }
}

export { SpanKind };
