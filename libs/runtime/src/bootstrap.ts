import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { AuthorityCode } from '@gba/contracts';
import { correlateRequest, currentTraceparent, REQUEST_ID_HEADER, requestIdFrom } from '@gba/observability';
import { consumerGroupId, EventPublisher, topicsOf } from '@gba/messaging';
import type { Kafka } from 'kafkajs';
import { Logger } from 'nestjs-pino';
import { Counter } from 'prom-client';
import { DataSource } from 'typeorm';
import { registerConsumerLag } from './metrics/consumer-lag';
import { MetricsRegistry } from './metrics/metrics';
import { ConfigError, loadServiceConfig, type ServiceConfig } from './config';
import { runMigrationsExclusively } from './migrations';
import { KafkaEventServer } from './messaging/kafka-event.server';
import { deadLetterCommand } from './messaging/dlq.command';
import { dataSourceOptions, RuntimeModule, type RuntimeModuleOptions } from './runtime.module';
import { KAFKA } from './tokens';
import { jsonBody } from './http/json-body';
import { CONSOLE_PATH, consoleOidcSettings, consoleRouter } from './http/console';
import { problem, PROBLEM_CONTENT_TYPE, problemInstance } from './http/problem';

/** What a command-line subcommand of a service gets: its database, its configuration, its arguments. */
export interface CommandContext {
  dataSource: DataSource;
  config: ServiceConfig;
  args: string[];
  print: (line: string) => void;
}

export interface AuthorityServiceDefinition extends Omit<RuntimeModuleOptions, 'config'> {
  authority: AuthorityCode;
  serviceName: string;
  title: string;
  /** Operators' subcommands besides `migrate` (e.g. `keys`, `audit`); exit code 1 when one throws. */
  commands?: Record<string, (context: CommandContext) => Promise<void>>;
  /**
   * Data steps `migrate` runs after the schema migrations, under the same lock (e.g. re-sealing
   * personal data under the current key derivation). Each must be harmless to run again.
   */
  afterMigrations?: ((context: CommandContext) => Promise<void>)[];
}

export const API_PREFIX = 'api/v1';
/** One declaration; a batch of up to 500 gets a proportionate limit. */
export const BODY_LIMIT = '1mb';
export const BATCH_BODY_LIMIT = '64mb';

/**
 * Requests Node's HTTP parser refuses (bad framing, control characters in headers, headers over
 * the limit) never reach Nest: answer them as problem+json too, then close the connection.
 */
function answerUnreadableRequests(server: Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable || err.code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
    const status = tooLarge ? 431 : 400;
    // Nothing of the request can be trusted: a fresh id and an unrecorded trace name the answer.
    const requestId = requestIdFrom(undefined);
    const body = JSON.stringify(
      problem(
        status,
        tooLarge ? 'headers-too-large' : 'bad-request',
        tooLarge ? 'The request headers are too large.' : 'The request is not valid HTTP.',
        { instance: problemInstance(requestId) },
      ),
    );
    socket.end(
      `HTTP/1.1 ${status} ${tooLarge ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
        `Content-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `traceparent: ${currentTraceparent()}\r\n${REQUEST_ID_HEADER}: ${requestId}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}

export async function createAuthorityApp(
  definition: AuthorityServiceDefinition,
  config: ServiceConfig,
): Promise<INestApplication> {
  const app = await NestFactory.create(RuntimeModule.forRoot({ ...definition, config }), {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  // First of all: every answer (success, problem, health, metrics, console) names its request.
  app.use((req: IncomingMessage, res: ServerResponse, next: () => void) => {
    correlateRequest(req, res);
    next();
  });
  app.use(`/${API_PREFIX}/declarations/batch`, jsonBody(BATCH_BODY_LIMIT));
  app.use(jsonBody(BODY_LIMIT));
  // The officer console (apps/officer-console): static files and its sign-in helpers, no API.
  app.use(CONSOLE_PATH, consoleRouter(config));
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health/live', 'health/ready', 'metrics'] });
  app.enableShutdownHooks();

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(definition.title)
      .setDescription(
        `Joint Guangdong–Hong Kong–Macau customs clearance: the ${config.authority} authority's API. ` +
          'Every error is application/problem+json (RFC 9457) whose `instance` is `urn:gba:request:<id>`. ' +
          'Every response carries `X-Request-Id` (yours when you send a well-formed one: 1–128 of `A–Z a–z 0–9 - . _ ~`; ' +
          'else a UUID) and the W3C `traceparent` of its server span: quote either to an operator. ' +
          'Platform requests are limited per platform across all instances of the service: every answer carries ' +
          '`RateLimit-Policy` and `RateLimit` (draft-ietf-httpapi-ratelimit-headers-11, e.g. `"platform";q=200;w=4` and ' +
          '`"platform";r=37;t=3`), and past the quota the answer is 429 with `Retry-After` (seconds).',
      )
      .setVersion('1')
      .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key' }, 'platform')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'officer')
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });

  const topics = topicsOf(config.authority, config.topicPrefix);
  const kafka = app.get<Kafka>(KAFKA);
  const groupId = consumerGroupId(config.authority, config.topicPrefix);
  registerConsumerLag(app.get(MetricsRegistry).registry, kafka, groupId, topics.partners);
  const deadLetters = new Counter({
    name: 'gba_dead_letters_total',
    help: 'Partner messages this service could not process and sent to its dead-letter topic',
    registers: [app.get(MetricsRegistry).registry],
  });
  const temporaryFailures = new Counter({
    name: 'gba_consumer_temporary_failures_total',
    help: 'Times a partition of partner events paused for a temporary failure (database, lock, pool, broker), by kind',
    labelNames: ['kind'],
    registers: [app.get(MetricsRegistry).registry],
  });
  app.connectMicroservice(
    {
      strategy: new KafkaEventServer(kafka, app.get(EventPublisher), {
        consumer: {
          groupId,
          topics: topics.partners,
          deadLetterTopic: topics.deadLetter,
          replayTopic: topics.replay,
          onDeadLetter: () => deadLetters.inc(),
          onTemporaryFailure: (kind) => temporaryFailures.inc({ kind }),
        },
        topics: [topics.own, topics.deadLetter, topics.replay, ...topics.partners],
        partitions: config.topicPartitions,
        replicationFactor: config.topicReplicationFactor,
      }),
    },
    { inheritAppConfig: true },
  );
  return app;
}

