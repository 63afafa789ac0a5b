import { connect } from 'node:net';
import fc from 'fast-check';
import { SignJWT } from 'jose';
import {
  type AuthorityCode,
  AuthorityStack,
  OFFICER_JWT_AUDIENCE,
  OFFICER_JWT_ISSUER,
  OFFICER_JWT_SECRET,
  PLATFORM_KEYS,
} from '../support/authority-stack';
import { file, retailDeclaration, waitForDeclaration } from '../support/declarations';
import {
  type Answer,
  conformingResult,
  eLockObservation,
  hs256Token,
  type InspectionTask,
  problemViolations,
  processExited,
  waitForTask,
} from '../support/security';
import {
  accept,
  type Auth,
  auth,
  bodySpec,
  type BodySpec,
  contentEncoding,
  contentType,
  describeBody,
  idempotencyKey,
  type IdempotencyKey,
  materialiseBody,
  mustRefuse,
  mutationAt,
  nestedArrays,
  pathId,
  type PathId,
  query,
} from './malformed-requests';

/**
 * Malformed and mutated requests against every write endpoint. Whatever a client sends, the
 * service answers below 500, every 4xx is problem+json with a matching numeric `status` and
 * string `type`/`title`, and the service stays up.
 *
 * FUZZ_SEED=<n> replays a run; FUZZ_RUNS=<n> sets the runs per endpoint (each run sends
 * CONCURRENCY requests at once); FUZZ_FAIL_FAST=1 stops at the first violation and lets
 * fast-check shrink it (by default every violation is collected and reported at the end).
 */
const SEED = Number(process.env['FUZZ_SEED'] ?? Math.floor(Math.random() * 2 ** 31));
const CONCURRENCY = 8;
const RUNS_PER_ENDPOINT = Number(process.env['FUZZ_RUNS'] ?? 80);
const RAW_RUNS = Math.max(5, Math.round(RUNS_PER_ENDPOINT / 2));
const FAIL_FAST = process.env['FUZZ_FAIL_FAST'] === '1';

type Caller = 'platform' | 'officer' | 'supervisor';

interface Target {
  name: string;
  /** POST unless said otherwise. */
  method?: 'PUT';
  at: AuthorityCode;
  caller: Caller;
  /** The fixture ids the path takes, or null when the path has none. */
  ids: () => string[] | null;
  path: (id: string) => string;
  /** Valid bodies, chosen by variant; nonce keeps filings apart. */
  valid: (variant: number, nonce: string) => unknown;
  idempotencyKey?: boolean;
  /** Inputs known to have broken the service once, sent first on every run whatever the seed. */
  knownBad?: (valid: unknown) => FuzzRequest[];
}

interface FuzzRequest {
  body: BodySpec;
  nonce: string;
  id: PathId;
  contentType: string | null;
  contentEncoding: string | null;
  accept: string | null;
  query: string;
  auth: Auth;
  idempotencyKey: IdempotencyKey;
}

const fixtures = {
  tasks: [] as InspectionTask[],
  cleared: [] as string[],
  retail: [] as string[],
  returnedAt: '',
};

const declarationVariant = (variant: number, nonce: string) => {
  const route = [
    { origin: 'HK', destination: 'CN' },
    { origin: 'MO', destination: 'CN' },
    { origin: 'HK', destination: 'MO', transit: ['CN'] },
  ][variant % 3]!;
  const d = retailDeclaration(route, variant % 2 === 0 ? '330499' : '080510');
  return { ...d, platformRef: `FUZZ-${variant}-${nonce.slice(0, 8)}` };
};

/** A well-formed request of the valid body (variant 0), changed by `overrides`. */
const example = (name: string, overrides: Partial<FuzzRequest> = {}): FuzzRequest => ({
  body: { kind: 'mutated', variant: 0, mutations: [] },
  nonce: '00000000-0000-4000-8000-00000000e0e0',
  id: { kind: 'fixture', index: 0, upper: false },
  contentType: 'application/json',
  contentEncoding: null,
  accept: null,
  query: '',
  auth: { kind: 'valid' },
  idempotencyKey: { values: [`known-bad-${name}`] },
  ...overrides,
});

/** The valid body with the string at `path` replaced by `text` (same type, so it may pass validation). */
const withText = (valid: unknown, path: (string | number)[], text: string): BodySpec => ({
  kind: 'mutated',
  variant: 0,
  mutations: [{ op: 'sametype', at: mutationAt(valid, 'sametype', path), text, number: 0 }],
});

/** The valid body with the member at `path` given a second time, with `value`. */
const repeated = (valid: unknown, path: (string | number)[], value: string): BodySpec => ({
  kind: 'mutated',
  variant: 0,
  mutations: [{ op: 'duplicate', at: mutationAt(valid, 'duplicate', path), value }],
});

const nested = (valid: unknown, path: (string | number)[]): BodySpec => ({
  kind: 'mutated',
  variant: 0,
  mutations: [{ op: 'replace', at: mutationAt(valid, 'replace', path), value: nestedArrays(20_000) }],
});

