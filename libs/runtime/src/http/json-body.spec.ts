import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import fc from 'fast-check';
import { closedMembers, duplicateMembers, jsonBody } from './json-body';
import { ProblemException } from './problem';
import { toProblem } from './problem.filter';
import { MAX_JSON_DEPTH } from './text-safety';

describe('duplicateMembers (I-JSON, RFC 7493 § 2.3)', () => {
  it.each<[string, string, string[]]>([
    ['no duplicate', '{"a":1,"b":{"a":2},"c":[{"a":3},{"a":4}]}', []],
    ['the same name in sibling objects', '[{"unitValue":"1"},{"unitValue":"2"}]', []],
    ['a duplicate at the top', '{"platformRef":"A","platformRef":"B"}', ['/platformRef']],
    [
      'a duplicate in an item',
      '{"items":[{"unitValue":"150.00","unit":"PCE","unitValue":"1.50"}]}',
      ['/items/0/unitValue'],
    ],
    [
      'a duplicate in a batch item',
      '[{"idempotencyKey":"k"},{"declaration":{"route":{"origin":"HK","origin":"MO"}}}]',
      ['/1/declaration/route/origin'],
    ],
    ['a name written with an escape', '{"unitValue":1,"unit\\u0056alue":2}', ['/unitValue']],
    ['names equal under NFC', '{"Jos\\u00e9":1,"Jose\\u0301":2}', ['/Jose\u0301']],
    ['a name needing pointer escapes', '{"a/b~c":1,"a/b~c":2}', ['/a~1b~0c']],
    ['three times', '{"x":1,"x":2,"x":3}', ['/x', '/x']],
    ['after a nested object closed', '{"o":{"p":1},"q":2,"o":3}', ['/o']],
    ['the empty name', '{"":1,"":2}', ['/']],
    ['nesting past the limit hidden by a repeat', `{"a":${'['.repeat(65)}${']'.repeat(65)},"a":1}`, ['']],
    ['nesting far past the limit', `{"a":${'['.repeat(100_000)}${']'.repeat(100_000)},"a":1}`, ['']],
    ['__proto__', '{"__proto__":{},"__proto__":{"admin":true}}', ['/__proto__']],
  ])('%s', (_name, text, pointers) => {
    expect(duplicateMembers(text).map((e) => e.pointer)).toEqual(pointers);
    for (const e of duplicateMembers(text))
      expect(e.code).toBe(e.pointer === '' ? 'NESTING_TOO_DEEP' : 'DUPLICATE_MEMBER_NAME');
  });

  it('finds nothing in any JSON.stringify output (names there are unique)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), (v) => duplicateMembers(JSON.stringify(v)).length === 0),
    );
  });

  it('finds a name repeated in any object of any JSON text', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 2 }), { minKeys: 1 }),
        (o) => {
          const [name] = Object.keys(o);
          const text = `{"wrap":[${JSON.stringify(o).slice(0, -1)},${JSON.stringify(name)}:0}]}`;
          expect(duplicateMembers(text).map((e) => e.pointer)).toEqual([
            `/wrap/0/${name!.replace(/~/g, '~0').replace(/\//g, '~1')}`,
          ]);
        },
      ),
    );
  });
});

