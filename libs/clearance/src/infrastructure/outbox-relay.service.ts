import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { EventPublisher, OutboxRelay, outboxBacklog } from '@gba/messaging';
import { boundedCollect, MetricsRegistry, SERVICE_CONFIG, type ServiceConfig } from '@gba/runtime';
import { Counter, Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { messagingLoggerOf } from './nest-messaging-logger';

/** How long a scrape waits for the outbox backlog figures, in milliseconds. */
const BACKLOG_READ_TIMEOUT_MS = 1000;

/**
 * Runs the outbox relay for the service's lifetime and reports its backlog (read on scrape, 1 s at
 * most; while the database cannot answer, the gauges keep their last figures and the scrape goes on)
 * and its failed publishes (`gba_outbox_publish_failures_total{reason}`, reason a temporary-failure
 * kind such as `broker` or `network`, else `other`).
 */
@Injectable()
export class OutboxRelayService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('outbox');
  private readonly relay: OutboxRelay;

  constructor(
    dataSource: DataSource,
    publisher: EventPublisher,
    metrics: MetricsRegistry,
    @Inject(SERVICE_CONFIG) config: ServiceConfig,
  ) {
    const published = new Counter({
      name: 'gba_outbox_published_total',
      help: 'Outbox events published to Kafka',
      registers: [metrics.registry],
    });
    new Gauge({
      name: 'gba_outbox_backlog',
      help: 'Outbox events not yet published',
      registers: [metrics.registry],
      collect: boundedCollect<Gauge>('gba_outbox_backlog', BACKLOG_READ_TIMEOUT_MS, async (gauge) => {
        gauge.set((await outboxBacklog(dataSource)).pending);
      }),
    });
    new Gauge({
      name: 'gba_outbox_oldest_pending_age_seconds',
      help: 'Age of the oldest unpublished outbox event',
      registers: [metrics.registry],
      collect: boundedCollect<Gauge>(
        'gba_outbox_oldest_pending_age_seconds',
        BACKLOG_READ_TIMEOUT_MS,
        async (gauge) => {
          gauge.set((await outboxBacklog(dataSource)).oldestAgeSeconds);
        },
      ),
    });
    const publishFailures = new Counter({
      name: 'gba_outbox_publish_failures_total',
      help: 'Outbox batches the broker did not take (recorded on their rows and retried), by reason',
      labelNames: ['reason'],
      registers: [metrics.registry],
    });
    this.relay = new OutboxRelay(dataSource, publisher, {
      databaseUrl: config.databaseUrl,
      onPublished: (n) => published.inc(n),
      onPublishFailure: (reason) => publishFailures.inc({ reason }),
      logger: messagingLoggerOf(this.logger),
    });
  }

  onApplicationBootstrap(): void {
    this.relay.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay.stop();
  }
}