const gzipLabelledPlainBody = (target: string) => example(`${target}-gzip`, { contentEncoding: 'gzip' });

const TARGETS: Target[] = [
  {
    name: 'POST /declarations @GZ',
    at: 'GZ',
    caller: 'platform',
    ids: () => null,
    path: () => '/api/v1/declarations',
    valid: declarationVariant,
    idempotencyKey: true,
    knownBad: (valid) => [
      gzipLabelledPlainBody('declarations'),
      example('declarations-deep', { body: nested(valid, ['platformRef']) }),
      example('declarations-surrogate', {
        body: withText(valid, ['items', 0, 'description'], 'Face \ud800 cream'),
      }),
      example('declarations-duplicate', { body: repeated(valid, ['items', 0, 'unitValue'], '1.50') }),
      example('declarations-bidi', { body: withText(valid, ['consignor', 'name'], 'Harbour \u202eLtd') }),
    ],
  },
  {
    name: 'POST /declarations/batch @GZ',
    at: 'GZ',
    caller: 'platform',
    ids: () => null,
    path: () => '/api/v1/declarations/batch',
    valid: (variant, nonce) =>
      Array.from({ length: 1 + (variant % 3) }, (_, i) => ({
        idempotencyKey: `fuzz-batch-${nonce}-${i}`,
        declaration: declarationVariant(variant + i, nonce),
      })),
    knownBad: (valid) => [
      gzipLabelledPlainBody('batch'),
      example('batch-deep', { body: nested(valid, [0, 'declaration', 'platformRef']) }),
      example('batch-surrogate', {
        body: withText(valid, [0, 'declaration', 'items', 0, 'description'], 'Face \ud800 cream'),
      }),
      example('batch-duplicate', {
        body: repeated(valid, [0, 'declaration', 'items', 0, 'unitValue'], '1.50'),
      }),
    ],
  },
  {
    name: 'POST /inspections/{taskId}/result @GZ',
    at: 'GZ',
    caller: 'officer',
    ids: () => fixtures.tasks.map((t) => t.id),
    path: (id) => `/api/v1/inspections/${id}/result`,
    valid: (variant) => conformingResult(fixtures.tasks[variant % fixtures.tasks.length]!.checks),
    knownBad: () => [gzipLabelledPlainBody('result')],
  },
  {
    name: 'POST /declarations/{id}/decision @GZ',
    at: 'GZ',
    caller: 'supervisor',
    ids: () => fixtures.cleared,
    path: (id) => `/api/v1/declarations/${id}/decision`,
    valid: (variant) => ({ decision: ['release', 'hold', 'reject'][variant % 3]!, reason: 'fuzzing' }),
    knownBad: (valid) => [
      gzipLabelledPlainBody('decision'),
      example('decision-nul', { body: withText(valid, ['reason'], 'a\u0000b') }),
      example('decision-surrogate', { body: withText(valid, ['reason'], 'a\ud800b') }),
      example('decision-nul-sub', {
        auth: {
          kind: 'claims',
          claims: { sub: 'sup\u0000x', authority: 'GZ', roles: ['supervisor'], exp: 'soon' },
        },
      }),
    ],
  },
  {
    // Released fixtures: a valid cancellation is 409 already-released, never a 5xx.
    name: 'POST /declarations/{id}/cancellation @GZ',
    at: 'GZ',
    caller: 'platform',
    ids: () => fixtures.cleared,
    path: (id) => `/api/v1/declarations/${id}/cancellation`,
    valid: () => ({ reason: 'fuzzing' }),
    idempotencyKey: true,
    knownBad: (valid) => [
      gzipLabelledPlainBody('cancellation'),
      example('cancellation-nul', { body: withText(valid, ['reason'], 'a\u0000b') }),
      example('cancellation-bidi', { body: withText(valid, ['reason'], 'withdrawn \u202eit') }),
    ],
  },
  {
    // Released fixtures filed at GZ: a valid amendment is 409 already-released, a broken one 422,
    // never a 5xx (issue 13).
    name: 'POST /declarations/{id}/amendments @GZ',
    at: 'GZ',
    caller: 'platform',
    ids: () => fixtures.retail,
    path: (id) => `/api/v1/declarations/${id}/amendments`,
    valid: declarationVariant,
    idempotencyKey: true,
    knownBad: (valid) => [
      gzipLabelledPlainBody('amendments'),
      example('amendments-deep', { body: nested(valid, ['platformRef']) }),
      example('amendments-surrogate', {
        body: withText(valid, ['items', 0, 'description'], 'Face \ud800 cream'),
      }),
      example('amendments-bidi', { body: withText(valid, ['consignor', 'name'], 'Harbour \u202eLtd') }),
    ],
  },
  {
    name: 'POST /declarations/{id}/elock/applied @HK',
    at: 'HK',
    caller: 'officer',
    ids: () => fixtures.cleared,
    path: (id) => `/api/v1/declarations/${id}/elock/applied`,
    valid: (variant) => eLockObservation('HKHKG', variant % 2 === 0),
    knownBad: (valid) => [
      gzipLabelledPlainBody('applied'),
      example('applied-nul', { body: withText(valid, ['lockId'], 'EL\u0000') }),
    ],
  },
  {
    name: 'POST /declarations/{id}/elock/verified @GZ',
    at: 'GZ',
    caller: 'officer',
    ids: () => fixtures.cleared,
    path: (id) => `/api/v1/declarations/${id}/elock/verified`,
    valid: (variant) => eLockObservation('CNSZX', variant % 2 === 0),
    knownBad: (valid) => [
      gzipLabelledPlainBody('verified'),
      example('verified-nul', { body: withText(valid, ['lockId'], 'EL\u0000') }),
      // A broken lock reported under the upper-case spelling of the declaration's id.
      example('verified-upper', {
        id: { kind: 'fixture', index: 1, upper: true },
        body: { kind: 'mutated', variant: 1, mutations: [] },
      }),
    ],
  },
  {
    name: 'POST /risk/targets @GZ',
    at: 'GZ',
    caller: 'supervisor',
    ids: () => null,
    path: () => '/api/v1/risk/targets',
    valid: (variant) => ({
      match: [{ partyId: `FUZZ${variant}` }, { hsPrefix: '0805' }, { originCountry: 'JP' }][variant % 3]!,
      lane: variant % 2 === 0 ? 'YELLOW' : 'RED',
      reason: 'fuzzing',
      expiresAt: '2099-01-01T00:00:00Z',
    }),
    knownBad: (valid) => [
      gzipLabelledPlainBody('risk'),
      example('risk-nul', { body: withText(valid, ['reason'], 'a\u0000b') }),
      example('risk-party-nul', { body: withText(valid, ['match', 'partyId'], 'P\u0000') }),
      example('risk-duplicate', { body: repeated(valid, ['lane'], 'RED') }),
      example('risk-bidi', { body: withText(valid, ['reason'], 'watch \u2067it') }),
    ],
  },
  {
    name: 'POST /declarations/{id}/returns @GZ',
    at: 'GZ',
    caller: 'platform',
    ids: () => fixtures.retail,
    path: (id) => `/api/v1/declarations/${id}/returns`,
    valid: () => ({ returnedAt: fixtures.returnedAt, reason: 'wrong size' }),
    knownBad: (valid) => [
      gzipLabelledPlainBody('returns'),
      example('returns-nul', {
        body: withText(valid, ['reason'], 'a\u0000b'),
        id: { kind: 'fixture', index: 1, upper: false },
      }),
    ],
  },
  {
    name: 'POST /notifications/acknowledge @HK',
    at: 'HK',
    caller: 'platform',
    ids: () => null,
    path: () => '/api/v1/notifications/acknowledge',
    valid: (variant, nonce) => ({
      ids: [nonce, ...(variant % 2 === 0 ? [] : ['00000000-0000-4000-8000-000000000001'])],
    }),
    knownBad: () => [gzipLabelledPlainBody('acknowledge')],
  },
  {
    name: 'PUT /notifications/subscription @HK',
    method: 'PUT',
    at: 'HK',
    caller: 'platform',
    ids: () => null,
    path: () => '/api/v1/notifications/subscription',
    // A public address literal: production mode accepts it without DNS.
    valid: (variant) => ({
      url: `https://93.184.215.14/hooks/${variant}`,
      events: [['CLEARED'], ['ACCEPTED', 'REJECTED'], ['INSPECTION_SCHEDULED']][variant % 3],
    }),
    knownBad: (valid) => [
      gzipLabelledPlainBody('subscription'),
      example('subscription-nul', { body: withText(valid, ['url'], 'https://a\u0000b/') }),
    ],
  },
];

