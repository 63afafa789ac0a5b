import { Injectable, Logger } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { MetricsRegistry } from '../metrics/metrics';
import { KafkaHealthIndicator } from './kafka.health';

/**
 * Dependencies whose outage leaves the service ready but degraded: it still accepts and durably
 * stores filings, but something lags (Kafka down: the outbox holds the events until it is back).
 * Each transition is logged once, and `gba_degraded{reason}` is 1 while it lasts. Kafka is checked
 * at each readiness check and each scrape of `/metrics`.
 */
@Injectable()
export class DegradedState {
  private readonly logger = new Logger('health');
  private readonly reasons = new Map<string, string>();
  private readonly gauge: Gauge<'reason'>;

  constructor(
    metrics: MetricsRegistry,
    private readonly kafka: KafkaHealthIndicator,
  ) {
    const checkKafka = () => this.checkKafka();
    this.gauge = new Gauge({
      name: 'gba_degraded',
      help: 'Ready but degraded, by reason (1 while it lasts): kafka = broker unreachable, events wait in the outbox',
      labelNames: ['reason'],
      registers: [metrics.registry],
      async collect() {
        await checkKafka();
      },
    });
    this.gauge.set({ reason: 'kafka' }, 0);
  }

  /** Checks Kafka now, records the outcome and returns the check's result (`{ kafka: { status } }`). */
  async checkKafka() {
    const result = await this.kafka.isHealthy('kafka');
    const kafka = result['kafka'] as { status: string; message?: string } | undefined;
    this.set('kafka', kafka?.status !== 'up', String(kafka?.message ?? ''));
    return result;
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
