import { readFileSync } from 'node:fs';
import type { AuthorityCode } from '@gba/contracts';
import type { KafkaConnectionSettings } from '@gba/messaging';
import { cleanEnv, EnvError, EnvMissingError, makeValidator, str } from 'envalid';

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

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const SASL_MECHANISMS = ['scram-sha-256', 'scram-sha-512', 'plain'] as const;

// Validators (envalid): each gets the variable's trimmed, non-empty value and throws an EnvError
// whose message completes "<NAME> …". Secrets are never quoted back.

/** An integer from `min` to `max`. */
const integer = (min: number, max: number) =>
  makeValidator<number>((raw) => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new EnvError(`must be an integer from ${min} to ${max}, got "${raw}"`);
    return n;
  });

/** One of `allowed`. */
const oneOf = <T extends string>(allowed: readonly T[]) =>
  makeValidator<T>((raw) => {
    if (!allowed.includes(raw as T)) throw new EnvError(`must be one of ${allowed.join(', ')}, got "${raw}"`);
    return raw as T;
  });

/** A secret of at least `minLength` characters. */
const secret = (minLength: number) =>
  makeValidator<string>((raw) => {
    if (raw.length < minLength) throw new EnvError(`must be at least ${minLength} characters`);
    return raw;
  });

/** A URL whose text starts with one of the schemes `pattern` matches. */
const urlOf = (pattern: RegExp, what: string) =>
  makeValidator<string>((raw) => {
    if (!pattern.test(raw)) throw new EnvError(`must be ${what}`);
    return raw;
  });

/** Comma-separated `host:port` entries. */
const brokerList = makeValidator<string[]>((raw) => {
  const brokers = raw
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  const bad = brokers.find((broker) => !/^[^\s:]+:\d{1,5}$/.test(broker));
  if (bad !== undefined) throw new EnvError(`entry "${bad}" must be host:port`);
  return brokers;
});

/** Comma-separated `platformId=key` pairs, keys of 16 characters or more (never quoted back). */
const platformKeys = makeValidator<Map<string, string>>((raw) => {
  const keys = new Map<string, string>();
  for (const pair of raw
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [platformId, key, ...rest] = pair.split('=');
    if (!platformId || !key || rest.length > 0 || key.length < 16)
      throw new EnvError('must be comma-separated platformId=key pairs, each key at least 16 characters');
    keys.set(platformId, key);
  }
  return keys;
});

/** The text of a readable file (e.g. a PEM bundle). */
const fileText = makeValidator<string>((path) => {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new EnvError(`cannot be read: ${(err as Error).message}`);
  }
});

/** Set a variable's spec as optional: no value and no default gives `undefined`. */
const OPTIONAL = { default: undefined };

/**
 * Reads and checks the environment once, at start-up, with envalid: every variable of
 * {@link SERVICE_ENV_VARIABLES} by its validator, blank values as unset. Every problem is
 * reported at once, each naming its variable and never quoting a secret; the process does not
 * start with any of them (the entry point exits with 78, EX_CONFIG). Throws {@link ConfigError}.
 */
