import { backoffDelay } from './event-consumer';

describe('backoff of a partition paused by a temporary failure', () => {
  it('doubles from the initial pause up to the cap, each pause jittered within its upper half', () => {
    const options = { initialMs: 100, maxMs: 1000 };
    const ceilings = [100, 200, 400, 800, 1000, 1000, 1000];
    ceilings.forEach((ceiling, i) => {
      for (let n = 0; n < 50; n++) {
        const delay = backoffDelay(i + 1, options);
        expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
        expect(delay).toBeLessThanOrEqual(ceiling);
      }
    });
    const spread = new Set(Array.from({ length: 50 }, () => backoffDelay(5, options)));
    expect(spread.size).toBeGreaterThan(10);
  });

  it('stays at the cap however long the failure lasts (30 s by default)', () => {
    expect(backoffDelay(10_000)).toBeLessThanOrEqual(30_000);
    expect(backoffDelay(10_000)).toBeGreaterThanOrEqual(15_000);
  });
});