const VARIANTS = 1000;

const requestOf = (target: Target): fc.Arbitrary<FuzzRequest> =>
  fc.record({
    body: bodySpec(VARIANTS),
    nonce: fc.uuid(),
    id: pathId,
    contentType,
    contentEncoding,
    accept,
    query,
    auth: auth(PLATFORM_KEYS['shop-a'], target.at),
    idempotencyKey,
  });

/** The request as it goes on the wire, and a description to reproduce it. */
interface Wire {
  fuzzId: string;
  url: string;
  headers: [string, string][];
  body: Uint8Array | undefined;
  description: string;
  /** What in the body the door must refuse (a duplicate member name, a bidi control), if anything. */
  mustRefuse: string | undefined;
  /** Sent as JSON the service reads (no other type, charset or encoding in the way). */
  plainJson: boolean;
}

const validTokens = new Map<string, string>();
let wired = 0;

async function tokenFor(caller: Exclude<Caller, 'platform'>, at: AuthorityCode): Promise<string> {
  const key = `${caller}@${at}`;
  if (!validTokens.has(key))
    validTokens.set(
      key,
      await hs256Token(at, caller === 'officer' ? ['officer'] : ['officer', 'supervisor'], {
        expiresIn: '2h',
      }),
    );
  return validTokens.get(key)!;
}