describe('jsonBody: the door every JSON body passes', () => {
  let server: Server;
  let url: string;

  beforeAll(async () => {
    const app = express();
    app.use(jsonBody('1mb'));
    app.post('/echo', (req, res) => res.json({ body: req.body as unknown }));
    app.use((err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      const p = err instanceof ProblemException ? err.problem : toProblem(err);
      res.status(p.status).json(p);
    });
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/echo`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const post = async (body: string | Uint8Array, contentType = 'application/json') => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': contentType }, body });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it.each<[string, string, number, unknown]>([
    ['a plain body', '{"a":"b"}', 200, { body: { a: 'b' } }],
    [
      'a duplicate member',
      '{"items":[{"unitValue":"150.00","unitValue":"1.50"}]}',
      400,
      expect.objectContaining({
        type: expect.stringMatching(/duplicate-member-name$/),
        errors: [expect.objectContaining({ pointer: '/items/0/unitValue', code: 'DUPLICATE_MEMBER_NAME' })],
      }),
    ],
    [
      'malformed JSON (as before)',
      '{"a":',
      400,
      expect.objectContaining({ type: expect.stringMatching(/malformed-json$/) }),
    ],
    [
      'a scalar (strict, as before)',
      '"text"',
      400,
      expect.objectContaining({ type: expect.stringMatching(/malformed-json$/) }),
    ],
    [
      'too large (as before)',
      `{"a":"${'x'.repeat(1_100_000)}"}`,
      413,
      expect.objectContaining({ status: 413 }),
    ],
    [
      'a bidi control in a name',
      '{"consignor":{"name":"ACME \\u202eLtd"}}',
      422,
      expect.objectContaining({
        errors: [expect.objectContaining({ pointer: '/consignor/name', code: 'TEXT_BIDI_CONTROL' })],
      }),
    ],
    [
      'nesting past the limit, with a duplicate inside',
      `${'['.repeat(MAX_JSON_DEPTH + 5)}{"a":1,"a":2}${']'.repeat(MAX_JSON_DEPTH + 5)}`,
      422,
      expect.objectContaining({ errors: [expect.objectContaining({ code: 'NESTING_TOO_DEEP' })] }),
    ],
    [
      'nesting past the limit after more than 50 other errors, with a duplicate (never a stack overflow)',
      `{"deep":${'['.repeat(20_000)}${']'.repeat(20_000)},"list":[${Array(60).fill('"a\\u0000"').join(',')}],"deep":1}`,
      422,
      expect.objectContaining({
        errors: expect.arrayContaining([expect.objectContaining({ code: 'NESTING_TOO_DEEP' })]),
      }),
    ],
    [
      'a duplicate and a bidi control: the duplicate first',
      '{"name":"a\\u202e","name":"b"}',
      400,
      expect.objectContaining({ errors: [expect.objectContaining({ pointer: '/name' })] }),
    ],
    [
      'text in NFC',
      '{"payerName":"\\uf90a小明","Jose\\u0301":"e\\u0301"}',
      200,
      { body: { payerName: '金小明', José: 'é' } },
    ],
  ])('%s → %d', async (_name, body, status, answer) => {
    const res = await post(body);
    expect(res).toEqual({ status, body: answer });
  });

  it('reads past a byte order mark as before', async () => {
    const res = await post(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":1,"a":2}')]));
    expect(res.status).toBe(400);
    expect(res.body['errors']).toEqual([expect.objectContaining({ pointer: '/a' })]);
  });

  it('refuses JSON in another charset than UTF-8 (I-JSON)', async () => {
    const res = await post(Buffer.from('{"a":1}', 'utf16le'), 'application/json; charset=utf-16le');
    expect(res.status).toBe(415);
  });

  it.each([
    ['text/plain', '{"a":1}'],
    ['text/plain; charset=utf-8', '{"a":1,"a":2}'],
    ['application/x-www-form-urlencoded', 'a=1'],
    ['multipart/form-data; boundary=x', '--x--'],
    ['application/jsonx', '{"a":1}'],
  ])('refuses a body sent as %s with 415 before any route reads it', async (contentType, body) => {
    const res = await post(body, contentType);
    expect(res.status).toBe(415);
    expect(res.body['type']).toMatch(/unsupported-media-type$/);
  });

  it('refuses a body without a Content-Type with 415', async () => {
    const res = await fetch(url, { method: 'POST', body: new Uint8Array(Buffer.from('{"a":1}')) });
    expect(res.status).toBe(415);
  });

  it('reads +json types (RFC 6839) as JSON, and lets a body-less request through', async () => {
    expect(await post('{"a":1}', 'application/merge-patch+json')).toEqual({
      status: 200,
      body: { body: { a: 1 } },
    });
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'text/plain' } });
    expect(res.status).toBe(200);
  });

  it('lets through what the route reads itself (passes)', async () => {
    const app = express();
    app.use(jsonBody('1mb', (req) => req.is('multipart/form-data') !== false && req.path === '/upload'));
    app.post('/upload', (req, res) => res.json({ type: req.headers['content-type'] }));
    app.post('/other', (_req, res) => res.json({}));
    app.use((err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      const p = err instanceof ProblemException ? err.problem : toProblem(err);
      res.status(p.status).json(p);
    });
    const s = await new Promise<Server>((resolve) => {
      const started = app.listen(0, '127.0.0.1', () => resolve(started));
    });
    try {
      const base = `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
      const form = new FormData();
      form.append('file', new Blob(['x']), 'a.pdf');
      expect((await fetch(`${base}/upload`, { method: 'POST', body: form })).status).toBe(200);
      const form2 = new FormData();
      form2.append('file', new Blob(['x']), 'a.pdf');
      expect((await fetch(`${base}/other`, { method: 'POST', body: form2 })).status).toBe(415);
    } finally {
      await new Promise<void>((resolve) => s.close(() => resolve()));
    }
  });
});

describe('closedMembers: the one check of a body’s members', () => {
  it('refuses server-owned and unknown members at their pointers, under `at`', () => {
    expect(
      closedMembers(
        { reason: 'r', refund: '999.00', secret: 'x', '~/': 1 },
        ['reason'],
        ['secret'],
        '/items/3',
      ),
    ).toEqual([
      expect.objectContaining({ pointer: '/items/3/refund', code: 'FIELD_UNKNOWN' }),
      expect.objectContaining({ pointer: '/items/3/secret', code: 'FIELD_SERVER_OWNED' }),
      expect.objectContaining({ pointer: '/items/3/~0~1', code: 'FIELD_UNKNOWN' }),
    ]);
  });

  it('finds nothing in a body of known members, or in a body that is no object', () => {
    expect(closedMembers({ reason: 'r' }, ['reason'])).toEqual([]);
    expect(closedMembers(['x'], [])).toEqual([]);
    expect(closedMembers('x', [])).toEqual([]);
    expect(closedMembers(null, [])).toEqual([]);
  });
});
