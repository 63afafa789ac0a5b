import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { Admin, Kafka } from 'kafkajs';
import { KAFKA } from '../tokens';

const TIMEOUT_MS = 2500;

/**
 * Kafka is ready when the cluster answers a metadata request within the time-out. The admin client
 * reconnects by itself, so readiness comes back without a restart once the broker does.
 */
@Injectable()
export class KafkaHealthIndicator implements OnModuleDestroy {
  private admin?: Admin;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    private readonly health: HealthIndicatorService,
  ) {}

  async isHealthy(key = 'kafka') {
    const check = this.health.check(key);
    let timer: NodeJS.Timeout | undefined;
    try {
      this.admin ??= this.kafka.admin({ retry: { retries: 0 } });
      const admin = this.admin;
      const answer = (async () => {
        await admin.connect();
        return admin.describeCluster();
      })();
      answer.catch(() => undefined);
      const cluster = await Promise.race([
        answer,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
        }),
      ]);
      return check.up({ brokers: cluster.brokers.length });
    } catch (err) {
      // Start afresh next time: a half-open admin connection may never recover.
      const stale = this.admin;
      this.admin = undefined;
      void stale?.disconnect().catch(() => undefined);
      return check.down({ message: (err as Error).message });
    } finally {
      clearTimeout(timer);
    }
  }

  async onModuleDestroy() {
    await this.admin?.disconnect().catch(() => undefined);
  }
}