async function oddToken(claims: Extract<Auth, { kind: 'claims' }>['claims']): Promise<string> {
  const exp = claims.exp === 'soon' ? Math.floor(Date.now() / 1000) + 600 : claims.exp;
  const payload: Record<string, unknown> = {
    aud: OFFICER_JWT_AUDIENCE,
    iss: OFFICER_JWT_ISSUER,
    sub: claims.sub,
    authority: claims.authority,
    roles: claims.roles,
    exp,
  };
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(new TextEncoder().encode(OFFICER_JWT_SECRET));
}

async function wire(stack: AuthorityStack, target: Target, r: FuzzRequest): Promise<Wire> {
  const ids = target.ids();
  let id = '';
  if (ids) {
    if (r.id.kind === 'fixture') {
      id = ids[r.id.index % ids.length]!;
      if (r.id.upper) id = id.toUpperCase();
    } else id = r.id.text;
  }
  const url = `${stack.url(target.at)}${target.path(id)}${r.query}`;

  const fuzzId = `fz-${++wired}`;
  const headers: [string, string][] = [['x-fuzz-id', fuzzId]];
  if (r.contentType !== null) headers.push(['content-type', r.contentType]);
  if (r.contentEncoding !== null) headers.push(['content-encoding', r.contentEncoding]);
  if (r.accept !== null) headers.push(['accept', r.accept]);
  if (target.idempotencyKey) for (const v of r.idempotencyKey.values) headers.push(['idempotency-key', v]);

  const validCredentials = async (): Promise<[string, string]> =>
    target.caller === 'platform'
      ? ['x-api-key', PLATFORM_KEYS['shop-a']]
      : ['authorization', `Bearer ${await tokenFor(target.caller, target.at)}`];
  switch (r.auth.kind) {
    case 'valid':
      headers.push(await validCredentials());
      break;
    case 'none':
      break;
    case 'apiKey':
      for (const v of r.auth.values) headers.push(['x-api-key', v]);
      break;
    case 'authorization':
      // A platform's key stays valid: garbage in the other scheme must not matter, or 401.
      if (target.caller === 'platform') headers.push(await validCredentials());
      for (const v of r.auth.values) headers.push(['authorization', v]);
      break;
    case 'claims':
      if (target.caller === 'platform') headers.push(await validCredentials());
      headers.push(['authorization', `Bearer ${await oddToken(r.auth.claims)}`]);
      break;
  }

  const content = materialiseBody(r.body, (variant) => target.valid(variant, r.nonce));
  const refuse = mustRefuse(r.body, (variant) => target.valid(variant, r.nonce));
  const plainJson =
    ['application/json', 'application/json; charset=utf-8', 'APPLICATION/JSON'].includes(
      r.contentType ?? '',
    ) && [null, 'identity'].includes(r.contentEncoding);
  const body =
    content === undefined ? undefined : typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const shownHeaders = headers
    .map(([k, v]) => `${k}: ${JSON.stringify(v.length > 120 ? `${v.slice(0, 100)}…(${v.length})` : v)}`)
    .join(', ');
  return {
    fuzzId,
    url,
    headers,
    body,
    description: `${target.method ?? 'POST'} ${url.replace(stack.url(target.at), '')} headers {${shownHeaders}} body ${describeBody(content)}`,
    mustRefuse: refuse,
    plainJson,
  };
}

/**
 * What is wrong with one answer (empty when all is well). A body holding what the door refuses
 * is never accepted, and sent as plain JSON it is answered 400 (duplicate member name), 422
 * (bidi control, or nesting past the limit) or 413 (too large) before anything else is looked at.
 */
function violationsOf(answer: Answer, w?: Pick<Wire, 'mustRefuse' | 'plainJson'>): string[] {
  if (answer.status >= 500) return [`status ${answer.status}: ${answer.text.slice(0, 300)}`];
  const found: string[] = [];
  if (w?.mustRefuse && answer.status < 400)
    found.push(`${answer.status}: accepted a body with ${w.mustRefuse}`);
  else if (w?.mustRefuse && w.plainJson) {
    const expected = [400, 413, 422];
    if (!expected.includes(answer.status))
      found.push(`${answer.status} for a JSON body with ${w.mustRefuse}, not ${expected.join('/')}`);
  }
  if (answer.status >= 400) {
    const wrong = problemViolations(answer);
    if (wrong.length > 0) found.push(`${answer.status} is not problem details: ${wrong.join('; ')}`);
  }
  if (answer.status === 207) {
    // The batch answers per item: a resource, or a problem with the item's status.
    let items: unknown;
    try {
      items = JSON.parse(answer.text);
    } catch {
      return ['207 body is not JSON'];
    }
    if (!Array.isArray(items)) return ['207 body is not an array'];
    for (const [i, item] of items.entries()) {
      const { status, problem } = (item ?? {}) as { status?: unknown; problem?: unknown };
      if (typeof status !== 'number' || status >= 500) found.push(`207 item ${i} status ${String(status)}`);
      else if (status >= 400) {
        const p = (problem ?? {}) as Record<string, unknown>;
        if (p['status'] !== status || typeof p['type'] !== 'string' || typeof p['title'] !== 'string')
          found.push(
            `207 item ${i} (${status}) problem is malformed: ${JSON.stringify(problem).slice(0, 200)}`,
          );
      }
    }
  }
  return found;
}

