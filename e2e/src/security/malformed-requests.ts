import fc from 'fast-check';

/**
 * Arbitraries of malformed and mutated HTTP requests for the fuzz suite: pure data, so that a
 * seed reproduces the same requests; `materialiseBody` and friends turn them into bytes.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = (string | number)[];

// JSON has things JSON.stringify cannot write (1e309, -0, duplicate keys, 10⁵-deep nesting):
// such parts are carried as sentinel strings and spliced into the text after serialising.
const RAW = '\u0000\u0001raw\u0001';
const DUP = '\u0000\u0001dup\u0001';
const raw = (text: string): string => `${RAW}${text}\u0000`;

/** JSON text of a value with raw fragments and duplicated keys in place. */
export function serialise(value: Json): string {
  return JSON.stringify(value)
    .replace(/"\\u0000\\u0001raw\\u0001((?:[^"\\]|\\.)*?)\\u0000"/g, (_m, inner: string) =>
      JSON.parse(`"${inner}"`),
    )
    .replace(/"\\u0000\\u0001dup\\u0001((?:[^"\\]|\\.)*)"/g, (_m, inner: string) => `"${inner}"`);
}

// ---------------------------------------------------------------------------------------------
// Values

const nastyStrings = [
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfff',
  '\ud83d',
  '\u202eevil',
  '\ufeffBOM',
  '𝕏𝕐😀',
  'İıß',
  '\u2028\u2029',
  '\u0085\u00a0',
  'NaN',
  'Infinity',
  '-Infinity',
  '-0',
  '1e309',
  '',
  ' ',
  '\t\r\n',
  'null',
  'true',
  "' OR '1'='1",
  "'; DROP TABLE declarations; --",
  '../../../etc/passwd',
  '%00',
  '${7*7}{{7*7}}',
  '<script>alert(1)</script>',
  '2026-02-30T00:00:00Z',
  '9999-12-31T23:59:59.999Z',
  '0000-01-01T00:00:00Z',
  '2026-01-01T00:00:00+14:00',
  '2026-01-01T25:61:61Z',
  '1970-01-01T00:00:00Z',
  '300.00.00',
  '-300.00',
  '1e3',
  '0x1F',
  '١٢٣',
  '３００',
  '99999999999999999999999999.99',
  '0.000000000000000000000001',
] as const;

const nastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...nastyStrings) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
);

/** Long strings of one repeated unit, up to ~100 kB (and a few to 400 kB in UTF-8). */
const hugeString: fc.Arbitrary<string> = fc
  .record({
    unit: fc.constantFrom('A', 'é', '字', '😀', '\u0000', '\ud800', ' ', '"', '\\'),
    length: fc.integer({ min: 1000, max: 100_000 }),
  })
  .map(({ unit, length }) => unit.repeat(Math.ceil(length / unit.length)));

/** Deeply nested arrays or objects, as raw JSON text (up to 60,000 levels). */
const deepNesting: fc.Arbitrary<string> = fc
  .record({ depth: fc.integer({ min: 100, max: 60_000 }), kind: fc.constantFrom('array', 'object') })
  .map(({ depth, kind }) =>
    raw(
      kind === 'array'
        ? `${'['.repeat(depth)}${']'.repeat(depth)}`
        : `${'{"a":'.repeat(depth)}0${'}'.repeat(depth)}`,
    ),
  );

/** Numbers JavaScript cannot write: overflow, negative zero, underflow, beyond 2⁵³. */
const rawNumber: fc.Arbitrary<string> = fc
  .constantFrom(
    '1e309',
    '-1e309',
    '-0',
    '-0.0',
    '1e-400',
    '123456789012345678901234567890',
    '9007199254740993',
    '1E+2',
    `1${'0'.repeat(400)}`,
  )
  .map(raw);

const protoPollution: fc.Arbitrary<Json> = fc.constantFrom<Json>(
  JSON.parse('{"__proto__":{"admin":true,"roles":["supervisor"]}}') as Json,
  { constructor: { prototype: { polluted: true } } },
  JSON.parse('{"__proto__":null}') as Json,
);

const jsonValue = fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>;

/** Any value a field could be replaced with. */
export const nastyValue: fc.Arbitrary<Json> = fc.oneof(
  { weight: 4, arbitrary: jsonValue },
  { weight: 4, arbitrary: nastyString },
  { weight: 1, arbitrary: hugeString },
  { weight: 1, arbitrary: deepNesting },
  { weight: 2, arbitrary: rawNumber },
  {
    weight: 2,
    arbitrary: fc.constantFrom<Json>([], {}, null, true, false, 0, -1, 1.5, 2 ** 53 + 2, 1e21, -2147483649, [
      null,
    ]),
  },
  { weight: 1, arbitrary: protoPollution },
);

