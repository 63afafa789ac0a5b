import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createGbaClient, idempotencyKey, newIdempotencyKey } from '@gba/client';
import { AuthorityStack, PLATFORM_KEYS } from './support/authority-stack';
import { retailDeclaration } from './support/declarations';

/**
 * The platform flows through the typed client (clients/typescript, generated from the committed
 * OpenAPI document): a change of the contract that the services do not follow breaks this test.
 */
describe('the typed client against the three services', () => {
  let stack: AuthorityStack;

  beforeAll(async () => {
    // Random selection off: the green lane, so every declaration clears without an officer.
    stack = await AuthorityStack.start({ RANDOM_SELECTION: 'off' });
  });

  afterAll(() => stack?.stop());

  const hk = () => createGbaClient('HK', { baseUrl: stack.url('HK'), apiKey: PLATFORM_KEYS['shop-a'] });

  /** Polls GET /declarations/{id} through the client until the declaration is CLEARED. */
  async function pollUntilCleared(id: string) {
    const client = hk();
    for (let attempt = 0; attempt < 150; attempt++) {
      const { data, response } = await client.GET('/api/v1/declarations/{id}', { params: { path: { id } } });
      expect(response.status).toBe(200);
      if (data?.status === 'CLEARED') return data;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`declaration ${id} was not CLEARED`);
  }

  it.each([
    ['GZ', 'guangzhou-customs'],
    ['HK', 'hong-kong-customs'],
    ['MO', 'macau-customs'],
  ] as const)(
    '%s serves the committed openapi/%s.json (what the client is generated from)',
    async (authority, service) => {
      const served: unknown = await (await fetch(`${stack.url(authority)}/docs-json`)).json();
      const committed: unknown = JSON.parse(
        readFileSync(join(__dirname, `../../openapi/${service}.json`), 'utf8'),
      );
      expect(served).toEqual(committed);
    },
  );

  it('files, replays with the same Idempotency-Key, and polls to CLEARED', async () => {
    const client = hk();
    const key = newIdempotencyKey();
    const body = retailDeclaration({ origin: 'HK', destination: 'CN' });
    const filed = await client.POST('/api/v1/declarations', {
      params: { header: idempotencyKey(key) },
      body: body as never,
    });
    expect(filed.response.status).toBe(201);
    expect(filed.data).toMatchObject({ filedWith: 'HK', tradeMode: '9610', status: 'IN_PROGRESS' });
    const id = filed.data?.id as string;

    const again = await client.POST('/api/v1/declarations', {
      params: { header: idempotencyKey(key) },
      body: body as never,
    });
    expect(again.response.headers.get('idempotent-replayed')).toBe('true');
    expect(again.data?.id).toBe(id);

    const cleared = await pollUntilCleared(id);
    expect(cleared.participants.map((p) => [p.authority, p.role, p.status])).toEqual([
      ['HK', 'export', 'RELEASED'],
      ['GZ', 'import', 'RELEASED'],
    ]);
  });

  it('answers a declaration the standard refuses with a typed problem naming every failing field', async () => {
    const body = { ...retailDeclaration(), platformRef: '' };
    const { error, response } = await hk().POST('/api/v1/declarations', {
      params: { header: idempotencyKey() },
      body: body as never,
    });
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(error?.errors?.map((e) => e.pointer)).toContain('/platformRef');
    expect(error?.instance).toMatch(/^urn:gba:request:/);
  });

  it('files a batch: 207 with one result per item, each then CLEARED', async () => {
    const items = [
      {
        idempotencyKey: newIdempotencyKey(),
        declaration: retailDeclaration({ origin: 'HK', destination: 'CN' }),
      },
      {
        idempotencyKey: newIdempotencyKey(),
        declaration: retailDeclaration({ origin: 'HK', destination: 'MO' }),
      },
    ];
    const { data, response } = await hk().POST('/api/v1/declarations/batch', { body: items as never });
    expect(response.status).toBe(207);
    expect(data?.map((r) => [r.status, r.replayed])).toEqual([
      [201, false],
      [201, false],
    ]);
    for (const result of data ?? []) await pollUntilCleared(result.declaration?.id as string);
  });
});
