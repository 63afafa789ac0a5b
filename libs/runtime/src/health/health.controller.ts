import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { HealthCheckService, type HealthCheckResult, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { problem, ProblemException } from '../http/problem';
import { KafkaHealthIndicator } from './kafka.health';

@ApiExcludeController()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly kafka: KafkaHealthIndicator,
  ) {}

  /** The process is up and its event loop turns. */
  @Get('live')
  live() {
    return { status: 'ok' };
  }

  /** 200 when PostgreSQL and Kafka both answer; 503 problem+json naming whichever does not. */
  @Get('ready')
  async ready(): Promise<HealthCheckResult> {
    try {
      return await this.health.check([
        () => this.database.pingCheck('database', { timeout: 2500 }),
        () => this.kafka.isHealthy('kafka'),
      ]);
    } catch (err) {
      if (!(err instanceof ServiceUnavailableException)) throw err;
      const result = err.getResponse() as HealthCheckResult;
      const down = Object.keys(result.error ?? {});
      throw new ProblemException(
        problem(503, 'not-ready', `Not ready: ${down.join(' and ')} unreachable.`, {
          down,
          checks: result.details,
        }),
      );
    }
  }
}
