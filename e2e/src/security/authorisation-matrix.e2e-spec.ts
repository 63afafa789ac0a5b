import { randomUUID } from 'node:crypto';
import { type AuthorityCode, AuthorityStack, PLATFORM_KEYS } from '../support/authority-stack';
import { sampleDeclaration, sampleResidentId } from '@gba/testing';
import { file, retailDeclaration, waitForDeclaration } from '../support/declarations';
import {
  type Answer,
  algNoneToken,
  conformingResult,
  eLockObservation,
  hs256Token,
  type IdentityProvider,
  type InspectionTask,
  problemViolations,
  publicKeyAsHmacToken,
  riskTargetBody,
  rs256Token,
  send,
  startIdentityProvider,
  waitForTask,
} from '../support/security';

/**
 * Who may call what (api.md, "Authentication and authorisation"), as one table: every endpoint
 * × every kind of caller, each cell the exact status expected.
 *
 * Callers (columns). Tokens marked "own" are issued for the authority of the service the row is
 * sent to (the @XX of the row):
 *   none       no credentials at all
 *   shopA      X-API-Key of platform shop-a (which filed every fixture declaration)
 *   shopB      X-API-Key of platform shop-b
 *   offXX      HS256 token, roles [officer], of authority XX
 *   supXX      HS256 token, roles [officer, supervisor], of authority XX
 *   expired    own supervisor, HS256, expired an hour ago (beyond any clock tolerance)
 *   algNone    own supervisor, unsigned (`alg: none`)
 *   hsPubKey   own supervisor, HS256 "signed" with the RS256 public key's PEM (key confusion)
 *   otherAuth  supervisor of another authority, validly signed RS256 via the JWKS
 *   rs256      own supervisor, validly signed RS256 via the JWKS (proves the JWKS is in use)
 *
 * Placeholders in paths: {fruit} is platform A's fresh-fruit declaration HK→CN (GZ inspects it;
 * MO is not on its route); {task} GZ's physical task for it; {cleared} a cleared retail
 * declaration HK→CN; {awaiting} a fresh-fruit declaration HK released and GZ still waits on (a
 * decision or an e-lock check on arrival comes before GZ's own final decision, which is final);
 * {retail} a cleared retail import filed at GZ; {target} a GZ risk target;
 * {unknown} an id that exists nowhere. The CBEC quota is asked about QUOTA_BUYER, the buyer of a
 * retail import only shop-a filed (so shop-b gets 403); the GET with the ID number in its query is
 * gone (410) for every caller. A cell that expects 2xx gets a fixture of its own where
 * the request has effects (a task done, a return made, a target withdrawn, a decision taken), so
 * cells never depend on each other's order.
 */
