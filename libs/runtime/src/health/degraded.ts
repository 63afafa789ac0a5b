import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { MetricsRegistry } from '../metrics/metrics';
import { KafkaHealthIndicator } from './kafka.health';

/** How often Kafka is checked in the background, in milliseconds. */
export const KAFKA_CHECK_INTERVAL_MS = 5000;

/** The outcome of the last Kafka check: `{ status: 'up', brokers }` or `{ status: 'down', message }`. */
export type KafkaCheck = { status: 'up' | 'down'; [detail: string]: unknown };

/**
 * Dependencies whose outage leaves the service ready but degraded: it still accepts and durably
 * stores filings, but something lags (Kafka down: the outbox holds the events until it is back).
 * Each transition is logged once, and `gba_degraded{reason}` is 1 while it lasts. Kafka is checked
 * in the background every {@link KAFKA_CHECK_INTERVAL_MS} (first at start-up, before the service
 * listens), so neither `/health/ready` nor `/metrics` ever waits for the broker.
 */
@Injectable()
export class DegradedState implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('health');
  private readonly reasons = new Map<string, string>();
  private readonly gauge: Gauge<'reason'>;
  private kafkaCheck: KafkaCheck = { status: 'down', message: 'not checked yet' };
  private timer?: NodeJS.Timeout;
  private checking?: Promise<unknown>;

  constructor(
    metrics: MetricsRegistry,
    private readonly kafka: KafkaHealthIndicator,
  ) {
    this.gauge = new Gauge({
      name: 'gba_degraded',
      help: 'Ready but degraded, by reason (1 while it lasts): kafka = broker unreachable, events wait in the outbox',
      labelNames: ['reason'],
      registers: [metrics.registry],
    });
    this.gauge.set({ reason: 'kafka' }, 0);
  }

  /** Checks Kafka once (the outcome is known before the service listens), then every 5 s. */
  async onApplicationBootstrap(): Promise<void> {
    await this.checkKafka();
    this.timer = setInterval(() => {
      // A check takes 2.5 s at most (the indicator's time-out); never two at once.
      this.checking ??= this.checkKafka().finally(() => (this.checking = undefined));
    }, KAFKA_CHECK_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.checking;
  }

  /** Checks Kafka now and records the outcome (see {@link lastKafkaCheck}). */
  async checkKafka(): Promise<KafkaCheck> {
    const result = await this.kafka.isHealthy('kafka');
    const kafka = (result['kafka'] ?? { status: 'down' }) as KafkaCheck;
    this.kafkaCheck = kafka;
    this.set('kafka', kafka.status !== 'up', String(kafka['message'] ?? ''));
    return kafka;
  }

  /** The outcome of the last Kafka check, without waiting for the broker. */
  lastKafkaCheck(): KafkaCheck {
    return this.kafkaCheck;
  }

  /** Records whether `reason` holds now; `detail` says why (for the log and the readiness body). */
  set(reason: string, degraded: boolean, detail = ''): void {
    const was = this.reasons.has(reason);
    this.gauge.set({ reason }, degraded ? 1 : 0);
    if (degraded) this.reasons.set(reason, detail);
    else this.reasons.delete(reason);
    if (degraded && !was)
      this.logger.warn({ reason, detail }, `degraded: ${reason} unavailable; still ready`);
    if (!degraded && was) this.logger.log({ reason }, `no longer degraded: ${reason} is back`);
  }

  /** The reasons that hold now, with their details. */
  current(): Record<string, string> {
    return Object.fromEntries(this.reasons);
  }
}
