import { node, tracing } from '@opentelemetry/sdk-node';
import type { ReceivedEvent } from './event-consumer';
import { currentTraceparent, withFetchSpan } from './trace-context';

const exporter = new tracing.InMemorySpanExporter();
const provider = new node.NodeTracerProvider({ spanProcessors: [new tracing.SimpleSpanProcessor(exporter)] });
provider.register();

const TRACE_A = '4bf92f3577b34da6a3ce929d0e0e4736';
const TRACE_B = '0af7651916cd43dd8448eb211c80319c';

const received = (traceId: string | undefined, spanId: string, topic = 'gba.hk.events.v1') =>
  ({
    event: { declarationId: 'd-1' },
    topic,
    partition: 0,
    offset: '0',
    headers: traceId ? { traceparent: `00-${traceId}-${spanId}-01` } : {},
  }) as unknown as ReceivedEvent;

type Finished = ReturnType<typeof exporter.getFinishedSpans>[number];
const parentSpanId = (span: Finished) =>
  (span as unknown as { parentSpanContext?: { spanId: string } }).parentSpanContext?.spanId;

describe('one consumer span per Kafka fetch', () => {
  afterEach(() => exporter.reset());
  afterAll(() => provider.shutdown());

  it('links every event of the fetch and continues the trace when they all share one', async () => {
    let inside: string | undefined;
    const result = await withFetchSpan(
      [received(TRACE_A, '00f067aa0ba902b7'), received(TRACE_A, '00f067aa0ba902b8'), received(undefined, '')],
      async () => {
        inside = currentTraceparent();
        return 42;
      },
    );
    expect(result).toBe(42);
    const spans = exporter.getFinishedSpans();
    expect(spans).toHaveLength(1);
    const [span] = spans as [Finished];
    expect(span.name).toBe('process gba.hk.events.v1');
    expect(span.attributes['messaging.batch.message_count']).toBe(3);
    expect(span.links.map((l) => l.context.spanId)).toEqual(['00f067aa0ba902b7', '00f067aa0ba902b8']);
    expect(span.spanContext().traceId).toBe(TRACE_A);
    expect(parentSpanId(span)).toBe('00f067aa0ba902b7');
    // What the fetch writes to its outbox carries the same trace into the partners.
    expect(inside).toBe(`00-${TRACE_A}-${span.spanContext().spanId}-01`);
  });

  it('starts its own trace, linked to each publisher, when the fetch mixes traces', async () => {
    await withFetchSpan(
      [received(TRACE_A, '00f067aa0ba902b7'), received(TRACE_B, 'b7ad6b7169203331', 'gba.mo.events.v1')],
      async () => undefined,
    );
    const [span] = exporter.getFinishedSpans() as [Finished];
    expect(span.spanContext().traceId).not.toBe(TRACE_A);
    expect(span.spanContext().traceId).not.toBe(TRACE_B);
    expect(parentSpanId(span)).toBeUndefined();
    expect(span.links.map((l) => l.context.traceId)).toEqual([TRACE_A, TRACE_B]);
    expect(span.name).toBe('process gba.hk.events.v1,gba.mo.events.v1');
  });

  it('records a failure of the fetch on its span and rethrows it', async () => {
    await expect(
      withFetchSpan([received(TRACE_A, '00f067aa0ba902b7')], async () => {
        throw new Error('database unreachable');
      }),
    ).rejects.toThrow('database unreachable');
    const [span] = exporter.getFinishedSpans() as [Finished];
    expect(span.status).toMatchObject({ code: 2, message: 'database unreachable' });
    expect(span.events.map((e) => e.name)).toEqual(['exception']);
  });
});
