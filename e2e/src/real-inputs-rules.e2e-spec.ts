import { signOfficerToken } from '@gba/auth';
import { currentStandard } from '@gba/standards';
import { AuthorityStack, OFFICER_JWT_SECRET } from './support/authority-stack';
import { file, participant, retailDeclaration, waitForDeclaration } from './support/declarations';

type Authority = 'GZ' | 'HK' | 'MO';

interface Task {
  id: string;
  declarationId: string;
  kind: 'document' | 'physical';
  checks: string[];
}

interface Answer {
  id?: string;
  items?: Task[];
  errors?: { pointer: string; code: string; detail: string }[];
  result?: Record<string, unknown>;
}

/** Each (rule id, detail) of a participant's reasons appears once. */
const eachOnce = (reasons: readonly { ruleId: string; detail: string }[]) =>
  new Set(reasons.map((r) => `${r.ruleId}\u0000${r.detail}`)).size === reasons.length;

/**
 * Real inputs of issue 11, kinds 7, 10 and 11, on the real services:
 * - dates that do not exist (30 February) and times without an offset → 422 with the pointer;
 * - an officer's result for a document task naming a physical method, a future time and a standard
 *   version → 422 FIELD_SERVER_OWNED / METHOD_NOT_OF_TASK / INSPECTED_AT_IN_FUTURE; without them
 *   the server's values are stored and sent;
 * - GZ's participant of a 9610 import whose payer is not the buyer lists each reason once.
 */
