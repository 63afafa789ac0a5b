import type { ReceivedEvent } from './event-consumer';
import { FetchGatherer } from './event-consumer';

const events = (...ids: string[]): ReceivedEvent[] =>
  ids.map(
    (id) =>
      ({
        event: { eventId: id },
        topic: 't',
        partition: 0,
        offset: id,
        headers: {},
      }) as unknown as ReceivedEvent,
  );
const ids = (batch: readonly ReceivedEvent[]) => batch.map((r) => r.event.eventId);

describe('FetchGatherer: the partitions of one fetch applied in one call', () => {
  it('hands the chunks submitted in one turn of the event loop to ONE call, in submission order', async () => {
    const calls: string[][] = [];
    const gatherer = new FetchGatherer(async (batch) => {
      calls.push(ids(batch));
    }, 500);
    await Promise.all([
      gatherer.submit(events('p0-a', 'p0-b')),
      gatherer.submit(events('p1-a')),
      gatherer.submit(events('p2-a', 'p2-b')),
    ]);
    expect(calls).toEqual([['p0-a', 'p0-b', 'p1-a', 'p2-a', 'p2-b']]);

    await gatherer.submit(events('later'));
    expect(calls).toEqual([['p0-a', 'p0-b', 'p1-a', 'p2-a', 'p2-b'], ['later']]);
  });

  it('puts at most maxEvents in a call (whole chunks; an oversized chunk alone), the rest in the next', async () => {
    const calls: string[][] = [];
    const gatherer = new FetchGatherer(async (batch) => {
      calls.push(ids(batch));
    }, 3);
    await Promise.all([
      gatherer.submit(events('a1', 'a2')),
      gatherer.submit(events('b1', 'b2')),
      gatherer.submit(events('c1', 'c2', 'c3', 'c4')),
      gatherer.submit(events('d1')),
    ]);
    expect(calls).toEqual([['a1', 'a2'], ['b1', 'b2'], ['c1', 'c2', 'c3', 'c4'], ['d1']]);
  });

  it("rejects every chunk of a failed call with the call's error, and goes on with the next call", async () => {
    const failure = new Error('refused');
    let first = true;
    const gatherer = new FetchGatherer(async () => {
      if (first) {
        first = false;
        throw failure;
      }
    }, 500);
    const outcomes = await Promise.allSettled([gatherer.submit(events('a')), gatherer.submit(events('b'))]);
    expect(outcomes).toEqual([
      { status: 'rejected', reason: failure },
      { status: 'rejected', reason: failure },
    ]);
    await expect(gatherer.submit(events('c'))).resolves.toBeUndefined();
  });
});

describe('FetchGatherer: fetches spaced under a trickle of events', () => {
  it('resolves a successful call only minIntervalMs after it started, though it applied the events at once', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick'] });
    try {
      const applied: string[] = [];
      const gatherer = new FetchGatherer(
        async (batch) => {
          applied.push(...ids(batch));
        },
        500,
        60,
      );
      let resolved = false;
      const done = gatherer.submit(events('a')).then(() => {
        resolved = true;
      });
      await new Promise((r) => setImmediate(r));
      await new Promise((r) => setImmediate(r));
      // Applied (committed) at once; only the submitter (and so the next fetch) waits.
      expect(applied).toEqual(['a']);
      jest.advanceTimersByTime(59);
      await new Promise((r) => setImmediate(r));
      expect(resolved).toBe(false);
      jest.advanceTimersByTime(1);
      await done;
      expect(resolved).toBe(true);
    } finally {
      jest.useRealTimers();
    }
  });

  it('does not hold back a failed call: its submitters go on to their fallback at once', async () => {
    const gatherer = new FetchGatherer(
      async () => {
        throw new Error('refused');
      },
      500,
      60_000,
    );
    await expect(gatherer.submit(events('a'))).rejects.toThrow('refused');
  });
});