interface Violation {
  target: string;
  what: string;
  request: string;
  /** The X-Fuzz-Id the request carried, to find what the service logged about it. */
  fuzzId?: string;
}

describe('fuzzing the write endpoints', () => {
  let stack: AuthorityStack;
  const violations: Violation[] = [];
  const statuses = new Map<string, Map<number, number>>();
  let sent = 0;
  const started = Date.now();

  const tally = (target: string, status: number) => {
    const counts = statuses.get(target) ?? new Map<number, number>();
    counts.set(status, (counts.get(status) ?? 0) + 1);
    statuses.set(target, counts);
  };

  beforeAll(async () => {
    console.log(`fuzz seed ${SEED} (replay with FUZZ_SEED=${SEED})`);
    stack = await AuthorityStack.start({ RANDOM_SELECTION: 'off', LOG_LEVEL: 'warn' });
    const supervisor = await tokenFor('supervisor', 'GZ');
    const fruitTask = async () => {
      const filed = await file(
        stack.url('HK'),
        retailDeclaration({ origin: 'HK', destination: 'CN' }, '080510', false),
      );
      return waitForTask(stack.url('GZ'), supervisor, filed.body.id, 'physical');
    };
    const cleared = async (at: AuthorityCode) => {
      const filed = await file(stack.url(at), retailDeclaration());
      await waitForDeclaration(stack.url('GZ'), filed.body.id, (d) => d.status === 'CLEARED');
      return filed.body.id;
    };
    const [tasks, clearedIds, retailIds] = await Promise.all([
      Promise.all(Array.from({ length: 12 }, fruitTask)),
      Promise.all(Array.from({ length: 3 }, () => cleared('HK'))),
      Promise.all(Array.from({ length: 3 }, () => cleared('GZ'))),
    ]);
    Object.assign(fixtures, {
      tasks,
      cleared: clearedIds,
      retail: retailIds,
      returnedAt: new Date().toISOString(),
    });
    console.log(`fuzz fixtures ready after ${Math.round((Date.now() - started) / 1000)} s`);
  }, 150000);

  afterAll(async () => {
    const lines = [...statuses.entries()].map(
      ([target, counts]) =>
        `  ${target.padEnd(45)} ${[...counts.entries()]
          .sort(([a], [b]) => a - b)
          .map(([s, n]) => `${s}×${n}`)
          .join(' ')}`,
    );
    // Errors the services logged that no fuzz request caused (consumers, relays, start-up).
    for (const at of ['GZ', 'HK'] as const) {
      const background = new Map<string, number>();
      for (const e of loggedErrors(stack?.output(at) ?? ''))
        if (!e.fuzzId) background.set(e.cause, (background.get(e.cause) ?? 0) + 1);
      if (background.size > 0)
        console.log(
          `${at} logged errors outside fuzz requests:\n${[...background].map(([c, n]) => `  ${n}× ${c}`).join('\n')}`,
        );
    }
    console.log(
      `fuzz: ${sent} requests sent in ${Math.round((Date.now() - started) / 1000)} s (seed ${SEED})\n${lines.join('\n')}`,
    );
    await stack?.stop();
  });

  /** Fails the run at once when a service is down: nothing after that would mean anything. */
  async function assertAlive(at: AuthorityCode): Promise<void> {
    if (processExited(stack, at)) throw new Error(`${at} exited:\n${stack.output(at).slice(-3000)}`);
    const res = await fetch(`${stack.url(at)}/health/live`).catch((err: unknown) => err);
    if (!(res instanceof Response) || res.status !== 200)
      throw new Error(`${at} /health/live answered ${res instanceof Response ? res.status : String(res)}`);
  }

  function record(found: Violation[]): void {
    if (found.length === 0) return;
    if (FAIL_FAST) throw new Error(found.map((v) => `${v.what}\n  ${v.request}`).join('\n'));
    violations.push(...found);
  }

  it.each(TARGETS.map((t, i) => [t.name, t, i] as const))(
    '%s: never 5xx, every 4xx problem+json, stays alive',
    async (_name, target, index) => {
      const property = fc.asyncProperty(
        fc.array(requestOf(target), { minLength: CONCURRENCY, maxLength: CONCURRENCY }),
        async (requests) => {
          const found = await Promise.all(
            requests.map(async (r): Promise<Violation[]> => {
              const w = await wire(stack, target, r);
              sent++;
              const method = target.method ?? 'POST';
              const answer = await fetch(w.url, { method, headers: w.headers, body: w.body }).then(
                async (res): Promise<Answer> => ({
                  status: res.status,
                  contentType: res.headers.get('content-type') ?? '',
                  text: await res.text(),
                }),
                (err: unknown) => err,
              );
              if (!('status' in (answer as object))) {
                tally(target.name, 0);
                return [
                  {
                    target: target.name,
                    what: `no answer: ${String(answer)}`,
                    request: w.description,
                    fuzzId: w.fuzzId,
                  },
                ];
              }
              const a = answer as Answer;
              tally(target.name, a.status);
              return violationsOf(a, w).map((what) => ({
                target: target.name,
                what,
                request: w.description,
                fuzzId: w.fuzzId,
              }));
            }),
          );
          await assertAlive(target.at);
          record(found.flat());
        },
      );
      const knownBad = target.knownBad?.(target.valid(0, 'known-bad')) ?? [];
      await fc.assert(property, {
        seed: SEED + index,
        numRuns: RUNS_PER_ENDPOINT,
        examples: knownBad.length > 0 ? [[knownBad]] : [],
        endOnFailure: !FAIL_FAST,
        interruptAfterTimeLimit: 150000,
      });
    },
    180000,
  );

  it('supporting documents: mutated multipart uploads never 5xx, every refusal problem+json (issue 13)', async () => {
    const declarationId = fixtures.cleared[0]!;
    const url = `${stack.url('HK')}/api/v1/declarations/${declarationId}/documents`;
    const MAGIC: Record<string, number[]> = {
      pdf: [...Buffer.from('%PDF-1.4\n')],
      png: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
      jpeg: [0xff, 0xd8, 0xff, 0xe0],
      exe: [0x4d, 0x5a, 0x90, 0x00],
      none: [],
    };
    const upload = fc.record({
      magic: fc.constantFrom(...Object.keys(MAGIC)),
      bytes: fc.uint8Array({ maxLength: 2048 }),
      fileName: fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), fc.constant('../../x.pdf')),
      field: fc.constantFrom('file', 'file', 'File', 'files', ''),
      framing: fc.constantFrom(
        'ok',
        'no-boundary',
        'wrong-boundary',
        'truncated',
        'two-files',
        'extra-field',
        'no-parts',
      ),
    });
    const CRLF = '\r\n';
    const property = fc.asyncProperty(
      fc.array(upload, { minLength: CONCURRENCY, maxLength: CONCURRENCY }),
      async (cases) => {
        const found = await Promise.all(
          cases.map(async (c): Promise<Violation[]> => {
            const boundary = `fuzz${Math.random().toString(36).slice(2)}`;
            const content = Buffer.concat([Buffer.from(MAGIC[c.magic]!), Buffer.from(c.bytes)]);
            const name = c.fileName.replace(/["\r\n]/g, '_');
            const part = (field: string) =>
              Buffer.concat([
                Buffer.from(
                  `--${boundary}${CRLF}Content-Disposition: form-data; name="${field}"; filename="${name}"${CRLF}Content-Type: application/pdf${CRLF}${CRLF}`,
                  'utf8',
                ),
                content,
                Buffer.from(CRLF),
              ]);
            let body = Buffer.concat([part(c.field), Buffer.from(`--${boundary}--${CRLF}`)]);
            let contentType = `multipart/form-data; boundary=${boundary}`;
            if (c.framing === 'no-boundary') contentType = 'multipart/form-data';
            if (c.framing === 'wrong-boundary') contentType = `multipart/form-data; boundary=x${boundary}`;
            if (c.framing === 'truncated') body = body.subarray(0, Math.max(1, body.length - 20));
            if (c.framing === 'two-files')
              body = Buffer.concat([part(c.field), part(c.field), Buffer.from(`--${boundary}--${CRLF}`)]);
            if (c.framing === 'extra-field')
              body = Buffer.concat([
                Buffer.from(
                  `--${boundary}${CRLF}Content-Disposition: form-data; name="note"${CRLF}${CRLF}hello${CRLF}`,
                ),
                body,
              ]);
            if (c.framing === 'no-parts') body = Buffer.from(`--${boundary}--${CRLF}`);
            sent++;
            const answer = await fetch(url, {
              method: 'POST',
              headers: { 'x-api-key': PLATFORM_KEYS['shop-a'], 'content-type': contentType },
              body,
            }).then(
              async (res): Promise<Answer> => ({
                status: res.status,
                contentType: res.headers.get('content-type') ?? '',
                text: await res.text(),
              }),
              (err: unknown) => err,
            );
            const request = `${c.framing} field=${JSON.stringify(c.field)} magic=${c.magic} ${content.length} bytes name=${JSON.stringify(name).slice(0, 80)}`;
            if (!('status' in (answer as object))) {
              tally('POST documents', 0);
              return [{ target: 'POST documents', what: `no answer: ${String(answer)}`, request }];
            }
            const a = answer as Answer;
            tally('POST documents', a.status);
            const what = violationsOf(a);
            // 200: the same bytes again (random content can repeat), answered with the stored one.
            if (![200, 201, 400, 409, 413, 415, 422].includes(a.status))
              what.push(`unexpected status ${a.status}`);
            if (a.status < 300 && (c.magic === 'exe' || c.magic === 'none' || c.framing !== 'ok'))
              what.push(`${a.status} for ${c.framing} with magic ${c.magic}`);
            return what.map((w) => ({ target: 'POST documents', what: w, request }));
          }),
        );
        await assertAlive('HK');
        record(found.flat());
      },
    );
    await fc.assert(property, {
      seed: SEED + TARGETS.length,
      numRuns: RUNS_PER_ENDPOINT,
      endOnFailure: !FAIL_FAST,
      interruptAfterTimeLimit: 150000,
    });
  }, 180000);

  it('answers protocol-level garbage (control characters, duplicated lines, bad framing) as problem+json', async () => {
    const rawTarget = fc.constantFrom(...TARGETS);
    const rawCase = fc.record({
      target: rawTarget,
      kind: fc.constantFrom(
        'ctl-in-header',
        'duplicate-header-line',
        'conflicting-content-length',
        'chunked-and-length',
        'bad-chunk',
        'invalid-utf8-body',
        'header-overflow',
        'obs-fold',
        'bad-header-name',
        'http-1.0',
      ),
      header: fc.constantFrom('idempotency-key', 'x-api-key', 'authorization', 'content-type'),
      ctl: fc.constantFrom(0x00, 0x01, 0x07, 0x08, 0x0b, 0x0c, 0x1b, 0x1f, 0x7f),
    });
    const property = fc.asyncProperty(
      fc.array(rawCase, { minLength: CONCURRENCY, maxLength: CONCURRENCY }),
      async (cases) => {
        const found = await Promise.all(
          cases.map(async (c): Promise<Violation[]> => {
            const target = c.target;
            const ids = target.ids();
            const path = target.path(ids ? ids[0]! : '');
            const credentials =
              target.caller === 'platform'
                ? `X-API-Key: ${PLATFORM_KEYS['shop-a']}`
                : `Authorization: Bearer ${await tokenFor(target.caller, target.at)}`;
            const body = Buffer.from(JSON.stringify(target.valid(0, `raw-${sent}`)));
            const lines = [
              `POST ${path} HTTP/1.1`,
              'Host: 127.0.0.1',
              'Connection: close',
              credentials,
              'Content-Type: application/json',
              `Idempotency-Key: raw-${sent}-${Math.random().toString(36).slice(2)}`,
            ];
            let payload = body;
            const ctl = String.fromCharCode(c.ctl);
            switch (c.kind) {
              case 'ctl-in-header': {
                const i = lines.findIndex((l) => l.toLowerCase().startsWith(`${c.header}:`));
                if (i >= 0) lines[i] = `${lines[i]!.slice(0, -2)}${ctl}${lines[i]!.slice(-2)}`;
                else lines.push(`${c.header}: a${ctl}b`);
                break;
              }
              case 'duplicate-header-line':
                lines.push(`${c.header}: second-${c.ctl}`);
                break;
              case 'conflicting-content-length':
                lines.push(`Content-Length: ${body.length}`, `Content-Length: ${body.length + 1}`);
                break;
              case 'chunked-and-length':
                lines.push('Transfer-Encoding: chunked', `Content-Length: ${body.length}`);
                payload = Buffer.from(`${body.length.toString(16)}\r\n${body.toString()}\r\n0\r\n\r\n`);
                break;
              case 'bad-chunk':
                lines.push('Transfer-Encoding: chunked');
                payload = Buffer.from(`zz\r\n${body.toString()}\r\n0\r\n\r\n`);
                break;
              case 'invalid-utf8-body':
                payload = Buffer.concat([
                  Buffer.from('{"reason":"'),
                  Buffer.from([0xc3, 0x28, 0xff, 0xed, 0xa0, 0x80]),
                  Buffer.from('"}'),
                ]);
                break;
              case 'header-overflow':
                lines.push(`X-Padding: ${'p'.repeat(20_000)}`);
                break;
              case 'obs-fold':
                lines.push('X-Folded: first', ' continued');
                break;
              case 'bad-header-name':
                lines.push(`X Bad${ctl}Name: 1`);
                break;
              case 'http-1.0':
                lines[0] = `POST ${path} HTTP/1.0`;
                lines.splice(1, 1);
                break;
            }
            if (!lines.some((l) => /^(content-length|transfer-encoding):/i.test(l)))
              lines.push(`Content-Length: ${payload.length}`);
            const request = Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), payload]);
            sent++;
            const description = `raw ${c.kind} (${c.header}, 0x${c.ctl.toString(16)}) → ${target.name}: ${JSON.stringify(
              request.toString('latin1').slice(0, 300),
            )}`;
            const answer = await rawExchange(stack.url(target.at), request);
            if (typeof answer === 'string') {
              tally(`raw ${c.kind}`, 0);
              return [{ target: `raw ${c.kind}`, what: `no answer: ${answer}`, request: description }];
            }
            tally(`raw ${c.kind}`, answer.status);
            return violationsOf(answer).map((what) => ({
              target: `raw ${c.kind}`,
              what,
              request: description,
            }));
          }),
        );
        await assertAlive('GZ');
        await assertAlive('HK');
        record(found.flat());
      },
    );
    await fc.assert(property, { seed: SEED + 100, numRuns: RAW_RUNS, endOnFailure: !FAIL_FAST });
  }, 120000);

  it('found no violation (all collected above, grouped by cause)', () => {
    const causes = new Map<string, string>();
    for (const at of ['GZ', 'HK'] as const)
      for (const e of loggedErrors(stack.output(at))) if (e.fuzzId) causes.set(e.fuzzId, e.cause);
    const groups = new Map<string, Violation[]>();
    for (const v of violations) {
      // A 5xx is grouped by what the service logged for it; errors raised before the request's
      // logging context exists (the body parser) are logged without it.
      const cause = v.fuzzId ? causes.get(v.fuzzId) : undefined;
      const encoding = /content-encoding: "([^"]*)"/.exec(v.request)?.[1];
      const what = v.what.startsWith('status 5')
        ? `${v.what.slice(0, 10)} — logged ${cause ?? `outside the request's context${encoding ? ` (Content-Encoding: ${encoding})` : ''}`}`
        : v.what.slice(0, 160);
      const kind = `${v.target} — ${what}`;
      groups.set(kind, [...(groups.get(kind) ?? []), v]);
    }
    const summary = [...groups.entries()].map(
      ([kind, list]) =>
        `${list.length}× ${kind}\n${list
          .slice(0, 2)
          .map((v) => `    e.g. ${v.request.slice(0, 600)}`)
          .join('\n')}`,
    );
    if (summary.length > 0) console.log(`fuzz violations (seed ${SEED}):\n${summary.join('\n')}`);
    expect(summary).toEqual([]);
  });
});

