import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { AuthorityStack, entryOf } from './support/authority-stack';

describe('the three authority services as processes', () => {
  let stack: AuthorityStack;

  beforeAll(async () => {
    stack = await AuthorityStack.start();
  });

  afterAll(() => stack?.stop());

  it.each(['GZ', 'HK', 'MO'] as const)(
    '%s is live and ready (PostgreSQL and Kafka up)',
    async (authority) => {
      const live = await fetch(`${stack.url(authority)}/health/live`);
      expect(live.status).toBe(200);
      const ready = await fetch(`${stack.url(authority)}/health/ready`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({
        status: 'ok',
        details: { database: { status: 'up' }, kafka: { status: 'up' } },
      });
    },
  );

  it('serves its OpenAPI document and the interactive docs', async () => {
    const json = await fetch(`${stack.url('HK')}/docs-json`);
    expect(json.status).toBe(200);
    const doc = (await json.json()) as {
      openapi: string;
      info: { title: string };
      paths: Record<string, object>;
    };
    expect(doc.openapi).toMatch(/^3\./);
    // Every endpoint of api.md that HK offers (the CBEC quota and returns are GZ's alone).
    expect(Object.keys(doc.paths).sort()).toEqual(
      [
        '/api/v1/audit/verify',
        '/api/v1/declarations',
        '/api/v1/declarations/batch',
        '/api/v1/declarations/{id}',
        '/api/v1/declarations/{id}/amendments',
        '/api/v1/declarations/{id}/cancellation',
        '/api/v1/declarations/{id}/decision',
        '/api/v1/declarations/{id}/documents',
        '/api/v1/declarations/{id}/documents/{documentId}',
        '/api/v1/declarations/{id}/elock/applied',
        '/api/v1/declarations/{id}/elock/verified',
        '/api/v1/inspections',
        '/api/v1/inspections/{taskId}/result',
        '/api/v1/notifications',
        '/api/v1/notifications/acknowledge',
        '/api/v1/notifications/subscription',
        '/api/v1/risk/targets',
        '/api/v1/risk/targets/{id}',
      ].sort(),
    );
    const gzDoc = (await (await fetch(`${stack.url('GZ')}/docs-json`)).json()) as {
      paths: Record<string, object>;
    };
    expect(Object.keys(gzDoc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/cbec/quota', '/api/v1/declarations/{id}/returns']),
    );
    expect(doc.info.title).toBe('Hong Kong Customs and Excise Department');
    const html = await fetch(`${stack.url('HK')}/docs`);
    expect(html.status).toBe(200);
    expect(await html.text()).toContain('swagger');
  });

  it('exposes Prometheus metrics', async () => {
    const res = await fetch(`${stack.url('MO')}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    expect(await res.text()).toMatch(/^process_cpu_user_seconds_total /m);
  });

  it('answers unknown routes and malformed JSON with problem+json, never a 500', async () => {
    const missing = await fetch(`${stack.url('GZ')}/api/v1/no-such-thing`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');

    const malformed = await fetch(`${stack.url('GZ')}/api/v1/declarations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"platformRef": ',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-type')).toContain('application/problem+json');
    expect(await malformed.json()).toMatchObject({
      status: 400,
      type: expect.stringContaining('malformed-json'),
    });

    const huge = await fetch(`${stack.url('GZ')}/api/v1/declarations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ padding: 'x'.repeat(1024 * 1024 + 1) }),
    });
    expect(huge.status).toBe(413);
    expect(huge.headers.get('content-type')).toContain('application/problem+json');
  });

  it('refuses to start with a bad configuration, naming the variable', async () => {
    const result = await promisify(execFile)(process.execPath, [entryOf('MO')], {
      env: {
        PATH: process.env['PATH'],
        DATABASE_URL: 'mysql://nope',
        KAFKA_BROKERS: '127.0.0.1:9092',
        PORT: 'x',
      },
    }).catch((err: { code: number; stderr: string }) => err);
    expect(result).toMatchObject({ code: 78 });
    const stderr = (result as { stderr: string }).stderr;
    expect(stderr).toContain('DATABASE_URL must be a postgres:// URL');
    expect(stderr).toContain('PORT must be an integer');
  });

  it('shuts down gracefully on SIGTERM', async () => {
    const started = Date.now();
    const exit = await stack.signal('MO', 'SIGTERM');
    expect(exit.signal === 'SIGTERM' || exit.code === 0).toBe(true);
    expect(Date.now() - started).toBeLessThan(15000);
    expect(stack.output('MO')).toContain('partner consumer stopped; offsets committed');
    expect(stack.output('MO')).not.toMatch(/"level":50/);
  });
});
