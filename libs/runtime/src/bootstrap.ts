import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
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
import {
  type CommandContext,
  debugRequested,
  describeCommandFailure,
  EXIT,
  type OperatorCommand,
  parseOptions,
  UsageError,
} from './operator-command';
import { dataSourceOptions, RuntimeModule, type RuntimeModuleOptions } from './runtime.module';
import { KAFKA } from './tokens';
import { jsonBody } from './http/json-body';
import { CONSOLE_PATH, consoleOidcSettings, consoleRouter } from './http/console';
import { problem, PROBLEM_CONTENT_TYPE, problemInstance } from './http/problem';
import { namedSchemas } from './http/openapi';

export interface AuthorityServiceDefinition extends Omit<RuntimeModuleOptions, 'config'> {
  authority: AuthorityCode;
  serviceName: string;
  title: string;
  /** Operators' subcommands besides `migrate` and `dlq` (e.g. `keys`, `audit`); exit codes in {@link EXIT}. */
  commands?: Record<string, OperatorCommand>;
  /**
   * Data steps `migrate` runs after the schema migrations, under the same lock (e.g. re-sealing
   * personal data under the current key derivation). Each must be harmless to run again.
   */
  afterMigrations?: ((context: CommandContext) => Promise<void>)[];
}

export const API_PREFIX = 'api/v1';
/** The path of a supporting-document upload, the one route that takes multipart/form-data. */
const DOCUMENT_UPLOAD = new RegExp(`^/${API_PREFIX}/declarations/[^/]+/documents/?$`);
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

/** Areas of the API, as operations are tagged. */
const OPENAPI_TAGS: [name: string, description: string][] = [
  [
    'platform',
    'E-commerce platforms file and follow their declarations (X-API-Key, Idempotency-Key on filings)',
  ],
  ['officers', 'Customs officers decide, inspect and seal (OIDC bearer token, roles officer and supervisor)'],
  ['documents', 'Supporting documents of a declaration (PDF, JPEG, PNG up to 10 MiB)'],
  ['notifications', 'Status notifications of a platform: a pull queue and an optional signed webhook'],
  ['risk', 'Risk targets of this authority'],
  ['audit', 'The tamper-evident audit trail of this authority'],
  ['cbec', 'Mainland cross-border e-commerce (CBEC) retail law: annual quota and returns (GZ only)'],
];

/**
 * The OpenAPI 3 document of an authority's API: its controllers' operations, the shared `Problem`
 * schema, the two security schemes, and the local server on the authority's default port (not
 * the configured one, so the exported document is the same wherever it is built).
 */
export function openApiDocument(
  app: INestApplication,
  definition: Pick<AuthorityServiceDefinition, 'authority' | 'title'>,
): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle(definition.title)
    .setDescription(
      `Joint Guangdong–Hong Kong–Macau customs clearance: the ${definition.authority} authority's API. ` +
        'Every error is application/problem+json (RFC 9457) whose `instance` is `urn:gba:request:<id>`. ' +
        'Every response carries `X-Request-Id` (yours when you send a well-formed one: 1–128 of `A–Z a–z 0–9 - . _ ~`; ' +
        'else a UUID) and the W3C `traceparent` of its server span: quote either to an operator. ' +
        'Platform requests are limited per platform across all instances of the service: every answer carries ' +
        '`RateLimit-Policy` and `RateLimit` (draft-ietf-httpapi-ratelimit-headers-11, e.g. `"platform";q=200;w=4` and ' +
        '`"platform";r=37;t=3`), and past the quota the answer is 429 with `Retry-After` (seconds).',
    )
    .setVersion('1')
    .setContact('GBA Joint Clearance', 'https://gba-clearance.example', 'api@gba-clearance.example')
    .setLicense('Apache-2.0', 'https://www.apache.org/licenses/LICENSE-2.0')
    .addServer('/', 'This service: the host that serves this document')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'A platform key' }, 'platform')
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: "An officer's OIDC access token" },
      'officer',
    );
  for (const [name, description] of OPENAPI_TAGS) builder.addTag(name, description);
  const document = SwaggerModule.createDocument(app, builder.build());
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, ...namedSchemas() },
  };
  // Only the areas this authority offers (the CBEC tag is GZ's alone).
  const used = new Set(
    Object.values(document.paths).flatMap((item) =>
      Object.values(item).flatMap((op: { tags?: string[] }) => op.tags ?? []),
    ),
  );
  document.tags = document.tags?.filter((tag) => used.has(tag.name));
  return document;
}

/**
 * The OpenAPI document of a service without serving it: the application is assembled in Nest's
 * preview mode (modules and routes, no provider instantiated), so neither PostgreSQL nor Kafka is
 * needed. What `main.js openapi` prints and `npm run openapi` commits to openapi/<service>.json.
 */
