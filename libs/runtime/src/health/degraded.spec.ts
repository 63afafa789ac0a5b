import { Logger } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { MetricsRegistry } from '../metrics/metrics';
import { DegradedState } from './degraded';
import type { KafkaHealthIndicator } from './kafka.health';

describe('degraded, not unready, while Kafka is down', () => {
  const checks = new HealthIndicatorService();
  let kafkaUp = true;
  const kafka = {
    isHealthy: async (key: string) =>
      kafkaUp
        ? checks.check(key).up()
        : checks.check(key).down({ message: 'Connection error: ECONNREFUSED' }),
  } as unknown as KafkaHealthIndicator;

  it('logs each transition once and keeps gba_degraded{reason="kafka"} in step, also when only scraped', async () => {
    const metrics = new MetricsRegistry();
    const state = new DegradedState(metrics, kafka);
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    expect(await metrics.registry.metrics()).toMatch(/^gba_degraded\{reason="kafka"\} 0$/m);

    kafkaUp = false;
    await state.checkKafka();
    await state.checkKafka();
    expect(state.current()).toEqual({ kafka: 'Connection error: ECONNREFUSED' });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(await metrics.registry.metrics()).toMatch(/^gba_degraded\{reason="kafka"\} 1$/m);

    kafkaUp = true;
    // A scrape alone notices the recovery.
    expect(await metrics.registry.metrics()).toMatch(/^gba_degraded\{reason="kafka"\} 0$/m);
    expect(state.current()).toEqual({});
    expect(log).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledTimes(1);
  });
});
