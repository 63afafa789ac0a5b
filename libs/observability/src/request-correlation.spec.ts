import type { IncomingMessage, ServerResponse } from 'node:http';
import { trace } from '@opentelemetry/api';
import { node, tracing } from '@opentelemetry/sdk-node';
import { correlateRequest, currentTraceparent, requestIdFrom } from './request-correlation';

const exporter = new tracing.InMemorySpanExporter();
const provider = new node.NodeTracerProvider({ spanProcessors: [new tracing.SimpleSpanProcessor(exporter)] });
provider.register();
afterAll(() => provider.shutdown());

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const CALLER_TRACE = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

function request(headers: Record<string, string | string[]>): IncomingMessage {
  return { headers } as unknown as IncomingMessage;
}

function response() {
  const headers = new Map<string, string>();
  const res = { headersSent: false, setHeader: (n: string, v: string) => headers.set(n, v) };
  return { headers, res: res as unknown as ServerResponse };
}

describe('request id', () => {
  it.each(['abc-123', 'A.b_c~d', '0f8fad5b-d9cb-469f-a165-70867728950e', 'x'.repeat(128)])(
    'honours a well-formed X-Request-Id (%s)',
    (id) => expect(requestIdFrom(id)).toBe(id),
  );

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['too long', 'x'.repeat(129)],
    ['a space', 'abc 123'],
    ['a CR/LF (log forging)', 'abc\r\nfake: line'],
    ['a URN delimiter', 'urn:other'],
    ['non-ASCII', 'ábc'],
    ['sent twice', ['abc', 'def']],
  ])('makes a UUID instead of one that is %s', (_why, header) => {
    expect(requestIdFrom(header)).toMatch(UUID);
  });

  it('makes a new id for every request', () => {
    expect(requestIdFrom(undefined)).not.toBe(requestIdFrom(undefined));
  });
});

describe('traceparent of the request', () => {
  it('is the active server span’s, flags included', () => {
    const span = trace.getTracer('test').startSpan('GET');
    const got = trace.getTracer('test').startActiveSpan('GET', (active) => {
      const value = currentTraceparent();
      active.end();
      return { value, context: active.spanContext() };
    });
    span.end();
    expect(got.value).toBe(`00-${got.context.traceId}-${got.context.spanId}-01`);
  });

  it('without a span, continues the caller’s trace in an unrecorded span (flags 00)', () => {
    const [, traceId, spanId, flags] = TRACEPARENT.exec(currentTraceparent(CALLER_TRACE))!;
    expect(traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(spanId).not.toBe('00f067aa0ba902b7');
    expect(spanId).not.toBe('0000000000000000');
    expect(flags).toBe('00');
  });

  it.each([
    ['none', undefined],
    ['an all-zero trace id', '00-00000000000000000000000000000000-00f067aa0ba902b7-01'],
    ['upper-case hex', CALLER_TRACE.toUpperCase()],
    ['garbage', 'not-a-traceparent'],
  ])('without a span and with %s from the caller, starts a new trace', (_why, incoming) => {
    const [, traceId, spanId, flags] = TRACEPARENT.exec(currentTraceparent(incoming))!;
    expect(traceId).not.toMatch(/^0+$/);
    expect(traceId).not.toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(spanId).not.toMatch(/^0+$/);
    expect(flags).toBe('00');
  });
});

describe('correlateRequest', () => {
  it('puts the ids on the response, the request (for the log) and the server span, once', () => {
    exporter.reset();
    const req = request({ 'x-request-id': 'platform-req-42' });
    const { headers, res } = response();
    const result = trace.getTracer('test').startActiveSpan('GET', (span) => {
      const first = correlateRequest(req, res);
      const again = correlateRequest(req, res);
      span.end();
      return { first, again, context: span.spanContext() };
    });
    expect(result.first).toEqual({
      requestId: 'platform-req-42',
      traceparent: `00-${result.context.traceId}-${result.context.spanId}-01`,
    });
    expect(result.again).toBe(result.first);
    expect((req as unknown as { id: string }).id).toBe('platform-req-42');
    expect(Object.fromEntries(headers)).toEqual({
      traceparent: result.first.traceparent,
      'X-Request-Id': 'platform-req-42',
    });
    expect(exporter.getFinishedSpans()[0]!.attributes['gba.request_id']).toBe('platform-req-42');
  });

  it('generates the id when the caller sent none, and leaves an answered response alone', () => {
    const req = request({});
    const { headers, res } = response();
    (res as unknown as { headersSent: boolean }).headersSent = true;
    const { requestId, traceparent } = correlateRequest(req, res);
    expect(requestId).toMatch(UUID);
    expect(traceparent).toMatch(TRACEPARENT);
    expect(headers.size).toBe(0);
  });
});