const oddKeys = [
  '__proto__',
  'constructor',
  'prototype',
  '',
  ' ',
  'a'.repeat(1000),
  '\u0000',
  '😀',
  'toString',
];

// ---------------------------------------------------------------------------------------------
// Mutations of a valid body

export type Mutation =
  | { op: 'drop'; at: number }
  | { op: 'replace'; at: number; value: Json }
  | { op: 'retype'; at: number }
  | { op: 'sametype'; at: number; text: string; number: Json }
  | { op: 'duplicate'; at: number; value: Json }
  | { op: 'insert'; at: number; key: string; value: Json };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ op: fc.constant('drop' as const), at: fc.nat() }) },
  {
    weight: 4,
    arbitrary: fc.record({ op: fc.constant('replace' as const), at: fc.nat(), value: nastyValue }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('retype' as const), at: fc.nat() }) },
  {
    // Keeps the JSON type, so that the body may still pass validation and reach the database.
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('sametype' as const),
      at: fc.nat(),
      text: fc.oneof(
        { weight: 2, arbitrary: fc.constantFrom('a\u0000b', '\u0000', 'x\ud800y', '\udfff', '😀\ud83d') },
        { weight: 5, arbitrary: nastyString },
        { weight: 1, arbitrary: hugeString },
      ),
      number: fc.oneof(rawNumber, fc.constantFrom<Json>(0, -1, 1.5, 2 ** 53 + 2, 1e21, 1e-7, -2147483649)),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ op: fc.constant('duplicate' as const), at: fc.nat(), value: nastyValue }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('insert' as const),
      at: fc.nat(),
      key: fc.oneof(fc.constantFrom(...oddKeys), fc.string({ maxLength: 12 })),
      value: nastyValue,
    }),
  },
);

const isObject = (v: Json | undefined): v is { [key: string]: Json } =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function pathsOf(value: Json, prefix: Path = []): Path[] {
  const children: [string | number, Json][] = Array.isArray(value)
    ? value.map((v, i) => [i, v])
    : isObject(value)
      ? Object.entries(value)
      : [];
  return children.flatMap(([k, v]) => [[...prefix, k], ...pathsOf(v, [...prefix, k])]);
}

function containerAt(root: Json, path: Path): Json {
  let node = root;
  for (const key of path) node = (node as Record<string | number, Json>)[key] as Json;
  return node;
}

/** Sets an own, enumerable property even for `__proto__`. */
function define(target: object, key: string | number, value: Json): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function retyped(value: Json): Json {
  if (typeof value === 'string')
    return value === '' ? 0 : Number.isNaN(Number(value)) ? [value] : Number(value);
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 1;
  if (value === null) return 0;
  if (Array.isArray(value)) return Object.fromEntries(value.map((v, i) => [String(i), v]));
  return Object.values(value);
}

const isLeaf = (v: Json) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/** The paths a mutation of this kind may pick from (`at` indexes them, modulo their number). */
function candidates(root: Json, op: Mutation['op']): Path[] {
  return pathsOf(root).filter(
    (p) => (p.length > 1 || op !== 'drop') && (op !== 'sametype' || isLeaf(containerAt(root, p))),
  );
}

/**
 * The `at` that makes a mutation of kind `op` hit `path` (e.g. ['items', 0, 'description']) of
 * this valid body: for hand-written examples of known bad inputs.
 */
export function mutationAt(valid: unknown, op: Mutation['op'], path: Path): number {
  const wanted = JSON.stringify(['body', ...path]);
  const index = candidates({ body: copy(valid as Json) }, op).findIndex((p) => JSON.stringify(p) === wanted);
  if (index < 0) throw new Error(`no ${op} mutation reaches ${path.join('/')}`);
  return index;
}

/** A value that serialises as `depth` nested arrays. */
export const nestedArrays = (depth: number): Json => raw(`${'['.repeat(depth)}${']'.repeat(depth)}`);

/**
 * A fresh copy: generated values may be shared instances (constantFrom), and inserting one into
 * itself would make a cycle. JSON.parse keeps `__proto__` as an own property.
 */
const copy = (value: Json): Json => JSON.parse(JSON.stringify(value)) as Json;

