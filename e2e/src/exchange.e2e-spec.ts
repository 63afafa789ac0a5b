import { randomUUID } from 'node:crypto';
import type { DeclarationResource } from '@gba/clearance';
import { AuthorityStack, PLATFORM_KEYS } from './support/authority-stack';
import { file, finalAt, getDeclaration, retailDeclaration, waitForDeclaration } from './support/declarations';

/** Declare once, clear in all three: the main path across three real services over Kafka. */
describe('declaration exchange between the three authorities', () => {
  let stack: AuthorityStack;

  beforeAll(async () => {
    // Random selection off: these tests follow the green lane; lanes are the standard's own tests.
    stack = await AuthorityStack.start({ RANDOM_SELECTION: 'off' });
  });

  afterAll(() => stack?.stop());

  const history = (d: DeclarationResource) => d.history.map((h) => h.eventId).sort();

  it('clears a 9610 retail import HK → CN filed at HK, and both services show the same picture', async () => {
    const filed = await file(stack.url('HK'), retailDeclaration({ origin: 'HK', destination: 'CN' }));
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({ filedWith: 'HK', tradeMode: '9610' });
    const id = filed.body.id;

    const cleared = finalAt({ HK: 'RELEASED', GZ: 'RELEASED' });
    const atHk = await waitForDeclaration(stack.url('HK'), id, (d) => cleared(d) && d.status === 'CLEARED');
    const atGz = await waitForDeclaration(stack.url('GZ'), id, (d) => cleared(d) && d.status === 'CLEARED');
    expect(atGz.participants).toEqual(atHk.participants);
    expect(atHk.participants.map((p) => [p.authority, p.role, p.lane])).toEqual([
      ['HK', 'export', 'GREEN'],
      ['GZ', 'import', 'GREEN'],
    ]);
    await waitForDeclaration(stack.url('HK'), id, (d) => history(d).length === history(atGz).length);
    expect(history((await getDeclaration(stack.url('HK'), id)).body)).toEqual(history(atGz));
    // Filed, assessed and decided by each of the two.
    expect(history(atGz)).toHaveLength(5);
  });

  it.each([
    ['GZ', { origin: 'HK', destination: 'CN' }, ['HK', 'GZ']],
    ['GZ', { origin: 'CN', destination: 'MO' }, ['GZ', 'MO']],
    ['MO', { origin: 'HK', destination: 'MO' }, ['HK', 'MO']],
  ] as const)('clears a declaration filed at %s along %j', async (filedWith, route, authorities) => {
    const filed = await file(stack.url(filedWith), retailDeclaration(route));
    expect(filed.status).toBe(201);
    const id = filed.body.id;
    const released = Object.fromEntries(authorities.map((a) => [a, 'RELEASED']));
    for (const authority of authorities) {
      await waitForDeclaration(
        stack.url(authority),
        id,
        (d) => finalAt(released)(d) && d.status === 'CLEARED',
      );
    }
  });

  it('rejects prohibited goods (HS 9301) at every participant with the rule id', async () => {
    const filed = await file(
      stack.url('HK'),
      retailDeclaration({ origin: 'HK', destination: 'CN' }, '930100'),
    );
    expect(filed.status).toBe(201);
    const id = filed.body.id;
    const rejected = await waitForDeclaration(
      stack.url('GZ'),
      id,
      finalAt({ HK: 'REJECTED', GZ: 'REJECTED' }),
    );
    expect(rejected.status).toBe('REJECTED');
    for (const p of rejected.participants)
      expect(p.reasons.map((r) => r.ruleId).join(' ')).toMatch(/PROHIBITED/);
  });

  it('replays an idempotent filing and refuses the key with another body', async () => {
    const key = randomUUID();
    const body = retailDeclaration();
    const first = await file(stack.url('HK'), body, key);
    const again = await file(stack.url('HK'), body, key);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    const other = await file(stack.url('HK'), { ...body, platformRef: 'SOMETHING-ELSE' }, key);
    expect(other.status).toBe(409);
    expect(other.headers.get('content-type')).toContain('application/problem+json');
  });

  it('refuses data errors with 422 naming every failing field', async () => {
    const body = retailDeclaration();
    body.items[0]!.hsCode = '33AB99';
    body.transport.containerNumbers = ['CSQU3054384'];
    const res = await file(stack.url('GZ'), body);
    expect(res.status).toBe(422);
    const pointers = (res.body.errors as { pointer: string }[]).map((e) => e.pointer);
    expect(pointers).toEqual(expect.arrayContaining(['/items/0/hsCode', '/transport/containerNumbers/0']));
  });

  it('shows a platform only its own declarations', async () => {
    const filed = await file(stack.url('HK'), retailDeclaration());
    const other = await getDeclaration(stack.url('HK'), filed.body.id, 'shop-b');
    expect(other.status).toBe(404);
    const noKey = await fetch(`${stack.url('HK')}/api/v1/declarations`);
    expect(noKey.status).toBe(401);
    const list = await fetch(`${stack.url('HK')}/api/v1/declarations?limit=2`, {
      headers: { 'x-api-key': PLATFORM_KEYS['shop-b'] },
    });
    expect(((await list.json()) as { items: unknown[] }).items).toEqual([]);
  });

  it('files a batch in one call with per-item results in input order', async () => {
    const good = retailDeclaration();
    const bad = { ...retailDeclaration(), tradeMode: '42' };
    const res = await fetch(`${stack.url('HK')}/api/v1/declarations/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': PLATFORM_KEYS['shop-a'] },
      body: JSON.stringify([
        { idempotencyKey: randomUUID(), declaration: good },
        { idempotencyKey: randomUUID(), declaration: bad },
        { declaration: good },
      ]),
    });
    expect(res.status).toBe(207);
    const results = (await res.json()) as { status: number; declaration?: { platformRef: string } }[];
    expect(results.map((r) => r.status)).toEqual([201, 422, 400]);
    expect(results[0]!.declaration!.platformRef).toBe(good.platformRef);
  });

  it('pages through the platform list with a cursor', async () => {
    const ref = `PAGE-${randomUUID().slice(0, 6)}`;
    for (let i = 0; i < 3; i++)
      await file(stack.url('MO'), {
        ...retailDeclaration({ origin: 'HK', destination: 'MO' }),
        platformRef: ref,
      });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query = `platformRef=${ref}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await fetch(`${stack.url('MO')}/api/v1/declarations?${query}`, {
        headers: { 'x-api-key': PLATFORM_KEYS['shop-a'] },
      });
      const page = (await res.json()) as { items: { id: string }[]; nextCursor: string | null };
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(3);
    expect(new Set(seen).size).toBe(3);
  });
});
