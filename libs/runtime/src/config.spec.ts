import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ConfigError,
  DEVELOPMENT_OFFICER_JWT_AUDIENCE,
  DEVELOPMENT_OFFICER_JWT_ISSUER,
  loadServiceConfig,
} from './config';

const valid = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/gba_hk',
  KAFKA_BROKERS: '127.0.0.1:9092',
  SELECTION_KEY: 'a-selection-key-of-some-length',
  PII_KEY: 'a-pii-key-of-at-least-thirty-two-characters',
};

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadServiceConfig('HK', 'hong-kong-customs', env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('service configuration', () => {
  it('applies the defaults of the authority', () => {
    const config = loadServiceConfig('HK', 'hong-kong-customs', valid);
    expect(config.port).toBe(3002);
    expect(config.kafka.brokers).toEqual(['127.0.0.1:9092']);
    expect(config.topicPartitions).toBe(6);
    expect(config.kafka.sasl).toBeUndefined();
    expect(config.database).toEqual({
      poolSize: 20,
      poolWaitMs: 3000,
      statementTimeoutMs: 10_000,
      lockTimeoutMs: 5000,
    });
  });

  it('names every missing variable at once', () => {
    expect(problemsOf({})).toEqual([
      'DATABASE_URL is required',
      'KAFKA_BROKERS is required',
      'SELECTION_KEY is required',
      'PII_KEY is required',
    ]);
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT must be an integer/],
    [{ DATABASE_STATEMENT_TIMEOUT_MS: '0' }, /DATABASE_STATEMENT_TIMEOUT_MS must be an integer from 1/],
    [{ DATABASE_POOL_SIZE: 'many' }, /DATABASE_POOL_SIZE must be an integer/],
    [{ PORT: '70000' }, /PORT must be an integer from 1 to 65535/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL must be a postgres/],
    [{ KAFKA_BROKERS: 'localhost' }, /KAFKA_BROKERS entry "localhost"/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL must be one of/],
    [{ PLATFORM_API_KEYS: 'shop-a' }, /PLATFORM_API_KEYS/],
    [{ PLATFORM_API_KEYS: 'shop-a=short' }, /at least 16/],
    [{ OFFICER_JWT_SECRET: 'too-short' }, /OFFICER_JWT_SECRET/],
    [{ KAFKA_SASL_MECHANISM: 'kerberos' }, /KAFKA_SASL_MECHANISM/],
    [{ SELECTION_KEY: 'short' }, /SELECTION_KEY must be at least 16/],
    [{ KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: '/no/such/ca.pem' }, /KAFKA_SSL_CA_FILE cannot be read/],
    [{ KAFKA_SSL_CA_FILE: __filename }, /KAFKA_SSL_CA_FILE needs KAFKA_SSL=true/],
    [{ PII_KEY: 'short' }, /PII_KEY must be at least 32/],
    [{ KAFKA_SASL_MECHANISM: 'scram-sha-512' }, /KAFKA_SASL_USERNAME is required/],
  ])('refuses %p', (override, message) => {
    expect(problemsOf({ ...valid, ...override }).join('\n')).toMatch(message);
  });

  it('lists every problem of every kind at once, each naming its variable', () => {
    expect(
      problemsOf({
        ...valid,
        PORT: '0',
        PII_KEY: undefined,
        SELECTION_KEY: 'short',
        KAFKA_SASL_MECHANISM: 'plain',
        KAFKA_SSL_CA_FILE: __filename,
        NOTIFICATIONS_BLOCK_AFTER: 'x',
      }),
    ).toEqual([
      'PORT must be an integer from 1 to 65535, got "0"',
      'SELECTION_KEY must be at least 16 characters',
      'PII_KEY is required',
      'NOTIFICATIONS_BLOCK_AFTER must be an integer from 1 to 1000, got "x"',
      'KAFKA_SASL_USERNAME is required',
      'KAFKA_SASL_PASSWORD is required',
      'KAFKA_SSL_CA_FILE needs KAFKA_SSL=true',
    ]);
  });

  it('never quotes a secret back', () => {
    const secrets = {
      PII_KEY: 'pii-secret-but-too-short',
      SELECTION_KEY: 'sel-secret',
      OFFICER_JWT_SECRET: 'officer-secret-too-short',
      PLATFORM_API_KEYS: 'shop-a=platform-secret, shop-b',
    };
    const problems = problemsOf({ ...valid, ...secrets }).join('\n');
    for (const name of ['PII_KEY', 'SELECTION_KEY', 'OFFICER_JWT_SECRET', 'PLATFORM_API_KEYS']) {
      expect(problems).toContain(name);
    }
    for (const value of [
      'pii-secret-but-too-short',
      'sel-secret',
      'officer-secret-too-short',
      'platform-secret',
    ]) {
      expect(problems).not.toContain(value);
    }
  });

  it('takes blank values as unset (compose passes ${VAR:-} as an empty string)', () => {
    const config = loadServiceConfig('MO', 'macau-customs', {
      ...valid,
      PORT: ' ',
      OFFICER_JWKS_URL: '',
      KAFKA_TOPIC_PREFIX: '  ',
      LOG_LEVEL: ' debug ',
    });
    expect(config).toMatchObject({ port: 3003, topicPrefix: '', logLevel: 'debug' });
    expect(config.officerJwksUrl).toBeUndefined();
    expect(problemsOf({ ...valid, PII_KEY: '   ' })).toEqual(['PII_KEY is required']);
  });

  it('reads platform keys and SASL settings', () => {
    const config = loadServiceConfig('GZ', 'guangzhou-customs', {
      ...valid,
      PLATFORM_API_KEYS: 'shop-a=aaaaaaaaaaaaaaaaaaaa, shop-b=bbbbbbbbbbbbbbbbbbbb',
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'gz',
      KAFKA_SASL_PASSWORD: 'secret',
      KAFKA_SSL: 'true',
    });
    expect([...config.platformApiKeys.keys()]).toEqual(['shop-a', 'shop-b']);
    expect(config.kafka).toMatchObject({ ssl: true, sasl: { mechanism: 'scram-sha-512', username: 'gz' } });
  });

  describe('officer token audience and issuer', () => {
    const secret = { OFFICER_JWT_SECRET: 'an-officer-secret-of-at-least-32-chars' };

    it.each([
      ['production', { ...secret, NODE_ENV: 'production' }],
      ['no NODE_ENV', secret],
      ['a key set only', { OFFICER_JWKS_URL: 'https://idp.example/jwks.json' }],
    ])('are required with officer authentication on (%s)', (_name, env) => {
      expect(problemsOf({ ...valid, ...env })).toEqual([
        'OFFICER_JWT_AUDIENCE is required with OFFICER_JWT_SECRET or OFFICER_JWKS_URL (outside NODE_ENV=development)',
        'OFFICER_JWT_ISSUER is required with OFFICER_JWT_SECRET or OFFICER_JWKS_URL (outside NODE_ENV=development)',
      ]);
    });

    it('are read when set', () => {
      const config = loadServiceConfig('GZ', 'guangzhou-customs', {
        ...valid,
        ...secret,
        NODE_ENV: 'production',
        OFFICER_JWT_AUDIENCE: ' gba-clearance-gz ',
        OFFICER_JWT_ISSUER: 'https://idp.customs.example',
      });
      expect(config).toMatchObject({
        officerJwtAudience: 'gba-clearance-gz',
        officerJwtIssuer: 'https://idp.customs.example',
      });
    });

    it('fall back to the development values in development only', () => {
      const config = loadServiceConfig('GZ', 'guangzhou-customs', {
        ...valid,
        ...secret,
        NODE_ENV: 'development',
      });
      expect(config).toMatchObject({
        officerJwtAudience: DEVELOPMENT_OFFICER_JWT_AUDIENCE,
        officerJwtIssuer: DEVELOPMENT_OFFICER_JWT_ISSUER,
      });
    });

    it('are not needed while officer authentication is off', () => {
      const config = loadServiceConfig('GZ', 'guangzhou-customs', { ...valid, NODE_ENV: 'production' });
      expect(config.officerJwtAudience).toBeUndefined();
      expect(config.officerJwtIssuer).toBeUndefined();
    });

    it('have the same development values as `npm run stack` and `npm run officer-token`', () => {
      const defaults = readFileSync(join(__dirname, '../../../tools/services.mjs'), 'utf8');
      expect(defaults).toContain(`OFFICER_JWT_AUDIENCE: '${DEVELOPMENT_OFFICER_JWT_AUDIENCE}'`);
      expect(defaults).toContain(`OFFICER_JWT_ISSUER: '${DEVELOPMENT_OFFICER_JWT_ISSUER}'`);
    });
  });
});

