import { randomUUID } from 'node:crypto';
import { AuthorityStack, PLATFORM_KEYS } from './support/authority-stack';
import { file, retailDeclaration } from './support/declarations';
import { hs256Token, riskTargetBody } from './support/security';

/** A small but real PDF (file-type reads `%PDF-`), different on every call. */
const pdf = () =>
  Buffer.from(`%PDF-1.4\n1 0 obj << /Title (${randomUUID()}) >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`);

interface Answer {
  status: number;
  headers: Headers;
  body: { type?: string; errors?: { pointer: string; code: string }[]; [key: string]: unknown };
}

/**
 * What the HTTP door takes from a request besides the fields it knows (README "What is refused"):
 * unknown or server-owned body members, query garbage, bodies of another media type; and what it
 * names back: Location on the 201s that create a resource, a document's file name.
 */
describe('HTTP inputs', () => {
  let stack: AuthorityStack;
  let supervisor: string;
  let officer: string;

  beforeAll(async () => {
    // Development mode: the console's dev-token sign-in exists only there.
    stack = await AuthorityStack.start({ RANDOM_SELECTION: 'off', NODE_ENV: 'development' });
    supervisor = await hs256Token('GZ', ['officer', 'supervisor']);
    officer = await hs256Token('GZ', ['officer']);
  });

  afterAll(() => stack?.stop());

  async function send(
    method: string,
    path: string,
    body?: unknown,
    auth: { bearer?: string; contentType?: string; raw?: string } = {},
  ): Promise<Answer> {
    const headers: Record<string, string> = auth.bearer
      ? { authorization: `Bearer ${auth.bearer}` }
      : { 'x-api-key': PLATFORM_KEYS['shop-a'] };
    if (body !== undefined || auth.raw !== undefined)
      headers['content-type'] = auth.contentType ?? 'application/json';
    if (path === '/api/v1/declarations' && method === 'POST') headers['idempotency-key'] = randomUUID();
    const res = await fetch(`${stack.url('GZ')}${path}`, {
      method,
      headers,
      body: auth.raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
    const text = await res.text();
    return {
      status: res.status,
      headers: res.headers,
      body: text ? (JSON.parse(text) as Answer['body']) : {},
    };
  }

  const pointers = (a: Answer) => (a.body.errors ?? []).map((e) => [e.pointer, e.code]);

  describe('unknown or server-owned body members: 422 with their pointers', () => {
    it('GZ returns refuse a "refund" of the platform\'s choosing and the server\'s own fields', async () => {
      const returned = await send('POST', `/api/v1/declarations/${randomUUID()}/returns`, {
        returnedAt: new Date(Date.now() - 60_000).toISOString(),
        reason: 'damaged',
        refund: '999.00',
        quotaRestored: '5000.00',
      });
      expect(returned.status).toBe(422);
      expect(pointers(returned)).toEqual([
        ['/refund', 'FIELD_UNKNOWN'],
        ['/quotaRestored', 'FIELD_SERVER_OWNED'],
      ]);
    });

    it('PUT /notifications/subscription refuses a secret and a block of its own', async () => {
      const put = await send('PUT', '/api/v1/notifications/subscription', {
        url: 'https://platform.example/hooks',
        events: ['DECLARATION_CLEARED'],
        secret: 'whsec_mine',
        blockedAt: null,
      });
      expect(put.status).toBe(422);
      expect(pointers(put)).toEqual([
        ['/secret', 'FIELD_SERVER_OWNED'],
        ['/blockedAt', 'FIELD_SERVER_OWNED'],
      ]);
      const ack = await send('POST', '/api/v1/notifications/acknowledge', { ids: [randomUUID()], all: true });
      expect(ack.status).toBe(422);
      expect(pointers(ack)).toEqual([['/all', 'FIELD_UNKNOWN']]);
    });

    it("the console sign-in refuses an officerId of the caller's choosing", async () => {
      const res = await send('POST', '/console/dev-token', {
        authority: 'GZ',
        roles: ['officer'],
        officerId: 'attacker',
      });
      expect(res.status).toBe(422);
      expect(pointers(res)).toEqual([['/officerId', 'FIELD_UNKNOWN']]);
    });

    it('a batch item with a member of its own refuses the batch, naming each item', async () => {
      const res = await send('POST', '/api/v1/declarations/batch', [
        { idempotencyKey: randomUUID(), declaration: retailDeclaration() },
        { idempotencyKey: randomUUID(), declaration: retailDeclaration(), status: 201 },
        { idempotencyKey: randomUUID(), declaration: retailDeclaration(), replayed: true },
      ]);
      expect(res.status).toBe(422);
      expect(pointers(res)).toEqual([
        ['/1/status', 'FIELD_UNKNOWN'],
        ['/2/replayed', 'FIELD_UNKNOWN'],
      ]);
    });

    it('a declaration refuses unknown members at any level', async () => {
      const d = retailDeclaration() as unknown as Record<string, unknown> & {
        items: Record<string, unknown>[];
      };
      d['status'] = 'CLEARED';
      d.items[0]!['discount'] = '1.00';
      const res = await send('POST', '/api/v1/declarations', d);
      expect(res.status).toBe(422);
      expect(pointers(res)).toEqual(
        expect.arrayContaining([
          ['/status', 'FIELD_UNKNOWN'],
          ['/items/0/discount', 'FIELD_UNKNOWN'],
        ]),
      );
    });

    it('a risk target refuses a member of its own (officer endpoints, as before)', async () => {
      const res = await send(
        'POST',
        '/api/v1/risk/targets',
        { ...riskTargetBody(), setBy: 'someone' },
        {
          bearer: supervisor,
        },
      );
      expect(res.status).toBe(422);
      expect(pointers(res)).toEqual([['/setBy', 'FIELD_SERVER_OWNED']]);
    });
  });

  describe('query garbage: 400 bad-query with /query/<name>', () => {
    it.each([
      ['/api/v1/declarations?platformRef[a]=1', '/query/platformRef[a]', 'QUERY_PARAMETER_UNKNOWN'],
      ['/api/v1/declarations?platformRef[]=1', '/query/platformRef[]', 'QUERY_PARAMETER_UNKNOWN'],
      ['/api/v1/declarations?platformRef=a&platformRef=b', '/query/platformRef', 'QUERY_PARAMETER_REPEATED'],
      ['/api/v1/declarations?limit=1e1', '/query/limit', 'LIMIT_INVALID'],
      ['/api/v1/declarations?limit=010', '/query/limit', 'LIMIT_INVALID'],
      ['/api/v1/declarations?limt=10', '/query/limt', 'QUERY_PARAMETER_UNKNOWN'],
      ['/api/v1/notifications?limit=%2B10', '/query/limit', 'LIMIT_INVALID'],
      ['/api/v1/notifications?status[0]=pending', '/query/status[0]', 'QUERY_PARAMETER_UNKNOWN'],
    ])('platform: %s', async (path, pointer, code) => {
      const res = await send('GET', path);
      expect(res.status).toBe(400);
      expect(res.body.type).toMatch(/bad-query$/);
      expect(pointers(res)).toEqual([[pointer, code]]);
    });

    it.each([
      ['/api/v1/inspections?limit=1e1', '/query/limit', 'LIMIT_INVALID'],
      ['/api/v1/inspections?kind[x]=document', '/query/kind[x]', 'QUERY_PARAMETER_UNKNOWN'],
      ['/api/v1/risk/targets?limit=10', '/query/limit', 'QUERY_PARAMETER_UNKNOWN'],
    ])('officer: %s', async (path, pointer, code) => {
      const res = await send('GET', path, undefined, { bearer: officer });
      expect(res.status).toBe(400);
      expect(pointers(res)).toEqual([[pointer, code]]);
    });

    it('still reads canonical parameters', async () => {
      expect((await send('GET', '/api/v1/declarations?limit=10&status=CLEARED')).status).toBe(200);
      expect((await send('GET', '/api/v1/inspections?limit=1', undefined, { bearer: officer })).status).toBe(
        200,
      );
    });
  });

  describe('a body of another media type: 415', () => {
    it.each([
      ['POST', '/api/v1/declarations', 'text/plain'],
      ['POST', '/api/v1/declarations', 'application/x-www-form-urlencoded'],
      ['POST', '/api/v1/declarations/batch', 'text/plain; charset=utf-8'],
      ['PUT', '/api/v1/notifications/subscription', 'text/plain'],
      ['POST', '/api/v1/notifications/acknowledge', 'multipart/form-data; boundary=x'],
    ])('%s %s as %s', async (method, path, contentType) => {
      const res = await send(method, path, undefined, {
        raw: JSON.stringify(retailDeclaration()),
        contentType,
      });
      expect(res.status).toBe(415);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body.type).toMatch(/unsupported-media-type$/);
    });

    it('the document upload still takes multipart/form-data', async () => {
      const filed = await file(stack.url('GZ'), retailDeclaration());
      const form = new FormData();
      form.append('file', new Blob([pdf()]), 'invoice.pdf');
      const res = await fetch(`${stack.url('GZ')}/api/v1/declarations/${filed.body.id}/documents`, {
        method: 'POST',
        headers: { 'x-api-key': PLATFORM_KEYS['shop-a'] },
        body: form,
      });
      expect(res.status).toBe(201);
    });
  });

  describe('Location on a 201 that creates a resource', () => {
    it('POST /declarations names the declaration, which answers there', async () => {
      const filed = await send('POST', '/api/v1/declarations', retailDeclaration());
      expect(filed.status).toBe(201);
      expect(filed.headers.get('location')).toBe(`/api/v1/declarations/${String(filed.body['id'])}`);
      const there = await send('GET', filed.headers.get('location')!);
      expect(there.status).toBe(200);
      expect(there.body['id']).toBe(filed.body['id']);
    });

    it('POST /risk/targets names the target, which DELETE lifts there', async () => {
      const set = await send('POST', '/api/v1/risk/targets', riskTargetBody(), { bearer: supervisor });
      expect(set.status).toBe(201);
      expect(set.headers.get('location')).toBe(`/api/v1/risk/targets/${String(set.body['id'])}`);
      const lifted = await send('DELETE', set.headers.get('location')!, undefined, { bearer: supervisor });
      expect(lifted.status).toBe(204);
    });
  });

  describe('a document file name', () => {
    /** Uploads a PDF under `name`, written into the part's header as curl does (UTF-8, `"` as `\\"`). */
    async function upload(name: string) {
      const filed = await file(stack.url('GZ'), retailDeclaration());
      const boundary = `b${randomUUID()}`;
      const body = Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name.replace(/"/g, '\\"')}"\r\n` +
            'Content-Type: application/pdf\r\n\r\n',
        ),
        pdf(),
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      const res = await fetch(`${stack.url('GZ')}/api/v1/declarations/${filed.body.id}/documents`, {
        method: 'POST',
        headers: {
          'x-api-key': PLATFORM_KEYS['shop-a'],
          'content-type': `multipart/form-data; boundary=${boundary}`,
        },
        body,
      });
      expect(res.status).toBe(201);
      const stored = (await res.json()) as { fileName: string };
      const download = await fetch(`${stack.url('GZ')}${res.headers.get('location')!}`, {
        headers: { 'x-api-key': PLATFORM_KEYS['shop-a'] },
      });
      expect(download.status).toBe(200);
      return {
        stored: stored.fileName,
        type: download.headers.get('content-type'),
        disposition: download.headers.get('content-disposition'),
      };
    }

    it("takes the extension of the type read from the bytes (the reviewer's name)", async () => {
      expect(await upload('../../a"<b>\u202Egpj.exe')).toEqual({
        stored: 'abgpj.pdf',
        type: 'application/pdf',
        disposition: 'attachment; filename="abgpj.pdf"',
      });
    });

    it('adds a missing extension and sends a non-ASCII name as RFC 8187 filename*', async () => {
      const answer = await upload('發票');
      expect(answer.stored).toBe('發票.pdf');
      expect(answer.disposition).toBe(
        `attachment; filename="??.pdf"; filename*=UTF-8''%E7%99%BC%E7%A5%A8.pdf`,
      );
    });
  });
});
