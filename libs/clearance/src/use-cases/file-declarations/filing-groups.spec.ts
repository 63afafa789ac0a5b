import { temporaryFailureKind, TransientFailure } from '@gba/messaging';
import type { FileDeclarations, FilingItem, FilingOutcome } from './file-declarations.handler';
import { FilingGroups, SINGLE_FILING_UNITS } from './filing-groups';

/** A filing use case whose units end when the test says so. */
class HeldFiling {
  readonly calls: { platformId: string; keys: unknown[]; release: (err?: unknown) => void }[] = [];
  /** Keys whose filing throws (not temporarily) in any unit that holds them. */
  readonly refused = new Set<unknown>();

  file = (platformId: string, items: readonly FilingItem[]): Promise<FilingOutcome[]> =>
    new Promise((resolve, reject) => {
      const keys = items.map((i) => i.idempotencyKey);
      this.calls.push({
        platformId,
        keys,
        release: (err) => {
          if (err) return reject(err);
          if (keys.some((k) => this.refused.has(k))) return reject(new TypeError('a bug met by one filing'));
          resolve(keys.map((k) => ({ kind: 'replayed', statusCode: 201, response: k })));
        },
      });
    });

  async releaseAll(err?: unknown) {
    for (const call of this.calls.splice(0)) call.release(err);
    await new Promise((r) => setImmediate(r));
  }
}

const item = (key: string): FilingItem => ({ idempotencyKey: key, declaration: {} });
const responseOf = (o: FilingOutcome) => (o.kind === 'replayed' ? o.response : o.kind);

describe('FilingGroups: group commit of single filings', () => {
  let held: HeldFiling;
  let groups: FilingGroups;
  beforeEach(() => {
    held = new HeldFiling();
    groups = new FilingGroups(
      held as unknown as FileDeclarations,
      { database: { poolWaitMs: 3000 } } as never,
    );
  });

  it('files each at once alone while units are free; those that wait go together, each with its own outcome', async () => {
    const first = Array.from({ length: SINGLE_FILING_UNITS }, (_, i) =>
      groups.fileOne('shop-a', item(`k${i}`)),
    );
    expect(held.calls.map((c) => c.keys.length)).toEqual(first.map(() => 1));

    const waiting = ['w1', 'w2', 'w3'].map((k) => groups.fileOne('shop-a', item(k)));
    const other = groups.fileOne('shop-b', item('b1'));
    expect(held.calls).toHaveLength(SINGLE_FILING_UNITS);

    await held.releaseAll();
    expect((await Promise.all(first)).map(responseOf)).toEqual(first.map((_, i) => `k${i}`));
    // One unit per platform, each with every filing of that platform that waited.
    expect(held.calls.map((c) => [c.platformId, c.keys])).toEqual([
      ['shop-a', ['w1', 'w2', 'w3']],
      ['shop-b', ['b1']],
    ]);
    await held.releaseAll();
    expect((await Promise.all(waiting)).map(responseOf)).toEqual(['w1', 'w2', 'w3']);
    expect(responseOf(await other)).toBe('b1');
  });

  it("files each filing of a group alone when the group fails for one of them: the others' outcomes stand", async () => {
    const busy = Array.from({ length: SINGLE_FILING_UNITS }, (_, i) =>
      groups.fileOne('shop-a', item(`k${i}`)),
    );
    held.refused.add('bad');
    const waiting = Promise.allSettled(['ok1', 'bad', 'ok2'].map((k) => groups.fileOne('shop-a', item(k))));
    await held.releaseAll();
    await Promise.all(busy);
    expect(held.calls.map((c) => c.keys)).toEqual([['ok1', 'bad', 'ok2']]);
    await held.releaseAll(); // the group fails: each is filed alone
    expect(held.calls.map((c) => c.keys)).toEqual([['ok1'], ['bad'], ['ok2']]);
    await held.releaseAll();
    const settled = await waiting;
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(settled.map((s) => (s.status === 'fulfilled' ? responseOf(s.value) : 'failed'))).toEqual([
      'ok1',
      'failed',
      'ok2',
    ]);
  });

  it('gives every filing of a group its temporary failure (503, retry with the key) without filing them again', async () => {
    const busy = Array.from({ length: SINGLE_FILING_UNITS }, (_, i) =>
      groups.fileOne('shop-a', item(`k${i}`)),
    );
    const waiting = Promise.allSettled(['t1', 't2'].map((k) => groups.fileOne('shop-a', item(k))));
    await held.releaseAll();
    await Promise.all(busy);
    const poolTimeout = new Error('timeout exceeded when trying to connect');
    await held.releaseAll(poolTimeout);
    const settled = await waiting;
    expect(settled).toEqual([
      { status: 'rejected', reason: poolTimeout },
      { status: 'rejected', reason: poolTimeout },
    ]);
    expect(held.calls).toHaveLength(0);
  });

  it('refuses a filing that waited as long as a pooled connection may be waited for: 503, never filed', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick'] });
    try {
      const busy = Array.from({ length: SINGLE_FILING_UNITS }, (_, i) =>
        groups.fileOne('shop-a', item(`k${i}`)),
      );
      const late = groups.fileOne('shop-a', item('late'));
      const refused = late.catch((err: unknown) => err);
      jest.advanceTimersByTime(2999);
      await new Promise((r) => setImmediate(r));
      jest.advanceTimersByTime(1);
      const err = await refused;
      expect(err).toBeInstanceOf(TransientFailure);
      expect(temporaryFailureKind(err)).toBe('transient');
      // The units end; the refused filing is not filed after all.
      await held.releaseAll();
      await Promise.all(busy);
      expect(held.calls).toEqual([]);
    } finally {
      jest.useRealTimers();
    }
  });
});