describe('the environment of `npm run stack` (tools/services.mjs stackDefaults)', () => {
  /** What the stack adds to `env`, computed by tools/services.mjs itself (an ES module). */
  function stackDefaults(env: Record<string, string>): Record<string, string> {
    const services = join(__dirname, '../../../tools/services.mjs');
    const script = `import(process.argv[1]).then((m) => process.stdout.write(JSON.stringify(m.stackDefaults(JSON.parse(process.argv[2])))))`;
    return JSON.parse(
      execFileSync(process.execPath, ['-e', script, services, JSON.stringify(env)], { encoding: 'utf8' }),
    );
  }
  const place = { DATABASE_URL: valid.DATABASE_URL };

  it('runs the services in development mode, with the development sign-in values, when the caller sets nothing', () => {
    const added = stackDefaults({});
    expect(added['NODE_ENV']).toBe('development');
    expect(loadServiceConfig('HK', 'hong-kong-customs', { ...place, ...added })).toMatchObject({
      mode: 'development',
      officerJwtAudience: DEVELOPMENT_OFFICER_JWT_AUDIENCE,
      officerJwtIssuer: DEVELOPMENT_OFFICER_JWT_ISSUER,
    });
  });

  it("keeps the caller's NODE_ENV and settings", () => {
    const caller = { NODE_ENV: 'production', KAFKA_BROKERS: 'kafka.example:9092' };
    const added = stackDefaults(caller);
    expect(added).not.toHaveProperty('NODE_ENV');
    expect(added).not.toHaveProperty('KAFKA_BROKERS');
    expect(added).toHaveProperty('PII_KEY');
    expect(loadServiceConfig('HK', 'hong-kong-customs', { ...place, ...caller, ...added }).mode).toBe(
      'production',
    );
  });
});
