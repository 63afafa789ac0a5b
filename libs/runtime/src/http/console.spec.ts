import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { jwtVerify } from 'jose';
import { ConfigError, loadServiceConfig } from '../config';
import { consoleOidcSettings, consoleRouter } from './console';
import { jsonBody } from './json-body';
import { problemInstance } from './problem';

const SECRET = 'console-spec-officer-secret-0123456789';
const base = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/gba_hk',
  KAFKA_BROKERS: '127.0.0.1:9092',
  SELECTION_KEY: 'a-selection-key-of-some-length',
  PII_KEY: 'a-pii-key-of-at-least-thirty-two-characters',
  OFFICER_JWT_SECRET: SECRET,
};
const production = { ...base, OFFICER_JWT_AUDIENCE: 'console-aud', OFFICER_JWT_ISSUER: 'console-iss' };

describe('the officer console at /console', () => {
  let dist: string;
  const servers: Server[] = [];

  beforeAll(() => {
    dist = mkdtempSync(join(tmpdir(), 'console-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>console</title>');
    writeFileSync(join(dist, 'assets', 'index-abc123.js'), 'export {};');
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    rmSync(dist, { recursive: true, force: true });
  });

  async function serve(env: NodeJS.ProcessEnv): Promise<string> {
    const config = loadServiceConfig('HK', 'hong-kong-customs', env);
    const app = express();
    app.use(jsonBody('1mb'));
    app.use('/console', consoleRouter(config, dist, env));
    const server = app.listen(0, '127.0.0.1');
    servers.push(server);
    await new Promise((r) => server.once('listening', r));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/console`;
  }

  const post = (url: string, body: unknown) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('serves index.html for the app routes (no-cache) and hashed assets as immutable, all under its CSP', async () => {
    const url = await serve(production);
    for (const path of ['/', '/declarations/0b6e0f6c-1f7e-4c1a-9d55-3f1f1e6a0c11', '/supervisor']) {
      const res = await fetch(`${url}${path}`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('<title>console</title>');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-inline');
    }
    const asset = await fetch(`${url}/assets/index-abc123.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const missing = await fetch(`${url}/assets/index-missing.js`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
    expect(await missing.json()).toMatchObject({
      status: 404,
      instance: problemInstance(missing.headers.get('x-request-id')!),
    });
  });

  it('has no development sign-in outside development mode (404), and tells the app so', async () => {
    const url = await serve(production);
    const res = await post(`${url}/dev-token`, { authority: 'HK', roles: ['officer'] });
    expect(res.status).toBe(404);
    const settings = await (await fetch(`${url}/config.json`)).json();
    expect(settings).toEqual({ authority: 'HK', mode: 'production', oidc: null });
  });

  it('gives production the OpenID Connect issuer and lets the CSP reach it', async () => {
    const url = await serve({ ...production, CONSOLE_OIDC_ISSUER: 'https://id.customs.example/realms/hk' });
    const res = await fetch(`${url}/config.json`);
    expect(await res.json()).toEqual({
      authority: 'HK',
      mode: 'production',
      oidc: {
        issuer: 'https://id.customs.example/realms/hk',
        clientId: 'officer-console',
        scope: 'openid profile',
      },
    });
    expect(res.headers.get('content-security-policy')).toContain(
      "connect-src 'self' https://id.customs.example",
    );
  });

  it('mints, in development mode, an officer token the API verifies, for this authority only', async () => {
    const url = await serve({ ...base, NODE_ENV: 'development' });
    const res = await post(`${url}/dev-token`, {
      authority: 'HK',
      roles: ['officer', 'supervisor'],
      sub: 'hk-7',
    });
    expect(res.status).toBe(200);
    const { accessToken } = (await res.json()) as { accessToken: string };
    const { payload } = await jwtVerify(accessToken, new TextEncoder().encode(SECRET), {
      algorithms: ['HS256'],
      audience: 'gba-joint-clearance',
      issuer: 'gba-development-identity',
    });
    expect(payload).toMatchObject({ sub: 'hk-7', authority: 'HK', roles: ['officer', 'supervisor'] });

    const refused = await post(`${url}/dev-token`, { authority: 'GZ', roles: ['auditor'], sub: 'a b' });
    expect(refused.status).toBe(422);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await refused.json()) as {
      instance: string;
      errors: { pointer: string; code: string }[];
    };
    expect(problem.instance).toBe(problemInstance(refused.headers.get('x-request-id')!));
    expect(problem.errors.map((e) => [e.pointer, e.code])).toEqual([
      ['/authority', 'AUTHORITY_NOT_THIS_SERVICE'],
      ['/roles', 'VALUE_NOT_ALLOWED'],
      ['/sub', 'VALUE_NOT_ALLOWED'],
    ]);
  });

  it('refuses, in development mode, a sign-in request with a member of its own choosing', async () => {
    const url = await serve({ ...base, NODE_ENV: 'development' });
    const refused = await post(`${url}/dev-token`, {
      authority: 'HK',
      roles: ['officer'],
      officerId: 'attacker',
      'a/b': 1,
    });
    expect(refused.status).toBe(422);
    const problem = (await refused.json()) as { errors: { pointer: string; code: string }[] };
    expect(problem.errors.map((e) => [e.pointer, e.code])).toEqual([
      ['/officerId', 'FIELD_UNKNOWN'],
      ['/a~1b', 'FIELD_UNKNOWN'],
    ]);
  });

  it('refuses an issuer that is not an https URL as a configuration error naming the variable', () => {
    for (const issuer of ['id.customs.example', 'http://id.customs.example/realms/hk']) {
      expect(() => consoleOidcSettings({ CONSOLE_OIDC_ISSUER: issuer })).toThrow(ConfigError);
      expect(() => consoleOidcSettings({ CONSOLE_OIDC_ISSUER: issuer })).toThrow(/CONSOLE_OIDC_ISSUER/);
    }
    expect(consoleOidcSettings({ CONSOLE_OIDC_ISSUER: ' ' })).toBeNull();
    expect(consoleOidcSettings({ CONSOLE_OIDC_ISSUER: 'http://127.0.0.1:8080' })?.issuer).toBe(
      'http://127.0.0.1:8080',
    );
    expect(() => consoleOidcSettings({ CONSOLE_OIDC_ISSUER: 'http://127.0.0.1.evil.example/' })).toThrow(
      ConfigError,
    );
  });
});