/** Applies mutations in order to a copy of a valid body. */
export function mutate(valid: Json, mutations: Mutation[]): Json {
  const root = { body: copy(valid) };
  for (const m of mutations) {
    const paths = candidates(root as Json, m.op);
    const path = paths[m.at % paths.length];
    if (!path) continue;
    const parent = containerAt(root as Json, path.slice(0, -1)) as Record<string | number, Json> | Json[];
    const key = path[path.length - 1]!;
    const current = (parent as Record<string | number, Json>)[key] as Json;
    switch (m.op) {
      case 'drop':
        if (Array.isArray(parent)) parent.splice(Number(key), 1);
        else delete parent[key];
        break;
      case 'replace':
        define(parent, key, copy(m.value));
        break;
      case 'retype':
        define(parent, key, retyped(current));
        break;
      case 'sametype':
        define(
          parent,
          key,
          typeof current === 'string' ? m.text : typeof current === 'number' ? m.number : !current,
        );
        break;
      case 'duplicate':
        if (Array.isArray(parent)) parent.push(copy(m.value));
        else define(parent, `${DUP}${String(key)}`, copy(m.value));
        break;
      case 'insert': {
        const into = isObject(current) ? current : isObject(parent as Json) ? parent : undefined;
        if (into) define(into, m.key, copy(m.value));
        else if (Array.isArray(current)) current.push(copy(m.value));
        break;
      }
    }
  }
  return root.body;
}

// ---------------------------------------------------------------------------------------------
// Bodies

export type BodySpec =
  | { kind: 'mutated'; variant: number; mutations: Mutation[] }
  | { kind: 'json'; value: Json }
  | { kind: 'text'; text: string }
  | { kind: 'truncated'; at: number }
  | { kind: 'bytes'; bytes: number[] }
  | { kind: 'oversize'; bytes: number }
  | { kind: 'none' };

const invalidJsonText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '{',
    '}',
    '{"a":}',
    '{"a":1,}',
    "{'a':1}",
    'NaN',
    '[1,2',
    '{"a":1}{"b":2}',
    '\ufeff{}',
    '{"a":01}',
    '{"a":"\\x41"}',
    '{"a":"\\u12"}',
    '/*c*/{}',
    '{"a":1e}',
    'tru',
    '"unterminated',
    '"a string"',
    '42',
    'null',
    'true',
    '{"a":Infinity}',
    '{"a":-}',
    '{"a" 1}',
    '{,}',
    '[,]',
  ),
  fc.string({ unit: 'binary', maxLength: 200 }),
);

/** Bytes that are not UTF-8. */
const invalidUtf8 = fc.constantFrom<number[]>(
  [0xff, 0xfe, 0x7b, 0x7d],
  [0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d],
  [0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x7d],
  [0xc0, 0xaf],
  [0x00, 0x00, 0x00, 0x7b],
);

export const bodySpec = (variants: number): fc.Arbitrary<BodySpec> =>
  fc.oneof(
    {
      weight: 14,
      arbitrary: fc.record({
        kind: fc.constant('mutated' as const),
        variant: fc.nat({ max: variants - 1 }),
        mutations: fc.array(mutation, { minLength: 1, maxLength: 4 }),
      }),
    },
    {
      weight: 2,
      arbitrary: (fc.jsonValue({ maxDepth: 4 }) as fc.Arbitrary<Json>).map(
        (value): BodySpec => ({ kind: 'json', value }),
      ),
    },
    {
      weight: 2,
      arbitrary: fc.oneof(
        fc.record({ kind: fc.constant('text' as const), text: invalidJsonText }),
        fc.record({ kind: fc.constant('truncated' as const), at: fc.nat() }),
      ),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('bytes' as const), bytes: invalidUtf8 }) },
    {
      weight: 1,
      arbitrary: fc.oneof(
        fc.record({
          kind: fc.constant('oversize' as const),
          bytes: fc.integer({ min: 1_048_600, max: 1_200_000 }),
        }),
        fc.constant({ kind: 'none' as const }),
      ),
    },
  );

/** A plain JSON value of anything JSON.stringify takes (drops undefined, functions). */
const toJson = (value: unknown): Json => JSON.parse(JSON.stringify(value) ?? 'null') as Json;

/** The bytes of a body; `valid` gives the valid bodies mutations start from. */
export function materialiseBody(
  spec: BodySpec,
  valid: (variant: number) => unknown,
): string | Uint8Array | undefined {
  switch (spec.kind) {
    case 'mutated':
      return serialise(mutate(toJson(valid(spec.variant)), spec.mutations));
    case 'json':
      return serialise(spec.value);
    case 'text':
      return spec.text;
    case 'truncated': {
      const whole = serialise(toJson(valid(0)));
      return whole.slice(0, spec.at % whole.length);
    }
    case 'bytes':
      return Uint8Array.from(spec.bytes);
    case 'oversize':
      return `{"platformRef":"${'A'.repeat(spec.bytes)}"}`;
    case 'none':
      return undefined;
  }
}

