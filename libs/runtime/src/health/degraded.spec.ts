import { Logger } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { MetricsRegistry } from '../metrics/metrics';
import { DegradedState, KAFKA_CHECK_INTERVAL_MS } from './degraded';
import type { KafkaHealthIndicator } from './kafka.health';

describe('degraded, not unready, while Kafka is down', () => {
  const checks = new HealthIndicatorService();
  let kafkaUp = true;
  let kafkaChecks = 0;
  const kafka = {
    isHealthy: async (key: string) => {
      kafkaChecks++;
      return kafkaUp
        ? checks.check(key).up({ brokers: 1 })
        : checks.check(key).down({ message: 'Connection error: ECONNREFUSED' });
    },
  } as unknown as KafkaHealthIndicator;

  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it('logs each transition once and keeps gba_degraded{reason="kafka"} in step', async () => {
    const metrics = new MetricsRegistry();
    const state = new DegradedState(metrics, kafka);
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    expect(await metrics.registry.metrics()).toMatch(/^gba_degraded\{reason="kafka"\} 0$/m);

    kafkaUp = false;
    await state.checkKafka();
    await state.checkKafka();
    expect(state.current()).toEqual({ kafka: 'Connection error: ECONNREFUSED' });
    expect(state.lastKafkaCheck()).toEqual({ status: 'down', message: 'Connection error: ECONNREFUSED' });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(await metrics.registry.metrics()).toMatch(/^gba_degraded\{reason="kafka"\} 1$/m);

    kafkaUp = true;
    await state.checkKafka();
    expect(await metrics.registry.metrics()).toMatch(/^gba_degraded\{reason="kafka"\} 0$/m);
    expect(state.current()).toEqual({});
    expect(log).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('checks Kafka at start-up and then in the background; a scrape never checks it', async () => {
    jest.useFakeTimers();
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    const metrics = new MetricsRegistry();
    const state = new DegradedState(metrics, kafka);
    kafkaUp = false;
    kafkaChecks = 0;
    await state.onApplicationBootstrap();
    expect(kafkaChecks).toBe(1);
    expect(state.current()).toEqual({ kafka: 'Connection error: ECONNREFUSED' });

    kafkaUp = true;
    await metrics.registry.metrics();
    expect(kafkaChecks).toBe(1);
    expect(state.current()).toHaveProperty('kafka');

    await jest.advanceTimersByTimeAsync(KAFKA_CHECK_INTERVAL_MS);
    expect(kafkaChecks).toBe(2);
    expect(state.current()).toEqual({});
    expect(state.lastKafkaCheck()).toEqual({ status: 'up', brokers: 1 });

    await state.onApplicationShutdown();
    await jest.advanceTimersByTimeAsync(3 * KAFKA_CHECK_INTERVAL_MS);
    expect(kafkaChecks).toBe(2);
  });
});
