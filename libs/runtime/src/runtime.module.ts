import { type DynamicModule, Module, type ModuleMetadata, RequestMethod } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import { REDACTED_LOG_PATHS, REQUEST_LOG_SERIALIZERS } from '@gba/observability';
import { EventPublisher, kafkaLogCreator, toKafkaConfig } from '@gba/messaging';
import { Kafka } from 'kafkajs';
import { LoggerModule, PinoLogger } from 'nestjs-pino';
import type { DataSourceOptions } from 'typeorm';
import type { DatabasePoolSettings, ServiceConfig } from './config';
import { HealthController } from './health/health.controller';
import { DatabaseHealthIndicator } from './health/database.health';
import { DegradedState } from './health/degraded';
import { KafkaHealthIndicator } from './health/kafka.health';
import { ProblemDetailsFilter } from './http/problem.filter';
import { MetricsController, MetricsRegistry } from './metrics/metrics';
import { StatementCountingLogger } from './telemetry/unit-of-work';
import { KAFKA, SERVICE_CONFIG } from './tokens';

export interface RuntimeModuleOptions {
  config: ServiceConfig;
  entities: NonNullable<DataSourceOptions['entities']>;
  migrations: NonNullable<DataSourceOptions['migrations']>;
  /** The service's features (the clearance module with its authority policy). */
  imports?: ModuleMetadata['imports'];
}

/**
 * TypeORM options of a service's database. With `pool` (the service's request pool) every session
 * gets `statement_timeout` and `lock_timeout`, and a connection is waited for `poolWaitMs` at most;
 * without (operators' commands, migrations) the pool is small and nothing is timed out.
 */
export function dataSourceOptions(
  config: Pick<ServiceConfig, 'databaseUrl'>,
  entities: RuntimeModuleOptions['entities'],
  migrations: RuntimeModuleOptions['migrations'],
  pool?: DatabasePoolSettings,
): DataSourceOptions {
  return {
    type: 'postgres',
    url: config.databaseUrl,
    entities,
    migrations,
    synchronize: false,
    migrationsTableName: 'schema_migrations',
    logger: new StatementCountingLogger(),
    extra: pool
      ? {
          max: pool.poolSize,
          connectionTimeoutMillis: pool.poolWaitMs,
          statement_timeout: pool.statementTimeoutMs,
          lock_timeout: pool.lockTimeoutMs,
        }
      : { max: 4, connectionTimeoutMillis: 10_000 },
  };
}

/** What every authority service shares: logging, database, Kafka, health, metrics, error format. */
@Module({})
export class RuntimeModule {
  static forRoot(options: RuntimeModuleOptions): DynamicModule {
    const { config } = options;
    return {
      module: RuntimeModule,
      global: true,
      imports: [
        LoggerModule.forRoot({
          forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
          pinoHttp: {
            level: config.logLevel,
            name: config.serviceName,
            redact: { paths: REDACTED_LOG_PATHS, censor: '[redacted]' },
            // Query values never reach the log (they may be personal): only the path and names.
            serializers: REQUEST_LOG_SERIALIZERS,
            autoLogging: { ignore: (req) => /^\/(health|metrics)/.test(req.url ?? '') },
            base: { service: config.serviceName, authority: config.authority },
          },
        }),
        TypeOrmModule.forRoot({
          ...dataSourceOptions(config, options.entities, options.migrations, config.database),
          retryAttempts: Number.MAX_SAFE_INTEGER,
          retryDelay: 3000,
        }),
        TerminusModule.forRoot({ errorLogStyle: 'pretty', logger: false }),
        ...(options.imports ?? []),
      ],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: SERVICE_CONFIG, useValue: config },
        {
          provide: KAFKA,
          inject: [PinoLogger],
          useFactory: (logger: PinoLogger) =>
            new Kafka({ ...toKafkaConfig(config.kafka), logCreator: kafkaLogCreator(logger.logger) }),
        },
        { provide: EventPublisher, inject: [KAFKA], useFactory: (kafka: Kafka) => new EventPublisher(kafka) },
        KafkaHealthIndicator,
        DatabaseHealthIndicator,
        DegradedState,
        MetricsRegistry,
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
      ],
      exports: [SERVICE_CONFIG, KAFKA, EventPublisher, MetricsRegistry],
    };
  }
}