async function runCommand(
  definition: AuthorityServiceDefinition,
  config: ServiceConfig,
  command: (context: CommandContext) => Promise<void>,
): Promise<void> {
  const dataSource = new DataSource(dataSourceOptions(config, definition.entities, definition.migrations));
  await dataSource.initialize();
  try {
    await command({
      dataSource,
      config,
      args: process.argv.slice(3),
      print: (line) => process.stdout.write(`${line}\n`),
    });
  } catch (err) {
    process.stderr.write(`${definition.serviceName}: ${(err as Error).message}\n`);
    process.exitCode = 1;
  } finally {
    await dataSource.destroy();
  }
}

/**
 * `main.js migrate`: the schema migrations, then the definition's data steps, all under the
 * migration lock (two runs never race; the second finds the work done).
 */
function migrateCommand(definition: AuthorityServiceDefinition) {
  return async (context: CommandContext): Promise<void> => {
    const { dataSource, config, print } = context;
    const applied = await runMigrationsExclusively(dataSource, async () => {
      for (const step of definition.afterMigrations ?? []) await step(context);
    });
    print(
      `${config.serviceName}: ${applied.length} migration(s) applied${applied.map((m) => `\n  ${m.name}`).join('')}`,
    );
  };
}

/**
 * The entry point of every authority service: `main.js` serves (it never migrates: run
 * `main.js migrate` first, once per release, as compose's `migrate` services and the cluster's
 * migration Job do), `main.js migrate` brings the database up to date and exits.
 */
export async function runAuthorityService(definition: AuthorityServiceDefinition): Promise<void> {
  let config: ServiceConfig;
  try {
    config = loadServiceConfig(definition.authority, definition.serviceName);
    consoleOidcSettings(); // the console's CONSOLE_OIDC_* variables, refused like the rest
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${definition.serviceName}: ${err.message}\n`);
    process.exit(78); // EX_CONFIG
  }
  const commands: Record<string, (context: CommandContext) => Promise<void>> = {
    migrate: migrateCommand(definition),
    dlq: deadLetterCommand,
    ...definition.commands,
  };
  const name = process.argv[2];
  if (name !== undefined) {
    const command = commands[name];
    if (!command) {
      process.stderr.write(
        `${definition.serviceName}: unknown command "${name}"; commands: ${Object.keys(commands).join(', ')}\n`,
      );
      process.exit(2);
    }
    await runCommand(definition, config, command);
    return;
  }
  const app = await createAuthorityApp(definition, config);
  await app.startAllMicroservices();
  await app.listen(config.port);
  answerUnreadableRequests(app.getHttpServer() as Server);
  app.get(Logger).log(`${definition.serviceName} (${config.authority}) listening on port ${config.port}`);
}
