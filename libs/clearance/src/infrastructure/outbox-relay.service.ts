import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { EventPublisher, OutboxRelay } from '@gba/messaging';
import { MetricsRegistry, SERVICE_CONFIG, type ServiceConfig } from '@gba/runtime';
import { Counter, Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { messagingLoggerOf } from './nest-messaging-logger';

/** Runs the outbox relay for the service's lifetime and reports its backlog. */
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
      async collect() {
        const [row] = await dataSource.query(
          `SELECT count(*)::int AS n FROM outbox WHERE status = 'pending'`,
        );
        this.set(row?.n ?? 0);
      },
    });
    new Gauge({
      name: 'gba_outbox_oldest_pending_age_seconds',
      help: 'Age of the oldest unpublished outbox event',
      registers: [metrics.registry],
      async collect() {
        const [row] = await dataSource.query(
          `SELECT COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)::float AS age FROM outbox WHERE status = 'pending'`,
        );
        this.set(row?.age ?? 0);
      },
    });
    this.relay = new OutboxRelay(dataSource, publisher, {
      databaseUrl: config.databaseUrl,
      onPublished: (n) => published.inc(n),
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
