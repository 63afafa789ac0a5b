import { readFileSync } from 'node:fs';
import type { AuthorityCode } from '@gba/contracts';
import type { KafkaConnectionSettings } from '@gba/messaging';

/** Every variable a service reads (besides OpenTelemetry's own OTEL_*), for docs and checks. */
export const SERVICE_ENV_VARIABLES = [
  'PORT',
  'DATABASE_URL',
  'DATABASE_POOL_SIZE',
  'DATABASE_POOL_WAIT_MS',
  'DATABASE_STATEMENT_TIMEOUT_MS',
  'DATABASE_LOCK_TIMEOUT_MS',
  'KAFKA_BROKERS',
  'KAFKA_CLIENT_ID',
  'KAFKA_TOPIC_PREFIX',
  'KAFKA_TOPIC_PARTITIONS',
  'KAFKA_REPLICATION_FACTOR',
  'KAFKA_SSL',
  'KAFKA_SSL_CA_FILE',
  'KAFKA_SASL_MECHANISM',
  'KAFKA_SASL_USERNAME',
  'KAFKA_SASL_PASSWORD',
  'LOG_LEVEL',
  'PLATFORM_API_KEYS',
  'OFFICER_JWT_SECRET',
  'OFFICER_JWKS_URL',
  'OFFICER_JWT_AUDIENCE',
  'OFFICER_JWT_ISSUER',
  'NODE_ENV',
  'SELECTION_KEY',
  'RANDOM_SELECTION',
  'PII_KEY',
  'RATE_LIMIT_PER_SECOND',
  'RATE_LIMIT_BURST',
  'NOTIFICATIONS_TIMEOUT_MS',
  'NOTIFICATIONS_RETRY_BASE_MS',
  'NOTIFICATIONS_RETRY_MAX_MS',
  'NOTIFICATIONS_BLOCK_AFTER',
] as const;

/**
 * The `aud` and `iss` officer tokens carry in development (NODE_ENV=development), where
 * OFFICER_JWT_AUDIENCE and OFFICER_JWT_ISSUER may be left unset. The same values are the
 * DEVELOPMENT_DEFAULTS of tools/services.mjs (`npm run stack`, `npm run officer-token`).
 */
export const DEVELOPMENT_OFFICER_JWT_AUDIENCE = 'gba-joint-clearance';
export const DEVELOPMENT_OFFICER_JWT_ISSUER = 'gba-development-identity';

export const DEFAULT_PORTS: Record<AuthorityCode, number> = { GZ: 3001, HK: 3002, MO: 3003 };

export interface ServiceConfig {
  authority: AuthorityCode;
  serviceName: string;
  port: number;
  databaseUrl: string;
  /** The request pool: no request waits unboundedly for a connection, a lock or a statement. */
  database: DatabasePoolSettings;
  kafka: KafkaConnectionSettings;
  topicPrefix: string;
  topicPartitions: number;
  topicReplicationFactor: number;
  logLevel: string;
  /** `platformId=key` pairs seeded for development and tests. */
  platformApiKeys: Map<string, string>;
  officerJwtSecret?: string;
  officerJwksUrl?: string;
  /**
   * The `aud` every officer token must carry (OFFICER_JWT_AUDIENCE, RFC 7519 §4.1.3): this
   * system's identifier at the identity provider. Set whenever officer authentication is.
   */
  officerJwtAudience?: string;
  /** The `iss` every officer token must carry (OFFICER_JWT_ISSUER, RFC 7519 §4.1.1). */
  officerJwtIssuer?: string;
  /** Secret of the keyed random selection (domain.md: deterministic and auditable). */
  selectionKey: string;
  /** Random selection can be switched off for test environments and rehearsals only. */
  randomSelection: boolean;
  /** Secret for keyed hashes (and encryption) of personal identifiers such as buyers' ID numbers. */
  piiKey: string;
  /** Requests a platform key may make per second to one service instance, and its burst. */
  rateLimit: { perSecond: number; burst: number };
  /** `development` with NODE_ENV=development (webhooks may then target http://loopback), else `production`. */
  mode: 'production' | 'development';
  /** Push notifications to platforms: see {@link NotificationSettings}. */
  notifications: NotificationSettings;
}