const MATRIX = `
endpoint                                                 none shopA shopB offGZ supGZ offHK supHK offMO supMO expired algNone hsPubKey otherAuth rs256
POST   /api/v1/declarations                          @GZ  401   201   201   401   401   401   401   401   401     401     401      401       401   401
POST   /api/v1/declarations/batch                    @GZ  401   207   207   401   401   401   401   401   401     401     401      401       401   401
GET    /api/v1/declarations                          @GZ  401   200   200   401   401   401   401   401   401     401     401      401       401   401
GET    /api/v1/declarations/{fruit}                  @GZ  401   200   404   200   200   403   403   403   403     401     401      401       403   200
GET    /api/v1/declarations/{fruit}                  @HK  401   200   404   403   403   200   200   403   403     401     401      401       403   200
GET    /api/v1/declarations/{fruit}                  @MO  401   404   404   403   403   403   403   404   404     401     401      401       403   404
GET    /api/v1/cbec/quota                            @GZ  410   410   410   410   410   410   410   410   410     410     410      410       410   410
GET    /api/v1/cbec/quota                            @HK  404   404   404   404   404   404   404   404   404     404     404      404       404   404
POST   /api/v1/cbec/quota                            @GZ  401   200   403   200   200   403   403   403   403     401     401      401       403   200
POST   /api/v1/cbec/quota                            @HK  404   404   404   404   404   404   404   404   404     404     404      404       404   404
POST   /api/v1/declarations/{retail}/returns         @GZ  401   201   404   401   401   401   401   401   401     401     401      401       401   401
POST   /api/v1/declarations/{retail}/returns         @HK  404   404   404   404   404   404   404   404   404     404     404      404       404   404
GET    /api/v1/inspections                           @GZ  401   401   401   200   200   403   403   403   403     401     401      401       403   200
GET    /api/v1/inspections                           @MO  401   401   401   403   403   403   403   200   200     401     401      401       403   200
POST   /api/v1/inspections/{task}/result             @GZ  401   401   401   201   201   403   403   403   403     401     401      401       403   201
POST   /api/v1/inspections/{task}/result             @HK  401   401   401   403   403   404   404   403   403     401     401      401       403   404
POST   /api/v1/declarations/{awaiting}/decision      @GZ  401   401   401   403   201   403   403   403   403     401     401      401       403   201
POST   /api/v1/declarations/{unknown}/decision       @GZ  401   401   401   403   404   403   403   403   403     401     401      401       403   404
POST   /api/v1/declarations/{cleared}/cancellation   @GZ  401   409   404   403   409   403   403   403   403     401     401      401       403   409
POST   /api/v1/declarations/{unknown}/cancellation   @GZ  401   404   404   403   404   403   403   403   403     401     401      401       403   404
POST   /api/v1/declarations/{retail}/amendments      @GZ  401   409   404   401   401   401   401   401   401     401     401      401       401   401
POST   /api/v1/declarations/{unknown}/amendments     @GZ  401   404   404   401   401   401   401   401   401     401     401      401       401   401
POST   /api/v1/declarations/{cleared}/elock/applied  @HK  401   401   401   403   403   201   201   403   403     401     401      401       403   201
POST   /api/v1/declarations/{cleared}/elock/applied  @GZ  401   401   401   409   409   403   403   403   403     401     401      401       403   409
POST   /api/v1/declarations/{awaiting}/elock/verified @GZ  401   401   401   201   201   403   403   403   403     401     401      401       403   201
POST   /api/v1/risk/targets                          @GZ  401   401   401   403   201   403   403   403   403     401     401      401       403   201
GET    /api/v1/risk/targets                          @GZ  401   401   401   200   200   403   403   403   403     401     401      401       403   200
DELETE /api/v1/risk/targets/{target}                 @GZ  401   401   401   403   204   403   403   403   403     401     401      401       403   204
DELETE /api/v1/risk/targets/{unknown}                @GZ  401   401   401   403   404   403   403   403   403     401     401      401       403   404
POST   /api/v1/declarations/{fruit}/documents    @GZ  401   201   404   201   201   403   403   403   403     401     401      401       403   201
POST   /api/v1/declarations/{fruit}/documents    @MO  401   404   404   403   403   403   403   404   404     401     401      401       403   404
GET    /api/v1/declarations/{fruit}/documents    @GZ  401   200   404   200   200   403   403   403   403     401     401      401       403   200
GET    /api/v1/declarations/{fruit}/documents/{unknown} @GZ 401 404 404 404 404 403 403 403 403 401 401 401 403 404
GET    /api/v1/audit/verify                          @GZ  401   401   401   403   200   403   403   403   403     401     401      401       403   200
GET    /api/v1/notifications                         @HK  401   200   200   401   401   401   401   401   401     401     401      401       401   401
POST   /api/v1/notifications/acknowledge             @HK  401   200   200   401   401   401   401   401   401     401     401      401       401   401
PUT    /api/v1/notifications/subscription            @HK  401   200   200   401   401   401   401   401   401     401     401      401       401   401
GET    /api/v1/notifications/subscription            @HK  401   200   200   401   401   401   401   401   401     401     401      401       401   401
DELETE /api/v1/notifications/subscription            @HK  401   204   204   401   401   401   401   401   401     401     401      401       401   401
GET    /health/live                                  @GZ  200   200   200   200   200   200   200   200   200     200     200      200       200   200
GET    /health/ready                                 @GZ  200   200   200   200   200   200   200   200   200     200     200      200       200   200
GET    /metrics                                      @GZ  200   200   200   200   200   200   200   200   200     200     200      200       200   200
GET    /docs-json                                    @GZ  200   200   200   200   200   200   200   200   200     200     200      200       200   200
`;

