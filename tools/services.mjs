// The three authority services as this repository runs them locally: names, ports, databases.
// Shared by `npm run stack`, the end-to-end tests and the benchmark.
export const SERVICES = [
  { authority: 'GZ', name: 'guangzhou-customs', port: 3001, database: 'gba_gz' },
  { authority: 'HK', name: 'hong-kong-customs', port: 3002, database: 'gba_hk' },
  { authority: 'MO', name: 'macau-customs', port: 3003, database: 'gba_mo' },
];

/**
 * Node.js flags every service process starts with (the image's entry point passes the same).
 * `--max-semi-space-size=16` (MiB) keeps V8's young generation at Node 20's size: from Node 22 on,
 * V8 sizes it by the machine's memory (128 MiB of new space seen on Node 24 with 24 GiB, against
 * 32 MiB on Node 20), which took each service's peak RSS under load from ≈ 290 to ≈ 380 MiB.
 */
export const SERVICE_NODE_ARGS = ['--max-semi-space-size=16'];

/** Development defaults, used only when the caller's environment does not set the variable. */
export const DEVELOPMENT_DEFAULTS = {
  KAFKA_BROKERS: '127.0.0.1:9092',
  PLATFORM_API_KEYS: 'demo-shop=demo-shop-key-0123456789,other-shop=other-shop-key-0123456789',
  OFFICER_JWT_SECRET: 'development-only-officer-secret-change-me',
  // The `aud` and `iss` officer tokens must carry (libs/runtime config.ts DEVELOPMENT_OFFICER_JWT_*).
  OFFICER_JWT_AUDIENCE: 'gba-joint-clearance',
  OFFICER_JWT_ISSUER: 'gba-development-identity',
  SELECTION_KEY: 'development-only-selection-key',
  PII_KEY: 'development-only-pii-key-0123456789abcdef',
};

/**
 * What `npm run stack` adds to the caller's environment `env` (name to value): each development
 * default the caller left unset, and NODE_ENV=development unless the caller set NODE_ENV, since it
 * is the local developer stack (the officer console's development sign-in, webhooks to http on
 * loopback; libs/runtime config.ts `mode`). The benchmark and the chaos suite start their own
 * services and do not use it.
 */
export function stackDefaults(env) {
  const added = {};
  for (const [name, value] of Object.entries({ NODE_ENV: 'development', ...DEVELOPMENT_DEFAULTS }))
    if (!env[name]) added[name] = value;
  return added;
}