/** Characters that reorder what a reader sees (Bidi_Control): refused in every string of a body. */
const BIDI_CONTROL = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** Whether some object of a mutated body holds a member twice (a `duplicate` whose original is still there). */
function hasDuplicateName(value: Json): boolean {
  const stack: Json[] = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) stack.push(...node);
    else if (isObject(node)) {
      const keys = Object.keys(node);
      if (keys.some((k) => k.startsWith(DUP) && keys.includes(k.slice(DUP.length)))) return true;
      stack.push(...Object.values(node));
    }
  }
  return false;
}

/**
 * Why the door must refuse this body, whatever else is wrong with the request (README § What the
 * API refuses at the door): a member name twice in one object, or a bidi control in a string. The
 * oracle is the generator's own knowledge, not the service's code.
 */
export function mustRefuse(
  spec: BodySpec,
  valid: (variant: number) => unknown,
): 'a duplicate member name' | 'a bidi control' | undefined {
  if (spec.kind !== 'mutated' && spec.kind !== 'json') return undefined;
  const value = spec.kind === 'mutated' ? mutate(toJson(valid(spec.variant)), spec.mutations) : spec.value;
  if (hasDuplicateName(value)) return 'a duplicate member name';
  return BIDI_CONTROL.test(serialise(value)) ? 'a bidi control' : undefined;
}

export function describeBody(body: string | Uint8Array | undefined): string {
  if (body === undefined) return '(no body)';
  if (body instanceof Uint8Array) return `bytes ${Buffer.from(body).toString('hex')}`;
  const shown =
    body.length > 400 ? `${body.slice(0, 300)} … (${body.length} chars) … ${body.slice(-60)}` : body;
  return JSON.stringify(shown);
}

// ---------------------------------------------------------------------------------------------
// Headers

/** Header values fetch can send: tab, printable ASCII, and latin-1 beyond it (no CTLs). */
export const headerValue = (maxLength = 64): fc.Arbitrary<string> =>
  fc.string({
    unit: fc
      .oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0x80, max: 0xff }), fc.constant(0x09))
      .map((c) => String.fromCharCode(c)),
    maxLength,
  });

export const contentType: fc.Arbitrary<string | null> = fc.oneof(
  { weight: 12, arbitrary: fc.constant('application/json') },
  {
    weight: 4,
    arbitrary: fc.constantFrom<string | null>(
      null,
      'application/json; charset=utf-8',
      'application/json; charset=utf-16',
      'application/json; charset=latin1',
      'application/json; charset=nonsense',
      'APPLICATION/JSON',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/xml',
      'application/problem+json',
      'application/merge-patch+json',
      '*/*',
      'application/json, text/plain',
      'garbage/;;;',
      ';',
    ),
  },
  { weight: 1, arbitrary: headerValue(80) },
);

export const contentEncoding: fc.Arbitrary<string | null> = fc.oneof(
  { weight: 20, arbitrary: fc.constant(null) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'compress', 'gzip, gzip', 'x-nonsense'),
  },
);

export const accept: fc.Arbitrary<string | null> = fc.oneof(
  { weight: 10, arbitrary: fc.constant(null) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('application/xml', 'text/html', '*/*', 'application/json;q=0', ''),
  },
);

export const query: fc.Arbitrary<string> = fc.oneof(
  { weight: 15, arbitrary: fc.constant('') },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '?__proto__[admin]=1',
      '?a=%ZZ',
      `?x=${'y'.repeat(4000)}`,
      '?id[]=1&id[]=2',
      '?constructor[prototype][x]=1',
    ),
  },
);

export type IdempotencyKey = { values: string[] };