const CALLERS = [
  'none',
  'shopA',
  'shopB',
  'offGZ',
  'supGZ',
  'offHK',
  'supHK',
  'offMO',
  'supMO',
  'expired',
  'algNone',
  'hsPubKey',
  'otherAuth',
  'rs256',
] as const;
type Caller = (typeof CALLERS)[number];

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
type Placeholder = 'fruit' | 'task' | 'awaiting' | 'cleared' | 'retail' | 'target' | 'unknown';

interface Row {
  label: string;
  method: Method;
  path: string;
  at: AuthorityCode;
  expected: Record<Caller, number>;
}

function parseMatrix(text: string): Row[] {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const [header, ...body] = lines;
  const columns = header!.split(/\s+/).slice(1);
  if (columns.join(' ') !== CALLERS.join(' ')) throw new Error(`matrix columns are ${columns.join(' ')}`);
  return body.map((line) => {
    const [method, path, at, ...statuses] = line.split(/\s+/);
    if (
      !/^(GET|POST|PUT|DELETE)$/.test(method!) ||
      !/^@(GZ|HK|MO)$/.test(at!) ||
      statuses.length !== CALLERS.length
    )
      throw new Error(`malformed matrix row: ${line}`);
    const expected = Object.fromEntries(CALLERS.map((c, i) => [c, Number(statuses[i])])) as Record<
      Caller,
      number
    >;
    return {
      label: `${method} ${path} ${at}`,
      method: method as Method,
      path: path!,
      at: at!.slice(1) as AuthorityCode,
      expected,
    };
  });
}

const ROWS = parseMatrix(MATRIX);
/** A webhook target production mode accepts without DNS (a public address literal). */
const WEBHOOK = { url: 'https://93.184.215.14/gba-webhooks', events: ['CLEARED'] };
const QUOTA_BUYER = sampleResidentId(4711);
const isSuccess = (status: number) => status >= 200 && status < 300;
const placeholdersOf = (path: string) => [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as Placeholder);

/** How many cells expecting success need a fixture of their own, per placeholder. */
function freshNeeded(placeholder: Placeholder): number {
  return ROWS.filter((r) => placeholdersOf(r.path).includes(placeholder)).reduce(
    (n, r) => n + CALLERS.filter((c) => isSuccess(r.expected[c])).length,
    0,
  );
}