export async function exportOpenApiDocument(
  definition: AuthorityServiceDefinition,
  config: ServiceConfig,
): Promise<OpenAPIObject> {
  const app = await NestFactory.create(RuntimeModule.forRoot({ ...definition, config }), {
    preview: true,
    logger: false,
    bodyParser: false,
    abortOnError: false,
  });
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health/live', 'health/ready', 'metrics'] });
  await app.init();
  const document = openApiDocument(app, definition);
  await app.close();
  return document;
}

export async function createAuthorityApp(
  definition: AuthorityServiceDefinition,
  config: ServiceConfig,
): Promise<INestApplication> {
  const app = await NestFactory.create(RuntimeModule.forRoot({ ...definition, config }), {
    bufferLogs: true,
    bodyParser: false,
  });
  // Query strings read by node:querystring: `a[b]=1` stays the parameter "a[b]" (never an object),
  // so the endpoints' query readers refuse it as unknown instead of silently dropping a filter.
  (app.getHttpAdapter().getInstance() as { set(name: string, value: string): void }).set(
    'query parser',
    'simple',
  );
  app.useLogger(app.get(Logger));
  // First of all: every answer (success, problem, health, metrics, console) names its request.
  app.use((req: IncomingMessage, res: ServerResponse, next: () => void) => {
    correlateRequest(req, res);
    next();
  });
  app.use(`/${API_PREFIX}/declarations/batch`, jsonBody(BATCH_BODY_LIMIT));
  // Multipart only where a route reads it itself: the supporting-document upload.
  app.use(
    jsonBody(BODY_LIMIT, (req) => req.is('multipart/form-data') !== false && DOCUMENT_UPLOAD.test(req.path)),
  );
  // The officer console (apps/officer-console): static files and its sign-in helpers, no API.
  app.use(CONSOLE_PATH, consoleRouter(config));
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health/live', 'health/ready', 'metrics'] });
  app.enableShutdownHooks();

  const document = openApiDocument(app, definition);
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

/**
 * Runs one operator command: its arguments checked first (`--debug` taken out), then the database
 * opened, then the command. Every failure is one line `<service> <command>: <what>` on stderr with the exit
 * code of {@link describeCommandFailure} (usage errors add the command's usage); the stack only on request.
 */
async function runCommand(
  definition: AuthorityServiceDefinition,
  config: ServiceConfig,
  name: string,
  command: OperatorCommand,
): Promise<void> {
  const argv = process.argv.slice(3);
  const debug = debugRequested(argv);
  const args = argv.filter((arg) => arg !== '--debug');
  let dataSource: DataSource | undefined;
  try {
    const work = command.parse(args);
    dataSource = new DataSource(dataSourceOptions(config, definition.entities, definition.migrations));
    await dataSource.initialize();
    await work({ dataSource, config, args, print: (line) => process.stdout.write(`${line}\n`) });
  } catch (err) {
    const { exitCode, line } = describeCommandFailure(err, {
      databaseUrl: config.databaseUrl,
      brokers: config.kafka.brokers,
    });
    process.stderr.write(`${definition.serviceName} ${name}: ${line}\n`);
    if (err instanceof UsageError) process.stderr.write(`usage: ${command.usage}\n`);
    if (debug && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
    process.exitCode = exitCode;
  } finally {
    if (dataSource?.isInitialized) await dataSource.destroy();
  }
}

/**
 * `main.js migrate`: the schema migrations, then the definition's data steps, all under the
 * migration lock (two runs never race; the second finds the work done).
 */
function migrateCommand(definition: AuthorityServiceDefinition): OperatorCommand {
  return {
    usage: 'migrate',
    parse: (args) => {
      parseOptions(args, {});
      return run;
    },
  };
  async function run(context: CommandContext): Promise<void> {
    const { dataSource, config, print } = context;
    const applied = await runMigrationsExclusively(dataSource, async () => {
      for (const step of definition.afterMigrations ?? []) await step(context);
    });
    print(
      `${config.serviceName}: ${applied.length} migration(s) applied${applied.map((m) => `\n  ${m.name}`).join('')}`,
    );
  }
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
    process.exit(EXIT.config);
  }
  const commands: Record<string, OperatorCommand> = {
    migrate: migrateCommand(definition),
    dlq: deadLetterCommand,
    ...definition.commands,
  };
  const name = process.argv[2];
  if (name === 'openapi') {
    process.stdout.write(`${JSON.stringify(await exportOpenApiDocument(definition, config), null, 2)}\n`);
    return;
  }
  if (name !== undefined) {
    const command = commands[name];
    if (!command) {
      process.stderr.write(
        `${definition.serviceName}: unknown command "${name}"; commands: ${Object.keys(commands).join(', ')}\n`,
      );
      process.exit(EXIT.usage);
    }
    await runCommand(definition, config, name, command);
    return;
  }
  const app = await createAuthorityApp(definition, config);
  await app.startAllMicroservices();
  await app.listen(config.port);
  answerUnreadableRequests(app.getHttpServer() as Server);
  app.get(Logger).log(`${definition.serviceName} (${config.authority}) listening on port ${config.port}`);
}