/** The push dispatcher's limits (README § Notifications). */
export interface NotificationSettings {
  /** Per-request timeout of a delivery, ms. */
  timeoutMs: number;
  /** First retry delay after a failed delivery, ms; doubled per consecutive failure, with jitter. */
  retryBaseMs: number;
  /** Longest retry delay, ms; a blocked subscriber's one notification is retried this often. */
  retryMaxMs: number;
  /** Consecutive failed deliveries (5xx, timeouts, refusals) after which a subscriber is blocked. */
  blockAfter: number;
}

/** Limits of the service's database pool; past one, a request gets 503 with Retry-After. */
export interface DatabasePoolSettings {
  /** Connections in the pool. */
  poolSize: number;
  /** Longest wait for a free pooled connection, ms (pg-pool `connectionTimeoutMillis`). */
  poolWaitMs: number;
  /** `statement_timeout` of every session, ms. */
  statementTimeoutMs: number;
  /** `lock_timeout` of every session, ms. */
  lockTimeoutMs: number;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const SASL_MECHANISMS = ['scram-sha-256', 'scram-sha-512', 'plain'] as const;

/**
 * Reads and checks the environment once, at start-up. Every problem is reported at once, each
 * naming its variable, and the process does not start with any of them.
 */
export function loadServiceConfig(
  authority: AuthorityCode,
  serviceName: string,
  env: NodeJS.ProcessEnv = process.env,
): ServiceConfig {
  const problems: string[] = [];
  const text = (name: string, fallback?: string): string => {
    const value = env[name]?.trim();
    if (value) return value;
    if (fallback === undefined) problems.push(`${name} is required`);
    return fallback ?? '';
  };
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name]?.trim();
    if (!raw) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
      return fallback;
    }
    return n;
  };
  const oneOf = <T extends string>(name: string, allowed: readonly T[], fallback?: T): T | undefined => {
    const raw = env[name]?.trim();
    if (!raw) return fallback;
    if (!allowed.includes(raw as T))
      problems.push(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
    return raw as T;
  };

  const databaseUrl = text('DATABASE_URL');
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must be a postgres:// URL');
  }
  const brokers = text('KAFKA_BROKERS')
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  for (const broker of brokers) {
    if (!/^[^\s:]+:\d{1,5}$/.test(broker)) problems.push(`KAFKA_BROKERS entry "${broker}" must be host:port`);
  }

  const saslMechanism = oneOf('KAFKA_SASL_MECHANISM', SASL_MECHANISMS);
  let sasl: KafkaConnectionSettings['sasl'];
  if (saslMechanism) {
    sasl = {
      mechanism: saslMechanism,
      username: text('KAFKA_SASL_USERNAME'),
      password: text('KAFKA_SASL_PASSWORD'),
    };
  }
  const ssl = oneOf('KAFKA_SSL', ['true', 'false'], 'false') === 'true';
  const caFile = env['KAFKA_SSL_CA_FILE']?.trim();
  let sslCa: string | undefined;
  if (caFile) {
    try {
      sslCa = readFileSync(caFile, 'utf8');
    } catch (err) {
      problems.push(`KAFKA_SSL_CA_FILE cannot be read: ${(err as Error).message}`);
    }
    if (!ssl) problems.push('KAFKA_SSL_CA_FILE needs KAFKA_SSL=true');
  }

  const platformApiKeys = new Map<string, string>();
  for (const pair of (env['PLATFORM_API_KEYS'] ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [platformId, key, ...rest] = pair.split('=');
    if (!platformId || !key || rest.length > 0 || key.length < 16) {
      problems.push(
        'PLATFORM_API_KEYS must be comma-separated platformId=key pairs, each key at least 16 characters',
      );
      break;
    }
    platformApiKeys.set(platformId, key);
  }

  const officerJwtSecret = env['OFFICER_JWT_SECRET']?.trim() || undefined;
  if (officerJwtSecret && officerJwtSecret.length < 32) {
    problems.push('OFFICER_JWT_SECRET must be at least 32 characters');
  }
  const officerJwksUrl = env['OFFICER_JWKS_URL']?.trim() || undefined;
  if (officerJwksUrl && !/^https?:\/\//.test(officerJwksUrl))
    problems.push('OFFICER_JWKS_URL must be an http(s) URL');
  // A token signed with the right key but issued for another application (another `aud`) or by
  // another issuer must not pass: with officer authentication on, both claims are pinned. Only
  // development (NODE_ENV=development) falls back to the development values.
  const development = env['NODE_ENV']?.trim() === 'development';
  const officerAuth = officerJwtSecret !== undefined || officerJwksUrl !== undefined;
  const officerClaim = (name: string, developmentValue: string): string | undefined => {
    const value = env[name]?.trim();
    if (value) return value;
    if (!officerAuth) return undefined;
    if (development) return developmentValue;
    problems.push(
      `${name} is required with OFFICER_JWT_SECRET or OFFICER_JWKS_URL (outside NODE_ENV=development)`,
    );
    return undefined;
  };
  const officerJwtAudience = officerClaim('OFFICER_JWT_AUDIENCE', DEVELOPMENT_OFFICER_JWT_AUDIENCE);
  const officerJwtIssuer = officerClaim('OFFICER_JWT_ISSUER', DEVELOPMENT_OFFICER_JWT_ISSUER);

  const selectionKey = text('SELECTION_KEY');
  if (selectionKey && selectionKey.length < 16) problems.push('SELECTION_KEY must be at least 16 characters');

  const piiKey = text('PII_KEY');
  if (piiKey && piiKey.length < 32) problems.push('PII_KEY must be at least 32 characters');

  const config: ServiceConfig = {
    authority,
    serviceName,
    port: integer('PORT', DEFAULT_PORTS[authority], 1, 65535),
    databaseUrl,
    database: {
      poolSize: integer('DATABASE_POOL_SIZE', 20, 1, 1000),
      poolWaitMs: integer('DATABASE_POOL_WAIT_MS', 3000, 1, 600_000),
      statementTimeoutMs: integer('DATABASE_STATEMENT_TIMEOUT_MS', 10_000, 1, 3_600_000),
      lockTimeoutMs: integer('DATABASE_LOCK_TIMEOUT_MS', 5000, 1, 3_600_000),
    },
    kafka: { brokers, clientId: text('KAFKA_CLIENT_ID', serviceName), ssl, sslCa, sasl },
    topicPrefix: text('KAFKA_TOPIC_PREFIX', ''),
    topicPartitions: integer('KAFKA_TOPIC_PARTITIONS', 6, 1, 1000),
    topicReplicationFactor: integer('KAFKA_REPLICATION_FACTOR', -1, -1, 10),
    logLevel: oneOf('LOG_LEVEL', LOG_LEVELS, 'info') ?? 'info',
    platformApiKeys,
    officerJwtSecret,
    officerJwksUrl,
    officerJwtAudience,
    officerJwtIssuer,
    selectionKey,
    piiKey,
    rateLimit: {
      perSecond: integer('RATE_LIMIT_PER_SECOND', 50, 1, 1_000_000),
      burst: integer('RATE_LIMIT_BURST', 200, 1, 1_000_000),
    },
    randomSelection: oneOf('RANDOM_SELECTION', ['on', 'off'], 'on') === 'on',
    mode: development ? 'development' : 'production',
    notifications: {
      timeoutMs: integer('NOTIFICATIONS_TIMEOUT_MS', 10_000, 100, 120_000),
      retryBaseMs: integer('NOTIFICATIONS_RETRY_BASE_MS', 1000, 10, 3_600_000),
      retryMaxMs: integer('NOTIFICATIONS_RETRY_MAX_MS', 300_000, 10, 86_400_000),
      blockAfter: integer('NOTIFICATIONS_BLOCK_AFTER', 5, 1, 1000),
    },
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
