import { Controller, Get } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { problem, ProblemException } from '../http/problem';
import { DatabaseHealthIndicator } from './database.health';
import { DegradedState } from './degraded';

/** What `/health/ready` answers with 200. */
export interface Readiness {
  /** `degraded`: ready, but a dependency besides the database is down (see `degraded`). */
  status: 'ok' | 'degraded';
  /** Each check: `{ status: 'up' | 'down', message? }`. */
  details: Record<string, { status: string; [detail: string]: unknown }>;
  /** While degraded: reason → why (e.g. `kafka` → the broker's error). */
  degraded?: Record<string, string>;
}

@ApiExcludeController()
@Controller('health')
export class HealthController {
  constructor(
    private readonly database: DatabaseHealthIndicator,
    private readonly degraded: DegradedState,
  ) {}

  /** The process is up and its event loop turns. */
  @Get('live')
  live() {
    return { status: 'ok' };
  }

  /**
   * Ready = it can accept and durably store filings: its database answers (on a connection of its
   * own, not the request pool). 503 problem+json otherwise. Kafka being unreachable does not make
   * it unready (the outbox keeps the events): 200 with status `degraded`, the reason in the body,
   * `gba_degraded{reason="kafka"}` 1, and a log line when it starts and ends. Kafka is not checked
   * here but in the background every 5 s (see `DegradedState`): `details.kafka` is its last outcome,
   * so the answer never waits for the broker.
   */
  @Get('ready')
  async ready(): Promise<Readiness> {
    const database = await this.database.isHealthy('database');
    const details = { ...database, kafka: this.degraded.lastKafkaCheck() } as Readiness['details'];
    if (details['database']?.status !== 'up') {
      throw new ProblemException(
        problem(503, 'not-ready', 'Not ready: the database is unreachable.', {
          down: ['database'],
          checks: details,
        }),
      );
    }
    const degraded = this.degraded.current();
    return Object.keys(degraded).length > 0
      ? { status: 'degraded', details, degraded }
      : { status: 'ok', details };
  }
}
