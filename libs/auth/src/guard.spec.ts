import { Controller, Get, Global, type INestApplication, Module, UseGuards } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import {
  DEVELOPMENT_OFFICER_JWT_AUDIENCE,
  DEVELOPMENT_OFFICER_JWT_ISSUER,
  PROBLEM_CONTENT_TYPE,
  ProblemDetailsFilter,
  SERVICE_CONFIG,
} from '@gba/runtime';
import { type OfficerAuthConfig, AuthModule } from './auth.module';
import { CurrentOfficer, Roles } from './decorators';
import { OfficerGuard } from './guard';
import { signOfficerToken } from './testing';
import type { Officer } from './verifier';

const SECRET = 'guard-test-secret-of-at-least-32-chars';

@Controller('cases')
@UseGuards(OfficerGuard)
class CasesController {
  @Get('mine')
  mine(@CurrentOfficer() officer: Officer): Officer {
    return officer;
  }

  @Get('release')
  @Roles('supervisor')
  release(@CurrentOfficer() officer: Officer): { releasedBy: string } {
    return { releasedBy: officer.id };
  }
}

/** Stands in for the runtime module, which provides SERVICE_CONFIG globally in a service. */
async function startApp(config: OfficerAuthConfig): Promise<{ app: INestApplication; url: string }> {
  @Global()
  @Module({ providers: [{ provide: SERVICE_CONFIG, useValue: config }], exports: [SERVICE_CONFIG] })
  class ConfigModule {}

  const moduleRef = await Test.createTestingModule({
    imports: [ConfigModule, AuthModule.forRoot()],
    controllers: [CasesController],
    providers: [{ provide: APP_FILTER, useClass: ProblemDetailsFilter }],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.listen(0, '127.0.0.1');
  return { app, url: (await app.getUrl()).replace('[::1]', '127.0.0.1') };
}

const token = (roles: Officer['roles'], authority: Officer['authority'] = 'GZ') =>
  signOfficerToken({ secret: SECRET, sub: 'officer-7', authority, roles });

describe('OfficerGuard', () => {
  let configured: { app: INestApplication; url: string };
  let unconfigured: { app: INestApplication; url: string };

  beforeAll(async () => {
    configured = await startApp({
      authority: 'GZ',
      officerJwtSecret: SECRET,
      officerJwtAudience: DEVELOPMENT_OFFICER_JWT_AUDIENCE,
      officerJwtIssuer: DEVELOPMENT_OFFICER_JWT_ISSUER,
    });
    unconfigured = await startApp({ authority: 'GZ' });
  });
  afterAll(async () => {
    await configured?.app.close();
    await unconfigured?.app.close();
  });

  type Case = {
    name: string;
    path: string;
    authorization?: () => Promise<string>;
    app?: 'unconfigured';
    status: number;
    body: object;
  };
  const cases: Case[] = [
    {
      name: 'no Authorization header → 401 problem',
      path: '/cases/mine',
      status: 401,
      body: { status: 401, title: 'Unauthorized', detail: 'missing bearer token' },
    },
    {
      name: 'another scheme → 401',
      path: '/cases/mine',
      authorization: async () => 'Basic b2ZmaWNlcjpwdw==',
      status: 401,
      body: { detail: 'Authorization must be "Bearer <token>"' },
    },
    {
      name: 'invalid token → 401',
      path: '/cases/mine',
      authorization: async () => 'Bearer not-a-jwt',
      status: 401,
      body: { detail: 'token is malformed' },
    },
    {
      name: 'officer → 200 with the officer',
      path: '/cases/mine',
      authorization: async () => `Bearer ${await token(['officer'])}`,
      status: 200,
      body: { id: 'officer-7', authority: 'GZ', roles: ['officer'] },
    },
    {
      name: 'scheme is case-insensitive',
      path: '/cases/mine',
      authorization: async () => `bearer ${await token(['officer'])}`,
      status: 200,
      body: { id: 'officer-7' },
    },
    {
      name: 'officer without supervisor on a @Roles(supervisor) route → 403',
      path: '/cases/release',
      authorization: async () => `Bearer ${await token(['officer'])}`,
      status: 403,
      body: { status: 403, title: 'Forbidden', detail: 'this action requires the supervisor role' },
    },
    {
      name: 'supervisor on a @Roles(supervisor) route → 200',
      path: '/cases/release',
      authorization: async () => `Bearer ${await token(['supervisor'])}`,
      status: 200,
      body: { releasedBy: 'officer-7' },
    },
    {
      name: 'token of another authority → 403',
      path: '/cases/mine',
      authorization: async () => `Bearer ${await token(['supervisor'], 'HK')}`,
      status: 403,
      body: { detail: 'token issued for HK, this is GZ' },
    },
    {
      name: 'token for another application (aud, iss) → 401 saying why',
      path: '/cases/release',
      authorization: async () =>
        `Bearer ${await signOfficerToken({
          secret: SECRET,
          sub: 'officer-7',
          authority: 'GZ',
          roles: ['supervisor'],
          audience: 'payroll-app',
          issuer: 'https://idp.other.test',
        })}`,
      status: 401,
      body: { status: 401, detail: 'token is from another issuer ("iss")' },
    },
    {
      name: 'nothing configured → 401 for every officer',
      path: '/cases/mine',
      app: 'unconfigured',
      authorization: async () => `Bearer ${await token(['officer'])}`,
      status: 401,
      body: { detail: 'officer authentication is not configured' },
    },
  ];

  it.each(cases)('$name', async (c) => {
    const { url } = c.app === 'unconfigured' ? unconfigured : configured;
    const headers: Record<string, string> = c.authorization ? { authorization: await c.authorization() } : {};
    const res = await fetch(`${url}${c.path}`, { headers });
    expect(res.status).toBe(c.status);
    expect(await res.json()).toMatchObject(c.body);
    if (c.status >= 400) expect(res.headers.get('content-type')).toContain(PROBLEM_CONTENT_TYPE);
    if (c.status === 401) expect(res.headers.get('www-authenticate')).toBe('Bearer');
  });
});