export function loadServiceConfig(
  authority: AuthorityCode,
  serviceName: string,
  env: NodeJS.ProcessEnv = process.env,
): ServiceConfig {
  const given = Object.fromEntries(
    SERVICE_ENV_VARIABLES.map((name) => [name, env[name]?.trim() || undefined] as const),
  );
  const development = given.NODE_ENV === 'development';
  const officerAuth = given.OFFICER_JWT_SECRET !== undefined || given.OFFICER_JWKS_URL !== undefined;
  // A token signed with the right key but issued for another application (another `aud`) or by
  // another issuer must not pass: with officer authentication on, both claims are pinned. Only
  // development (NODE_ENV=development) falls back to the development values.
  const officerClaimRequired = () => officerAuth && !development;
  const whenMissing: Partial<Record<(typeof SERVICE_ENV_VARIABLES)[number], string>> = {
    KAFKA_SASL_USERNAME: '',
    KAFKA_SASL_PASSWORD: '',
    OFFICER_JWT_AUDIENCE: ' with OFFICER_JWT_SECRET or OFFICER_JWKS_URL (outside NODE_ENV=development)',
    OFFICER_JWT_ISSUER: ' with OFFICER_JWT_SECRET or OFFICER_JWKS_URL (outside NODE_ENV=development)',
  };

  const problems: string[] = [];
  const read = cleanEnv(
    given,
    {
      PORT: integer(1, 65535)({ default: DEFAULT_PORTS[authority] }),
      DATABASE_URL: urlOf(/^postgres(ql)?:\/\//, 'a postgres:// URL')(),
      DATABASE_POOL_SIZE: integer(1, 1000)({ default: 20 }),
      DATABASE_POOL_WAIT_MS: integer(1, 600_000)({ default: 3000 }),
      DATABASE_STATEMENT_TIMEOUT_MS: integer(1, 3_600_000)({ default: 10_000 }),
      DATABASE_LOCK_TIMEOUT_MS: integer(1, 3_600_000)({ default: 5000 }),
      KAFKA_BROKERS: brokerList(),
      KAFKA_CLIENT_ID: str({ default: serviceName }),
      KAFKA_TOPIC_PREFIX: str({ default: '' }),
      KAFKA_TOPIC_PARTITIONS: integer(1, 1000)({ default: 6 }),
      KAFKA_REPLICATION_FACTOR: integer(-1, 10)({ default: -1 }),
      KAFKA_SSL: oneOf(['true', 'false'])({ default: 'false' }),
      KAFKA_SSL_CA_FILE: fileText(OPTIONAL),
      KAFKA_SASL_MECHANISM: oneOf(SASL_MECHANISMS)(OPTIONAL),
      KAFKA_SASL_USERNAME: str({ ...OPTIONAL, requiredWhen: (e) => e['KAFKA_SASL_MECHANISM'] !== undefined }),
      KAFKA_SASL_PASSWORD: str({ ...OPTIONAL, requiredWhen: (e) => e['KAFKA_SASL_MECHANISM'] !== undefined }),
      LOG_LEVEL: oneOf(LOG_LEVELS)({ default: 'info' }),
      PLATFORM_API_KEYS: platformKeys({ default: new Map() }),
      OFFICER_JWT_SECRET: secret(32)(OPTIONAL),
      OFFICER_JWKS_URL: urlOf(/^https?:\/\//, 'an http(s) URL')(OPTIONAL),
      OFFICER_JWT_AUDIENCE: str({ ...OPTIONAL, requiredWhen: officerClaimRequired }),
      OFFICER_JWT_ISSUER: str({ ...OPTIONAL, requiredWhen: officerClaimRequired }),
      NODE_ENV: str(OPTIONAL),
      SELECTION_KEY: secret(16)(),
      RANDOM_SELECTION: oneOf(['on', 'off'])({ default: 'on' }),
      PII_KEY: secret(32)(),
      RATE_LIMIT_PER_SECOND: integer(1, 1_000_000)({ default: 50 }),
      RATE_LIMIT_BURST: integer(1, 1_000_000)({ default: 200 }),
      NOTIFICATIONS_TIMEOUT_MS: integer(100, 120_000)({ default: 10_000 }),
      NOTIFICATIONS_RETRY_BASE_MS: integer(10, 3_600_000)({ default: 1000 }),
      NOTIFICATIONS_RETRY_MAX_MS: integer(10, 86_400_000)({ default: 300_000 }),
      NOTIFICATIONS_BLOCK_AFTER: integer(1, 1000)({ default: 5 }),
    } satisfies Record<(typeof SERVICE_ENV_VARIABLES)[number], unknown>,
    {
      // Collect instead of printing and exiting: the rules across variables below add theirs.
      reporter: ({ errors }) => {
        for (const [name, error] of Object.entries(errors) as [keyof typeof whenMissing, Error][]) {
          problems.push(
            error instanceof EnvMissingError
              ? `${name} is required${whenMissing[name] ?? ''}`
              : `${name} ${error.message}`,
          );
        }
      },
    },
  );
  const ssl = read.KAFKA_SSL === 'true';
  if (given.KAFKA_SSL_CA_FILE !== undefined && !ssl) problems.push('KAFKA_SSL_CA_FILE needs KAFKA_SSL=true');
  if (problems.length > 0) throw new ConfigError(problems);

  const officerClaim = (value: string | undefined, developmentValue: string) =>
    value ?? (officerAuth && development ? developmentValue : undefined);
  const mechanism = read.KAFKA_SASL_MECHANISM;
  return {
    authority,
    serviceName,
    port: read.PORT,
    databaseUrl: read.DATABASE_URL,
    database: {
      poolSize: read.DATABASE_POOL_SIZE,
      poolWaitMs: read.DATABASE_POOL_WAIT_MS,
      statementTimeoutMs: read.DATABASE_STATEMENT_TIMEOUT_MS,
      lockTimeoutMs: read.DATABASE_LOCK_TIMEOUT_MS,
    },
    kafka: {
      brokers: read.KAFKA_BROKERS,
      clientId: read.KAFKA_CLIENT_ID,
      ssl,
      sslCa: read.KAFKA_SSL_CA_FILE,
      sasl: mechanism && {
        mechanism,
        username: read.KAFKA_SASL_USERNAME ?? '',
        password: read.KAFKA_SASL_PASSWORD ?? '',
      },
    },
    topicPrefix: read.KAFKA_TOPIC_PREFIX,
    topicPartitions: read.KAFKA_TOPIC_PARTITIONS,
    topicReplicationFactor: read.KAFKA_REPLICATION_FACTOR,
    logLevel: read.LOG_LEVEL,
    platformApiKeys: read.PLATFORM_API_KEYS,
    officerJwtSecret: read.OFFICER_JWT_SECRET,
    officerJwksUrl: read.OFFICER_JWKS_URL,
    officerJwtAudience: officerClaim(read.OFFICER_JWT_AUDIENCE, DEVELOPMENT_OFFICER_JWT_AUDIENCE),
    officerJwtIssuer: officerClaim(read.OFFICER_JWT_ISSUER, DEVELOPMENT_OFFICER_JWT_ISSUER),
    selectionKey: read.SELECTION_KEY,
    piiKey: read.PII_KEY,
    rateLimit: { perSecond: read.RATE_LIMIT_PER_SECOND, burst: read.RATE_LIMIT_BURST },
    randomSelection: read.RANDOM_SELECTION === 'on',
    mode: development ? 'development' : 'production',
    notifications: {
      timeoutMs: read.NOTIFICATIONS_TIMEOUT_MS,
      retryBaseMs: read.NOTIFICATIONS_RETRY_BASE_MS,
      retryMaxMs: read.NOTIFICATIONS_RETRY_MAX_MS,
      blockAfter: read.NOTIFICATIONS_BLOCK_AFTER,
    },
  };
}
