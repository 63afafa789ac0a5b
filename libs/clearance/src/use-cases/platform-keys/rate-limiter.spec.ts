import { RateLimiter } from './rate-limiter';

describe('per-key rate limit', () => {
  it('allows a burst, then refills at the configured rate', () => {
    let now = 0;
    const limiter = new RateLimiter(2, 3, () => now);
    expect([1, 2, 3].map(() => limiter.take('shop-a'))).toEqual([0, 0, 0]);
    expect(limiter.take('shop-a')).toBe(1);
    now += 500; // one token back at 2 per second
    expect(limiter.take('shop-a')).toBe(0);
    expect(limiter.take('shop-a')).toBeGreaterThan(0);
  });

  it('keeps keys apart', () => {
    const limiter = new RateLimiter(1, 1, () => 0);
    expect(limiter.take('shop-a')).toBe(0);
    expect(limiter.take('shop-b')).toBe(0);
    expect(limiter.take('shop-a')).toBe(1);
  });

  it('tells how long to wait when the rate is slow', () => {
    const limiter = new RateLimiter(0.1, 1, () => 0);
    limiter.take('k');
    expect(limiter.take('k')).toBe(10);
  });
});
