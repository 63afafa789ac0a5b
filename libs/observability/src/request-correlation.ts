import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isSpanContextValid, trace } from '@opentelemetry/api';

/** The response (and request) field naming one request, as platforms and proxies commonly send it. */
export const REQUEST_ID_HEADER = 'X-Request-Id';
/** The W3C Trace Context field (https://www.w3.org/TR/trace-context/#traceparent-header). */
export const TRACEPARENT_HEADER = 'traceparent';
/** The server span's attribute holding the request id, so a trace is found from the id. */
export const REQUEST_ID_ATTRIBUTE = 'gba.request_id';

/**
 * A request id a caller may choose: 1 to 128 of the URI's unreserved characters (RFC 3986 §2.3:
 * letters, digits, `-`, `.`, `_`, `~`), so it is safe in a header, a log line and a URN as it is.
 */
const WELL_FORMED_REQUEST_ID = /^[A-Za-z0-9._~-]{1,128}$/;
/** traceparent version 00: trace-id and parent-id in lower-case hex, neither all zeros. */
const TRACEPARENT = /^00-(?!0{32})([0-9a-f]{32})-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}$/;

/** What names one request: in its response fields, its log lines, its span and its problem's `instance`. */
export interface RequestCorrelation {
  /** The caller's well-formed X-Request-Id, or a fresh UUID (v4). */
  requestId: string;
  /** `00-<trace-id>-<span-id>-<flags>` of the request's server span. */
  traceparent: string;
}

const CORRELATION = Symbol('gba.request-correlation');
type Correlated = IncomingMessage & { id?: unknown; [CORRELATION]?: RequestCorrelation };

/**
 * The id of a request: the caller's `X-Request-Id` when well formed (so a platform finds its own
 * id in our answer and an operator in our logs), else a fresh UUID. A UUID, not the trace id:
 * the trace id is already in `traceparent`, and a caller that sends one traceparent with many
 * requests (a retried filing) would make it name several requests.
 */
export function requestIdFrom(header: string | string[] | undefined): string {
  return typeof header === 'string' && WELL_FORMED_REQUEST_ID.test(header) ? header : randomUUID();
}

/**
 * The traceparent of the active span (the HTTP instrumentation's server span of the request).
 * Without one — the SDK disabled, or a request tracing ignores (/health, /metrics) — a
 * traceparent of a span that is not recorded (flags 00): in the caller's trace when it sent a
 * valid traceparent, else in a new one. Either way a valid W3C traceparent.
 */
export function currentTraceparent(incoming?: string | string[]): string {
  const context = trace.getActiveSpan()?.spanContext();
  if (context && isSpanContextValid(context)) {
    const flags = (context.traceFlags & 0xff).toString(16).padStart(2, '0');
    return `00-${context.traceId}-${context.spanId}-${flags}`;
  }
  const traceId =
    typeof incoming === 'string' && TRACEPARENT.test(incoming)
      ? incoming.slice(3, 35)
      : randomBytes(16).toString('hex');
  return `00-${traceId}-${randomBytes(8).toString('hex')}-00`;
}

/**
 * Names the request and says so in its response: sets `traceparent` and `X-Request-Id` on the
 * response before anything answers it, `req.id` for the request log (pino-http logs `req.id` on
 * every line of the request), and the request id as `gba.request_id` on the server span. Call it
 * first, inside the server span; calling it again returns the same correlation.
 */
export function correlateRequest(req: IncomingMessage, res?: ServerResponse): RequestCorrelation {
  const correlated = req as Correlated;
  const known = correlated[CORRELATION];
  if (known) return known;
  const correlation: RequestCorrelation = {
    requestId: requestIdFrom(req.headers['x-request-id']),
    traceparent: currentTraceparent(req.headers[TRACEPARENT_HEADER]),
  };
  correlated[CORRELATION] = correlation;
  correlated.id = correlation.requestId;
  trace.getActiveSpan()?.setAttribute(REQUEST_ID_ATTRIBUTE, correlation.requestId);
  if (res && !res.headersSent) {
    res.setHeader(TRACEPARENT_HEADER, correlation.traceparent);
    res.setHeader(REQUEST_ID_HEADER, correlation.requestId);
  }
  return correlation;
}
