import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { Client } from 'pg';
import type { ServiceConfig } from '../config';
import { SERVICE_CONFIG } from '../tokens';

const TIMEOUT_MS = 2500;

/**
 * The database is ready when it answers `SELECT 1` on the indicator's own connection within the
 * time-out. Not through the request pool: an exhausted pool means busy (requests get 503 with
 * Retry-After), not down, and must not take the instance out of the load balancer.
 */
@Injectable()
export class DatabaseHealthIndicator implements OnModuleDestroy {
  private client?: Promise<Client>;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    private readonly health: HealthIndicatorService,
  ) {}

  async isHealthy(key = 'database') {
    const check = this.health.check(key);
    let timer: NodeJS.Timeout | undefined;
    try {
      const answer = this.connection().then((client) => client.query('SELECT 1'));
      answer.catch(() => undefined);
      await Promise.race([
        answer,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
        }),
      ]);
      return check.up();
    } catch (err) {
      this.reset();
      return check.down({ message: (err as Error).message });
    } finally {
      clearTimeout(timer);
    }
  }

  private connection(): Promise<Client> {
    this.client ??= (async () => {
      const client = new Client({
        connectionString: this.config.databaseUrl,
        connectionTimeoutMillis: TIMEOUT_MS,
        statement_timeout: TIMEOUT_MS,
        application_name: `${this.config.serviceName}-readiness`,
      });
      client.on('error', () => this.reset());
      await client.connect();
      return client;
    })();
    return this.client;
  }

  /** Starts afresh next time: a broken or half-open connection never recovers. */
  private reset(): void {
    const stale = this.client;
    this.client = undefined;
    void stale?.then((c) => c.end()).catch(() => undefined);
  }

  async onModuleDestroy() {
    await this.client?.then((c) => c.end()).catch(() => undefined);
  }
}