describe('real inputs: dates, fields the server owns, reasons (issue 11: 7, 10, 11)', () => {
  let stack: AuthorityStack;

  beforeAll(async () => {
    stack = await AuthorityStack.start({ RANDOM_SELECTION: 'off' });
  });

  afterAll(() => stack?.stop());

  const token = (authority: Authority, roles: ('officer' | 'supervisor')[] = ['officer']) =>
    signOfficerToken({ secret: OFFICER_JWT_SECRET, sub: `${authority}-officer-7`, authority, roles });

  async function call(authority: Authority, method: string, path: string, body?: unknown, bearer?: string) {
    const res = await fetch(`${stack.url(authority)}/api/v1${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${bearer ?? (await token(authority))}`,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return {
      status: res.status,
      contentType: res.headers.get('content-type') ?? '',
      body: (text ? JSON.parse(text) : {}) as Answer,
    };
  }

  /** The 422 problem's (pointer, code) pairs, failing on any other answer. */
  async function refused(answer: ReturnType<typeof call>) {
    const res = await answer;
    expect(res.status).toBe(422);
    expect(res.contentType).toMatch(/^application\/problem\+json/);
    return (res.body.errors ?? []).map((e) => [e.pointer, e.code]);
  }

  const supervisor = (authority: Authority) => token(authority, ['officer', 'supervisor']);
  const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();
  const targetBody = (expiresAt: unknown, partyId = '87654321') => ({
    match: { partyId },
    lane: 'YELLOW',
    reason: 'issue 11 kind 7',
    expiresAt,
  });

  async function waitForTask(authority: Authority, declarationId: string, kind: Task['kind']) {
    const deadline = Date.now() + 30000;
    while (Date.now() < deadline) {
      const res = await call(authority, 'GET', '/inspections?status=pending&limit=200');
      const task = (res.body.items ?? []).find((t) => t.declarationId === declarationId && t.kind === kind);
      if (task) return task;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`no ${kind} task at ${authority} for ${declarationId}`);
  }

  describe('kind 7: dates that do not exist', () => {
    it.each([
      ['30 February', '2027-02-30T00:00:00Z', /does not exist/],
      ['month 13', '2027-13-01T00:00:00Z', /does not exist/],
      ['hour 24', '2027-01-15T24:00:00Z', /does not exist/],
      ['no offset (would be read in the server zone)', '2027-01-15T08:00:00', /offset/],
      ['a leap second', '2027-06-30T23:59:60Z', /leap second/],
      ['an offset without a colon', '2027-01-15T08:00:00+0800', /RFC 3339/],
      ['a number', 1_800_000_000_000, /RFC 3339/],
    ])('refuses a risk target expiring at %s with 422 at /expiresAt', async (_what, expiresAt, why) => {
      const res = await call('GZ', 'POST', '/risk/targets', targetBody(expiresAt), await supervisor('GZ'));
      expect(await refused(Promise.resolve(res))).toEqual([['/expiresAt', 'TIME_INVALID']]);
      expect(res.body.errors?.[0]?.detail).toMatch(why);
    });

    it('stores a target expiring at a time with an offset as that instant, and none of the refused', async () => {
      const res = await call(
        'GZ',
        'POST',
        '/risk/targets',
        targetBody('2099-01-15T08:00:00+08:00', '87654322'),
        await supervisor('GZ'),
      );
      expect(res.status).toBe(201);
      const list = await call('GZ', 'GET', '/risk/targets');
      const mine = (
        list.body.items as unknown as { match: { partyId?: string }; expiresAt: string }[]
      ).filter((t) => t.match.partyId === '87654321' || t.match.partyId === '87654322');
      expect(mine).toHaveLength(1);
      expect(new Date(mine[0]!.expiresAt).toISOString()).toBe('2099-01-15T00:00:00.000Z');
    });

    it('refuses fields a supervisor does not set on a risk target, and unknown ones, with their pointers', async () => {
      const body = { ...targetBody(inAnHour()), setBy: 'someone-else', match: { partyID: '87654321' } };
      expect(await refused(call('GZ', 'POST', '/risk/targets', body, await supervisor('GZ')))).toEqual(
        expect.arrayContaining([
          ['/match/partyID', 'FIELD_UNKNOWN'],
          ['/setBy', 'FIELD_SERVER_OWNED'],
        ]),
      );
    });
  });

  describe('kind 10: fields the server owns', () => {
    let task: Task;
    let declarationId: string;

    beforeAll(async () => {
      // A YELLOW target at GZ on this consignor gives GZ a document task.
      const target = await call(
        'GZ',
        'POST',
        '/risk/targets',
        { match: { partyId: '55667788' }, lane: 'YELLOW', reason: 'document check', expiresAt: inAnHour() },
        await supervisor('GZ'),
      );
      expect(target.status).toBe(201);
      const d = retailDeclaration({ origin: 'HK', destination: 'CN' });
      d.consignor.businessRegistrationNumber = '55667788';
      const filed = await file(stack.url('GZ'), d);
      expect(filed.status).toBe(201);
      declarationId = filed.body.id;
      task = await waitForTask('GZ', declarationId, 'document');
    });

    const seen = () => ({
      location: 'CNHUA',
      checks: task.checks.map((check) => ({ check, outcome: 'pass' })),
      containerNumbers: ['CSQU3054383'],
      findings: [],
    });

    it('refuses a document-task result with method physical, a future inspectedAt and a standardVersion', async () => {
      const pairs = await refused(
        call('GZ', 'POST', `/inspections/${task.id}/result`, {
          ...seen(),
          method: 'physical',
          inspectedAt: '2031-01-01T00:00:00Z',
          standardVersion: '2024.1',
        }),
      );
      expect(pairs).toEqual(
        expect.arrayContaining([
          ['/standardVersion', 'FIELD_SERVER_OWNED'],
          ['/method', 'METHOD_NOT_OF_TASK'],
          ['/inspectedAt', 'INSPECTED_AT_IN_FUTURE'],
        ]),
      );
      expect(pairs).toHaveLength(3);
    });

    it.each([
      ['declarationId', { declarationId: '00000000-0000-4000-8000-000000000000' }, 'FIELD_SERVER_OWNED'],
      ['officerId', { officerId: 'HK-officer-1' }, 'FIELD_SERVER_OWNED'],
      ['inspectingAuthority', { inspectingAuthority: 'HK' }, 'FIELD_SERVER_OWNED'],
      ['status', { status: 'done' }, 'FIELD_UNKNOWN'],
      ['inspectedAt', { inspectedAt: '2026-02-30T08:00:00Z' }, 'DATE_TIME_INVALID'],
      ['inspectedAt', { inspectedAt: '2026-03-01T08:00:00' }, 'DATE_TIME_INVALID'],
    ])('refuses %s in %p with %s', async (field, extra, code) => {
      expect(
        await refused(call('GZ', 'POST', `/inspections/${task.id}/result`, { ...seen(), ...extra })),
      ).toEqual([[`/${field}`, code]]);
    });

    it("stores and sends the server's values: the task's method, the standard in force, an earlier time", async () => {
      const inspectedAt = new Date(Date.now() - 60_000).toISOString();
      const res = await call('GZ', 'POST', `/inspections/${task.id}/result`, { ...seen(), inspectedAt });
      expect(res.status).toBe(201);
      expect(res.body.result).toMatchObject({
        declarationId,
        inspectingAuthority: 'GZ',
        officerId: 'GZ-officer-7',
        method: 'document',
        inspectedAt,
        standardVersion: currentStandard().version,
      });
      // GZ releases on its document check; HK hears it. GZ's reasons are each listed once.
      const done = await waitForDeclaration(stack.url('HK'), declarationId, (d) =>
        d.participants.some((p) => p.authority === 'GZ' && p.status === 'RELEASED'),
      );
      const gz = participant(done, 'GZ');
      expect(gz.reasons.filter((r) => r.ruleId === 'RISK_TARGET')).toHaveLength(1);
      expect(eachOnce(gz.reasons)).toBe(true);
    });
  });

  describe('kind 11: reasons twice', () => {
    it("lists CBEC_PAYER_NOT_BUYER once at GZ's participant of a 9610 import whose payer is not the buyer", async () => {
      const d = retailDeclaration({ origin: 'HK', destination: 'CN' });
      d.ecommerce!.payment.payerName = '李四';
      const filed = await file(stack.url('HK'), d);
      expect(filed.status).toBe(201);
      for (const at of ['GZ', 'HK'] as const) {
        const done = await waitForDeclaration(stack.url(at), filed.body.id, (x) =>
          x.participants.some((p) => p.authority === 'GZ' && p.status === 'REJECTED'),
        );
        const gz = participant(done, 'GZ');
        expect(gz.reasons.filter((r) => r.ruleId === 'CBEC_PAYER_NOT_BUYER')).toHaveLength(1);
        expect(eachOnce(gz.reasons)).toBe(true);
        // The history still shows the rule at both stages: the assessment and the decision.
        const stages = done.history.filter(
          (h) =>
            h.authority === 'GZ' &&
            JSON.stringify((h.detail as { reasons?: unknown }).reasons ?? []).includes(
              'CBEC_PAYER_NOT_BUYER',
            ),
        );
        // (Both may carry the same millisecond: the history orders them by event id then.)
        expect(stages.map((h) => h.type).sort()).toEqual(['ASSESSMENT_COMPLETED', 'CLEARANCE_DECIDED']);
      }
    });
  });
});
