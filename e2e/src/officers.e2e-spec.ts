import { signOfficerToken } from '@gba/auth';
import { AuthorityStack, OFFICER_JWT_SECRET } from './support/authority-stack';
import { participant, file, finalAt, retailDeclaration, waitForDeclaration } from './support/declarations';

type Authority = 'GZ' | 'HK' | 'MO';

interface Task {
  id: string;
  declarationId: string;
  kind: 'document' | 'physical';
  checks: string[];
  reasons: { ruleId: string; detail: string }[];
}

/** The parts of the officer API's answers these tests read. */
interface Answer {
  id?: string;
  items?: Task[];
  errors?: { pointer: string }[];
}

/** Officers at work: one joint inspection, mutual recognition, reserved categories, e-locks. */
describe('officers across the three authorities', () => {
  let stack: AuthorityStack;

  beforeAll(async () => {
    stack = await AuthorityStack.start({ RANDOM_SELECTION: 'off' });
  });

  afterAll(() => stack?.stop());

  const token = (
    authority: Authority,
    roles: ('officer' | 'supervisor')[] = ['officer'],
    sub = `${authority}-officer-1`,
  ) => signOfficerToken({ secret: OFFICER_JWT_SECRET, sub, authority, roles });

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
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as Answer };
  }

  async function tasksFor(authority: Authority, declarationId: string) {
    const res = await call(authority, 'GET', '/inspections?limit=200');
    expect(res.status).toBe(200);
    return (res.body.items ?? []).filter((t) => t.declarationId === declarationId);
  }

  async function waitForTask(authority: Authority, declarationId: string, kind: 'physical' | 'document') {
    const deadline = Date.now() + 30000;
    while (Date.now() < deadline) {
      const task = (await tasksFor(authority, declarationId)).find((t) => t.kind === kind);
      if (task) return task;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`no ${kind} task at ${authority} for ${declarationId}`);
  }

  async function target(authority: Authority, match: Record<string, string>, lane: 'YELLOW' | 'RED' = 'RED') {
    const res = await call(
      authority,
      'POST',
      '/risk/targets',
      {
        match,
        lane,
        reason: 'intelligence report 42',
        expiresAt: new Date(Date.now() + 3600_000).toISOString(),
      },
      await token(authority, ['officer', 'supervisor'], `${authority}-supervisor`),
    );
    expect(res.status).toBe(201);
    return res.body.id;
  }

  const conforming = (checks: string[], findings: { code: string; detail: string }[] = []) => ({
    location: 'HKHKG',
    method: 'physical',
    // A finding is recorded against a failed check.
    checks: checks.map((check, i) => ({ check, outcome: findings.length > 0 && i === 0 ? 'fail' : 'pass' })),
    containerNumbers: ['CSQU3054383'],
    sealNumber: 'S99881',
    eLockId: 'EL000123',
    sealIntact: true,
    findings,
  });

  it('inspects once at the export side and the import side recognises the result', async () => {
    const consignor = { name: 'Kowloon Exports Ltd', country: 'HK', businessRegistrationNumber: '76543210' };
    const targetId = await target('GZ', { partyId: '76543210' });
    const filed = await file(stack.url('HK'), { ...retailDeclaration(), consignor });
    const id = filed.body.id;

    const task = await waitForTask('HK', id, 'physical');
    expect(task.checks.length).toBeGreaterThan(0);
    await waitForDeclaration(stack.url('GZ'), id, finalAt({ GZ: 'AWAITING_INSPECTION', HK: 'RELEASED' }));
    expect(await tasksFor('GZ', id)).toEqual([]);
    const gz = participant(await waitForDeclaration(stack.url('GZ'), id, () => true), 'GZ');
    expect(gz.reasons.map((r) => r.ruleId)).toContain('RISK_TARGET');
    expect(JSON.stringify(gz.reasons)).toContain(targetId);

    const recorded = await call('HK', 'POST', `/inspections/${task.id}/result`, conforming(task.checks));
    expect(recorded.status).toBe(201);
    const again = await call('HK', 'POST', `/inspections/${task.id}/result`, conforming(task.checks));
    expect(again.status).toBe(409);

    const cleared = await waitForDeclaration(stack.url('GZ'), id, (d) => d.status === 'CLEARED');
    const gzAfter = participant(cleared, 'GZ');
    expect(gzAfter.reasons.map((r) => r.ruleId)).toContain('MUTUAL_RECOGNITION');
    expect(await tasksFor('GZ', id)).toEqual([]);
  });

  it('lets GZ inspect fresh fruit itself (quarantine reserved) and gives HK no task', async () => {
    const filed = await file(
      stack.url('HK'),
      retailDeclaration({ origin: 'HK', destination: 'CN' }, '080510', false),
    );
    expect(filed.status).toBe(201);
    const id = filed.body.id;
    const task = await waitForTask('GZ', id, 'physical');
    expect(task.reasons.map((r) => r.ruleId)).toContain('QUARANTINE_RESERVED');
    await waitForDeclaration(stack.url('HK'), id, finalAt({ HK: 'RELEASED', GZ: 'AWAITING_INSPECTION' }));
    expect(await tasksFor('HK', id)).toEqual([]);
    const history = (
      await waitForDeclaration(stack.url('HK'), id, (d) =>
        d.history.some((h) => h.type === 'INSPECTION_REQUESTED'),
      )
    )['history'];
    expect(JSON.stringify(history)).toContain('QUARANTINE_RESERVED');

    const result = await call('GZ', 'POST', `/inspections/${task.id}/result`, {
      ...conforming(task.checks),
      location: 'CNHUA',
    });
    expect(result.status).toBe(201);
    await waitForDeclaration(stack.url('HK'), id, (d) => d.status === 'CLEARED');
  });

  it('holds or rejects at every participant when the joint inspection finds undeclared goods', async () => {
    const consignor = { name: 'Tsuen Wan Goods Ltd', country: 'HK', businessRegistrationNumber: '11223344' };
    await target('GZ', { partyId: '11223344' });
    await target('HK', { partyId: '11223344' });
    const id = (await file(stack.url('HK'), { ...retailDeclaration(), consignor })).body.id;
    const task = await waitForTask('HK', id, 'physical');
    const res = await call(
      'HK',
      'POST',
      `/inspections/${task.id}/result`,
      conforming(task.checks, [{ code: 'UNDECLARED_GOODS', detail: '40 handbags not on the declaration' }]),
    );
    expect(res.status).toBe(201);
    const decided = await waitForDeclaration(stack.url('GZ'), id, (d) =>
      d.participants.every((p) => p.status === 'HELD' || p.status === 'REJECTED'),
    );
    expect(['HELD', 'REJECTED']).toContain(decided.status);
    for (const p of decided.participants) expect(JSON.stringify(p.reasons)).toContain('UNDECLARED_GOODS');
  });

  /** A declaration HK releases and GZ keeps waiting for a document check (a YELLOW target at GZ). */
  async function awaitingAtGz() {
    const partyId = String(10_000_000 + Math.floor(Math.random() * 89_999_999));
    await target('GZ', { partyId }, 'YELLOW');
    const consignor = { name: 'Kowloon Arrivals Ltd', country: 'HK', businessRegistrationNumber: partyId };
    const id = (await file(stack.url('HK'), { ...retailDeclaration(), consignor })).body.id;
    await waitForDeclaration(stack.url('GZ'), id, finalAt({ HK: 'RELEASED', GZ: 'AWAITING_DOCUMENT_CHECK' }));
    return id;
  }

  it('sends a shipment whose e-lock arrives broken to RED and holds it at the import side', async () => {
    // The export side releases and applies the lock; the import side checks it on arrival, before
    // its own release (after a release a broken lock can no longer hold the goods: 409).
    const id = await awaitingAtGz();
    const applied = await call('HK', 'POST', `/declarations/${id}/elock/applied`, {
      lockId: 'EL000123',
      sealNumber: 'S99881',
      intact: true,
      location: 'HKHKG',
    });
    expect(applied.status).toBe(201);
    const wrongSide = await call('HK', 'POST', `/declarations/${id}/elock/verified`, {
      lockId: 'EL000123',
      sealNumber: 'S99881',
      intact: true,
      location: 'HKHKG',
    });
    expect(wrongSide.status).toBe(409);
    const verified = await call('GZ', 'POST', `/declarations/${id}/elock/verified`, {
      lockId: 'EL000123',
      sealNumber: 'S99881',
      intact: false,
      location: 'CNSZX',
    });
    expect(verified.status).toBe(201);
    const held = await waitForDeclaration(stack.url('HK'), id, finalAt({ GZ: 'HELD' }));
    const gz = participant(held, 'GZ');
    expect(gz.lane).toBe('RED');
    expect(gz.reasons.map((r) => r.ruleId)).toContain('ELOCK_BROKEN');
    expect(held.status).toBe('HELD');
  });

  it('lets only a supervisor decide, with a reason, and refuses tokens it must refuse', async () => {
    const id = await awaitingAtGz();
    const plain = await call('GZ', 'POST', `/declarations/${id}/decision`, {
      decision: 'hold',
      reason: 'recall',
    });
    expect(plain.status).toBe(403);
    const supervisor = await token('GZ', ['supervisor']);
    const noReason = await call(
      'GZ',
      'POST',
      `/declarations/${id}/decision`,
      { decision: 'hold' },
      supervisor,
    );
    expect(noReason.status).toBe(422);
    expect(noReason.body.errors?.map((e) => e.pointer)).toEqual(['/reason']);
    const held = await call(
      'GZ',
      'POST',
      `/declarations/${id}/decision`,
      { decision: 'hold', reason: 'product recall' },
      supervisor,
    );
    expect(held.status).toBe(201);
    await waitForDeclaration(stack.url('HK'), id, (d) => d.status === 'HELD');

    const hkToken = await token('HK');
    expect((await call('GZ', 'GET', '/inspections', undefined, hkToken)).status).toBe(403);
    const expired = await signOfficerToken({
      secret: OFFICER_JWT_SECRET,
      sub: 'x',
      authority: 'GZ',
      roles: ['officer'],
      expiresIn: -3600,
    });
    expect((await call('GZ', 'GET', '/inspections', undefined, expired)).status).toBe(401);
    const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(
      JSON.stringify({
        sub: 'x',
        authority: 'GZ',
        roles: ['supervisor'],
        exp: Math.floor(Date.now() / 1000) + 600,
      }),
    ).toString('base64url')}.`;
    expect((await call('GZ', 'GET', '/inspections', undefined, none)).status).toBe(401);
  });

  it('refuses a result for a task of another authority', async () => {
    const filed = await file(
      stack.url('HK'),
      retailDeclaration({ origin: 'HK', destination: 'CN' }, '080510', false),
    );
    const task = await waitForTask('GZ', filed.body.id, 'physical');
    const res = await call('HK', 'POST', `/inspections/${task.id}/result`, conforming(task.checks));
    expect(res.status).toBe(404);
  });
});