interface LogEntry {
  level?: number;
  req?: { headers?: Record<string, string> };
  err?: { type?: string; message?: string; stack?: string };
}

/**
 * The errors a service logged (pino JSON, level ≥ 50): each reduced to its cause (type, message,
 * first frame of our code) and the X-Fuzz-Id of the request it happened in, if any.
 */
function loggedErrors(output: string): { cause: string; fuzzId?: string }[] {
  const found: { cause: string; fuzzId?: string }[] = [];
  for (const line of output.split('\n')) {
    if (!line.startsWith('{')) continue;
    let entry: LogEntry;
    try {
      entry = JSON.parse(line) as LogEntry;
    } catch {
      continue;
    }
    if ((entry.level ?? 0) < 50) continue;
    const frame = (entry.err?.stack ?? '')
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l.startsWith('at ') && (l.includes('/dist/') || l.includes('body-parser')));
    const where = frame?.replace(/^.*\/(dist|node_modules)\//, '').replace(/\)$/, '') ?? '';
    found.push({
      cause: `${entry.err?.type ?? 'error'}: ${entry.err?.message ?? ''}${where ? ` @ ${where}` : ''}`,
      fuzzId: entry.req?.headers?.['x-fuzz-id'],
    });
  }
  return found;
}

/** Sends raw bytes on a fresh connection and reads the answer until the server closes. */
function rawExchange(baseUrl: string, request: Buffer): Promise<Answer | string> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = connect(Number(port), hostname);
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(parseRaw(Buffer.concat(chunks)) ?? 'timed out after 10 s');
    }, 10000);
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.on('error', (err) => {
      clearTimeout(timer);
      resolve(parseRaw(Buffer.concat(chunks)) ?? String(err));
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(parseRaw(Buffer.concat(chunks)) ?? 'connection closed without an answer');
    });
    socket.write(request);
  });
}

function parseRaw(data: Buffer): Answer | undefined {
  const end = data.indexOf('\r\n\r\n');
  const head = data.subarray(0, Math.max(end, 0)).toString('latin1');
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(head);
  if (end < 0 || !status) return undefined;
  let body = data.subarray(end + 4);
  if (/^transfer-encoding:\s*chunked/im.test(head)) {
    const parts: Buffer[] = [];
    let rest = body;
    for (;;) {
      const lineEnd = rest.indexOf('\r\n');
      const size = parseInt(rest.subarray(0, lineEnd).toString('latin1'), 16);
      if (lineEnd < 0 || !(size > 0)) break;
      parts.push(rest.subarray(lineEnd + 2, lineEnd + 2 + size));
      rest = rest.subarray(lineEnd + 2 + size + 2);
    }
    body = Buffer.concat(parts);
  }
  return {
    status: Number(status[1]),
    contentType: /^content-type:\s*(.*)$/im.exec(head)?.[1]?.trim() ?? '',
    text: body.toString('utf8'),
  };
}
