import { Logger } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { boundedCollect, MetricsRegistry } from './metrics';

describe('boundedCollect: a metric that cannot be read never fails or stalls the scrape', () => {
  let warn: jest.SpyInstance;
  let debug: jest.SpyInstance;
  beforeEach(() => {
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    debug = jest.spyOn(Logger.prototype, 'debug').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('serves the other metrics and the last value when a read throws, and logs the failure once', async () => {
    const { registry } = new MetricsRegistry();
    let failure: Error | undefined;
    let value = 7;
    new Gauge({
      name: 'test_backlog',
      help: 'test',
      registers: [registry],
      collect: boundedCollect<Gauge>('test_backlog', 1000, async (gauge) => {
        if (failure) throw failure;
        gauge.set(value);
      }),
    });
    expect(await registry.metrics()).toMatch(/^test_backlog 7$/m);

    failure = new Error('connect ECONNREFUSED 127.0.0.1:5432');
    value = 9;
    for (let i = 0; i < 3; i++) {
      const text = await registry.metrics();
      expect(text).toMatch(/^test_backlog 7$/m);
      expect(text).toMatch(/^process_cpu_user_seconds_total /m);
    }
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][1]).toContain('ECONNREFUSED');
    expect(debug).toHaveBeenCalledTimes(2);

    failure = undefined;
    expect(await registry.metrics()).toMatch(/^test_backlog 9$/m);
  });

  it('waits for a hanging read only up to its bound, never starts a second one, and takes its late figures', async () => {
    const { registry } = new MetricsRegistry();
    let reads = 0;
    let answer: (() => void) | undefined;
    new Gauge({
      name: 'test_lag',
      help: 'test',
      registers: [registry],
      collect: boundedCollect<Gauge>('test_lag', 200, async (gauge) => {
        reads++;
        await new Promise<void>((resolve) => (answer = resolve));
        gauge.set(42);
      }),
    });
    for (let i = 0; i < 2; i++) {
      const started = Date.now();
      const text = await registry.metrics();
      expect(Date.now() - started).toBeLessThan(1000);
      expect(text).toMatch(/^process_cpu_user_seconds_total /m);
    }
    expect(reads).toBe(1);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][1]).toContain('no answer within 200 ms');

    answer!();
    await new Promise((r) => setImmediate(r));
    expect(await registry.metrics()).toMatch(/^test_lag 42$/m);
  });
});