describe('authorisation matrix', () => {
  let idp: IdentityProvider;
  let stack: AuthorityStack;

  /** Fixtures: one shared instance for cells that must not get through, pools for those that do. */
  const shared = {} as { fruit: string; task: InspectionTask; cleared: string; retail: string };
  const pools = {
    task: [] as InspectionTask[],
    awaiting: [] as string[],
    cleared: [] as string[],
    retail: [] as string[],
  };

  const supervisorGZ = () => hs256Token('GZ', ['officer', 'supervisor']);

  async function freshFruitTask(): Promise<InspectionTask> {
    const filed = await file(
      stack.url('HK'),
      retailDeclaration({ origin: 'HK', destination: 'CN' }, '080510', false),
    );
    if (filed.status !== 201) throw new Error(`fixture filing failed: ${JSON.stringify(filed.body)}`);
    return waitForTask(stack.url('GZ'), await supervisorGZ(), filed.body.id, 'physical');
  }

  async function clearedDeclaration(at: AuthorityCode): Promise<string> {
    const filed = await file(stack.url(at), retailDeclaration());
    if (filed.status !== 201) throw new Error(`fixture filing failed: ${JSON.stringify(filed.body)}`);
    await waitForDeclaration(stack.url('GZ'), filed.body.id, (d) => d.status === 'CLEARED');
    await waitForDeclaration(stack.url('HK'), filed.body.id, (d) => d.status === 'CLEARED');
    return filed.body.id;
  }

  async function freshTarget(): Promise<string> {
    const res = await send(`${stack.url('GZ')}/api/v1/risk/targets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await supervisorGZ()}` },
      body: JSON.stringify(riskTargetBody()),
    });
    if (res.status !== 201) throw new Error(`fixture risk target failed: ${res.status} ${res.text}`);
    return (JSON.parse(res.text) as { id: string }).id;
  }

  beforeAll(async () => {
    idp = await startIdentityProvider();
    stack = await AuthorityStack.start({ RANDOM_SELECTION: 'off', OFFICER_JWKS_URL: idp.jwksUrl });
    const times = (n: number) => Array.from({ length: n });
    const [task, tasks, awaiting, cleared, retail] = await Promise.all([
      freshFruitTask(),
      Promise.all(times(freshNeeded('task')).map(() => freshFruitTask())),
      Promise.all(times(freshNeeded('awaiting')).map(async () => (await freshFruitTask()).declarationId)),
      Promise.all(times(freshNeeded('cleared') + 1).map(() => clearedDeclaration('HK'))),
      Promise.all(times(freshNeeded('retail') + 1).map(() => clearedDeclaration('GZ'))),
    ]);
    Object.assign(shared, { fruit: task.declarationId, task, cleared: cleared.pop(), retail: retail.pop() });
    Object.assign(pools, { task: tasks, awaiting, cleared, retail });
    const quotaFixture = await file(
      stack.url('GZ'),
      sampleDeclaration(undefined, { buyerIdNumber: QUOTA_BUYER }),
    );
    if (quotaFixture.status !== 201)
      throw new Error(`quota fixture failed: ${JSON.stringify(quotaFixture.body)}`);
    await waitForDeclaration(stack.url('GZ'), quotaFixture.body.id, (d) => d.status === 'CLEARED');
  }, 120000);

  afterAll(async () => {
    await stack?.stop();
    await idp?.close();
  });

  /** The headers a caller sends to a service of `at`. */
  async function credentials(caller: Caller, at: AuthorityCode): Promise<Record<string, string>> {
    const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
    const other: AuthorityCode = at === 'GZ' ? 'MO' : 'GZ';
    switch (caller) {
      case 'none':
        return {};
      case 'shopA':
        return { 'x-api-key': PLATFORM_KEYS['shop-a'] };
      case 'shopB':
        return { 'x-api-key': PLATFORM_KEYS['shop-b'] };
      case 'offGZ':
      case 'offHK':
      case 'offMO':
        return bearer(await hs256Token(caller.slice(3) as AuthorityCode, ['officer']));
      case 'supGZ':
      case 'supHK':
      case 'supMO':
        return bearer(await hs256Token(caller.slice(3) as AuthorityCode, ['officer', 'supervisor']));
      case 'expired':
        return bearer(await hs256Token(at, ['officer', 'supervisor'], { expiresIn: '-1h' }));
      case 'algNone':
        return bearer(algNoneToken(at, ['officer', 'supervisor']));
      case 'hsPubKey':
        return bearer(await publicKeyAsHmacToken(idp, at, ['officer', 'supervisor']));
      case 'otherAuth':
        return bearer(await rs256Token(idp, other, ['officer', 'supervisor']));
      case 'rs256':
        return bearer(await rs256Token(idp, at, ['officer', 'supervisor']));
    }
  }

  async function subscribe(key: string): Promise<void> {
    const res = await send(`${stack.url('HK')}/api/v1/notifications/subscription`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      body: JSON.stringify(WEBHOOK),
    });
    if (res.status !== 200) throw new Error(`fixture subscription failed: ${res.status} ${res.text}`);
  }

  function take<T>(pool: T[], what: string): T {
    const item = pool.shift();
    if (item === undefined) throw new Error(`fixture pool of ${what} is exhausted`);
    return item;
  }

  /** The concrete request of a cell; `fresh` when the cell expects success. */
  async function requestOf(
    row: Row,
    fresh: boolean,
  ): Promise<{ path: string; body?: unknown; headers: Record<string, string> }> {
    let task = shared.task;
    const values: Record<Placeholder, () => Promise<string> | string> = {
      fruit: () => shared.fruit,
      task: () => {
        task = fresh ? take(pools.task, 'tasks') : shared.task;
        return task.id;
      },
      awaiting: () => (fresh ? take(pools.awaiting, 'awaiting declarations') : shared.fruit),
      cleared: () => (fresh ? take(pools.cleared, 'cleared declarations') : shared.cleared),
      retail: () => (fresh ? take(pools.retail, 'retail imports') : shared.retail),
      target: () => freshTarget(),
      unknown: () => randomUUID(),
    };
    let path = row.path;
    for (const p of placeholdersOf(row.path)) path = path.replace(`{${p}}`, await values[p]());

    const route = row.path.replace(/\{\w+\}/g, '{}');
    const json = (body: unknown, headers: Record<string, string> = {}) => ({
      path,
      body,
      headers: { 'content-type': 'application/json', ...headers },
    });
    switch (`${row.method} ${route}`) {
      case 'POST /api/v1/declarations':
        return json(retailDeclaration(), { 'idempotency-key': randomUUID() });
      case 'POST /api/v1/declarations/batch':
        return json([{ idempotencyKey: randomUUID(), declaration: retailDeclaration() }]);
      case 'GET /api/v1/cbec/quota':
        return { path: `${path}?buyerIdNumber=${QUOTA_BUYER}`, headers: {} };
      case 'POST /api/v1/cbec/quota':
        return json({ buyerIdNumber: QUOTA_BUYER });
      case 'POST /api/v1/declarations/{}/returns':
        return json({ returnedAt: new Date().toISOString(), reason: 'wrong size' });
      case 'POST /api/v1/inspections/{}/result':
        return json(conformingResult(task.checks));
      case 'POST /api/v1/declarations/{}/decision':
        return json({ decision: 'hold', reason: 'e2e security matrix' });
      case 'POST /api/v1/declarations/{}/cancellation':
        return json({ reason: 'e2e security matrix' }, { 'idempotency-key': randomUUID() });
      case 'POST /api/v1/declarations/{}/amendments':
        return json(retailDeclaration(), { 'idempotency-key': randomUUID() });
      case 'POST /api/v1/declarations/{}/elock/applied':
        return json(eLockObservation('HKHKG'));
      case 'POST /api/v1/declarations/{}/elock/verified':
        return json(eLockObservation('CNSZX'));
      case 'POST /api/v1/declarations/{}/documents': {
        // multipart: fetch writes the content type with its boundary.
        const form = new FormData();
        form.append('file', new Blob([`%PDF-1.4\n% ${randomUUID()}\n%%EOF\n`]), 'matrix.pdf');
        return { path, body: form, headers: {} };
      }
      case 'POST /api/v1/risk/targets':
        return json(riskTargetBody());
      case 'POST /api/v1/notifications/acknowledge':
        return json({ ids: [randomUUID()] });
      case 'PUT /api/v1/notifications/subscription':
        return json(WEBHOOK);
      case 'GET /api/v1/notifications/subscription':
      case 'DELETE /api/v1/notifications/subscription':
        // A cell that must succeed finds a subscription of its own platform (either may call).
        if (fresh) for (const key of Object.values(PLATFORM_KEYS)) await subscribe(key);
        return { path, headers: {} };
      default:
        if (row.method === 'POST') throw new Error(`no request body defined for ${row.label}`);
        return { path, headers: {} };
    }
  }

  it('answers every endpoint × caller with exactly the status of the table, errors as problem+json', async () => {
    const differences: string[] = [];
    let cells = 0;
    for (const row of ROWS) {
      for (const caller of CALLERS) {
        const expected = row.expected[caller];
        const request = await requestOf(row, isSuccess(expected));
        let answer: Answer;
        try {
          answer = await send(`${stack.url(row.at)}${request.path}`, {
            method: row.method,
            headers: { ...request.headers, ...(await credentials(caller, row.at)) },
            body:
              request.body === undefined || request.body instanceof FormData
                ? request.body
                : JSON.stringify(request.body),
          });
        } catch (err) {
          differences.push(`${row.label} × ${caller}: expected ${expected}, request failed: ${String(err)}`);
          continue;
        }
        cells++;
        if (answer.status !== expected) {
          differences.push(
            `${row.label} × ${caller}: expected ${expected}, got ${answer.status} ${answer.text.slice(0, 200)}`,
          );
        }
        if (answer.status >= 400 && answer.status < 500) {
          for (const v of problemViolations(answer))
            differences.push(`${row.label} × ${caller}: ${answer.status} ${v}`);
        }
      }
    }
    console.log(
      `authorisation matrix: ${ROWS.length} endpoints × ${CALLERS.length} callers = ${cells} cells sent`,
    );
    if (differences.length > 0) console.log(`differing cells:\n${differences.join('\n')}`);
    expect(differences).toEqual([]);
  }, 180000);
});