export const idempotencyKey: fc.Arbitrary<IdempotencyKey> = fc.oneof(
  { weight: 8, arbitrary: fc.uuid().map((k) => ({ values: [k] })) },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom(
        '',
        '0',
        'k'.repeat(255),
        'k'.repeat(256),
        'k'.repeat(5000),
        ' spaced key ',
        'tab\there',
        'é-latin1',
        'fuzz-reused-key',
        // The IETF draft's sf-string form: valid quoted, with escapes; refused when not a String.
        '"order 2026-000123"',
        '"say \\"hi\\""',
        '"unterminated',
        '""',
        '"key";p=1',
      )
      .map((v) => ({ values: [v] })),
  },
  { weight: 1, arbitrary: headerValue(300).map((v) => ({ values: [v] })) },
  { weight: 1, arbitrary: fc.uuid().map((k) => ({ values: [`"fuzz ${k}"`] })) },
  { weight: 1, arbitrary: fc.tuple(fc.uuid(), fc.uuid()).map(([a, b]) => ({ values: [a, b] })) },
  { weight: 1, arbitrary: fc.constant<IdempotencyKey>({ values: [] }) },
);

/** Claims of a token signed with the real secret: valid signature, odd content. */
export interface OddClaims {
  sub: Json;
  authority: Json;
  roles: Json;
  exp: 'soon' | Json;
}

export type Auth =
  | { kind: 'valid' }
  | { kind: 'none' }
  | { kind: 'apiKey'; values: string[] }
  | { kind: 'authorization'; values: string[] }
  | { kind: 'claims'; claims: OddClaims };

const subject: fc.Arbitrary<Json> = fc.oneof(
  { weight: 3, arbitrary: nastyString },
  { weight: 1, arbitrary: fc.integer({ min: 200, max: 3000 }).map((n) => 'o'.repeat(n)) },
  { weight: 1, arbitrary: fc.constantFrom<Json>(42, null, [], {}, true) },
);

export const auth = (validKey: string, ownAuthority: string): fc.Arbitrary<Auth> =>
  fc.oneof(
    { weight: 16, arbitrary: fc.constant({ kind: 'valid' as const }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'none' as const }) },
    {
      weight: 2,
      arbitrary: fc
        .oneof(
          fc.constantFrom<string[]>(
            [''],
            ['x'],
            [validKey, validKey],
            [validKey, 'garbage'],
            [`${validKey} `],
            [validKey.toUpperCase()],
            ['k'.repeat(4000)],
          ),
          headerValue(200).map((v) => [v]),
        )
        .map((values) => ({ kind: 'apiKey' as const, values })),
    },
    {
      weight: 2,
      arbitrary: fc
        .oneof(
          fc.constantFrom<string[]>(
            ['Bearer'],
            ['Bearer '],
            ['Basic Zm9vOmJhcg=='],
            ['Bearer a.b.c'],
            ['Bearer ..'],
            [`Bearer ${'A'.repeat(4000)}`],
            ['Bearer e30.e30.'],
            ['Bearer x', 'Bearer y'],
            ['Negotiate, Bearer z'],
          ),
          headerValue(300).map((v) => [`Bearer ${v}`]),
          headerValue(100).map((v) => [v]),
        )
        .map((values) => ({ kind: 'authorization' as const, values })),
    },
    {
      weight: 2,
      arbitrary: fc
        .record({
          sub: subject,
          authority: fc.constantFrom<Json>(
            ownAuthority,
            ownAuthority,
            ownAuthority.toLowerCase(),
            'XX',
            1,
            null,
            [ownAuthority],
          ),
          roles: fc.constantFrom<Json>(
            ['officer', 'supervisor'],
            ['supervisor'],
            'supervisor',
            [],
            [1],
            { 0: 'supervisor' },
            ['officer', 'officer', 'admin'],
          ),
          exp: fc.constantFrom<'soon' | Json>('soon', 'soon', 1e20, -1, '9999999999', null, 2 ** 53, 1.5),
        })
        .map((claims) => ({ kind: 'claims' as const, claims })),
    },
  );

export type PathId = { kind: 'fixture'; index: number; upper: boolean } | { kind: 'raw'; text: string };

export const pathId: fc.Arbitrary<PathId> = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.record({
      kind: fc.constant('fixture' as const),
      index: fc.nat(),
      upper: fc.constant(false),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('fixture' as const),
      index: fc.nat(),
      upper: fc.constant(true),
    }),
  },
  {
    weight: 2,
    arbitrary: fc
      .oneof(
        fc.uuid(),
        fc.constantFrom(
          'not-a-uuid',
          '%E0%A4%A',
          '%',
          '..%2F..%2Fhealth%2Flive',
          '%00',
          'a'.repeat(3000),
          '%F0%9F%92%A9',
          '00000000-0000-0000-0000-000000000000',
          '%20',
          '__proto__',
          "1'%20OR%20'1'%3D'1",
        ),
        fc.string({ maxLength: 40 }).map((s) => encodeURIComponent(s)),
      )
      .map((text) => ({ kind: 'raw' as const, text })),
  },
);
