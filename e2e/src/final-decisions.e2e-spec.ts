import { randomUUID } from 'node:crypto';
import { signOfficerToken } from '@gba/auth';
import type { DeclarationResource } from '@gba/clearance';
import { sampleDeclaration, sampleResidentId } from '@gba/testing';
import { AuthorityStack, OFFICER_JWT_SECRET, PLATFORM_KEYS } from './support/authority-stack';
import { file, finalAt, participant, waitForDeclaration } from './support/declarations';

type Authority = 'GZ' | 'HK';

interface Task {
  id: string;
  declarationId: string;
  kind: 'document' | 'physical';
  checks: string[];
}

interface Answer {
  status?: number;
  type?: string;
  detail?: string;
  items?: Task[];
  errors?: { pointer: string; code: string; detail: string }[];
}

/**
 * A final decision is final (released, rejected, cancelled), and an inspection result answers the
 * checks of its task: HK and GZ with real Kafka and PostgreSQL.
 */
describe('final decisions and complete inspection results', () => {
  let stack: AuthorityStack;

  beforeAll(async () => {
    stack = await AuthorityStack.start({ RANDOM_SELECTION: 'off' });
  });

  afterAll(() => stack?.stop());

  const supervisor = (authority: Authority) =>
    signOfficerToken({
      secret: OFFICER_JWT_SECRET,
      sub: `${authority}-supervisor`,
      authority,
      roles: ['officer', 'supervisor'],
    });

  async function call(authority: Authority, method: string, path: string, body?: unknown) {
    const res = await fetch(`${stack.url(authority)}/api/v1${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await supervisor(authority)}`,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as Answer };
  }

  /** A RED target on the consignor at each authority given: the goods wait for an inspection there. */
  async function redTarget(partyId: string, authorities: Authority[]) {
    for (const authority of authorities) {
      const res = await call(authority, 'POST', '/risk/targets', {
        match: { partyId },
        lane: 'RED',
        reason: 'e2e final decisions: force an inspection',
        expiresAt: new Date(Date.now() + 3600_000).toISOString(),
      });
      expect(res.status).toBe(201);
    }
  }

  /** A HK→CN retail import of a consignor of its own (so only this test's targets hit it). */
  function declarationOf(partyId: string, buyer = sampleResidentId(5000 + Math.floor(Math.random() * 4000))) {
    const declaration = sampleDeclaration(
      { origin: 'HK', destination: 'CN' },
      { buyerIdNumber: buyer, platformRef: `SHOP-${randomUUID().slice(0, 8)}` },
    );
    declaration.consignor = {
      name: 'Kowloon Finals Ltd',
      country: 'HK',
      businessRegistrationNumber: partyId,
    };
    return declaration;
  }

  const newPartyId = () => String(10_000_000 + Math.floor(Math.random() * 89_999_999));

  async function waitForTask(authority: Authority, declarationId: string): Promise<Task> {
    const deadline = Date.now() + 30000;
    while (Date.now() < deadline) {
      const res = await call(authority, 'GET', '/inspections?status=pending&limit=200');
      expect(res.status).toBe(200);
      const task = (res.body.items ?? []).find((t) => t.declarationId === declarationId);
      if (task) return task;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`no pending task at ${authority} for ${declarationId}`);
  }

  async function quotaUsed(buyerIdNumber: string): Promise<number> {
    const res = await fetch(`${stack.url('GZ')}/api/v1/cbec/quota`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': PLATFORM_KEYS['shop-a'] },
      body: JSON.stringify({ buyerIdNumber }),
    });
    expect(res.status).toBe(200);
    return Number(((await res.json()) as { used: string }).used);
  }

  const decisions = (d: DeclarationResource, authority: Authority) =>
    d.history.filter((h) => h.type === 'CLEARANCE_DECIDED' && h.authority === authority);

  const decide = (authority: Authority, id: string, decision: 'release' | 'hold' | 'reject') =>
    call(authority, 'POST', `/declarations/${id}/decision`, { decision, reason: 'e2e supervisor decision' });

  const result = (checks: string[], extra: Record<string, unknown> = {}) => ({
    location: 'HKHKG',
    method: 'physical',
    checks: checks.map((check) => ({ check, outcome: 'pass' })),
    containerNumbers: ['CSQU3054383'],
    sealNumber: 'S99881',
    eLockId: 'EL000123',
    sealIntact: true,
    findings: [],
    ...extra,
  });

  it('refuses a release, an inspection result and an e-lock on a cancelled declaration (409 already-cancelled)', async () => {
    const partyId = newPartyId();
    await redTarget(partyId, ['HK', 'GZ']);
    const buyer = sampleResidentId(5000 + Math.floor(Math.random() * 4000));
    const filed = await file(stack.url('HK'), declarationOf(partyId, buyer));
    expect(filed.status).toBe(201);
    const id = filed.body.id;
    await waitForDeclaration(
      stack.url('GZ'),
      id,
      finalAt({ HK: 'AWAITING_INSPECTION', GZ: 'AWAITING_INSPECTION' }),
    );
    const task = await waitForTask('HK', id);
    expect(await quotaUsed(buyer)).toBeGreaterThan(0);

    const cancelled = await fetch(`${stack.url('HK')}/api/v1/declarations/${id}/cancellation`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-api-key': PLATFORM_KEYS['shop-a'],
        'idempotency-key': randomUUID(),
      },
      body: JSON.stringify({ reason: 'order withdrawn by the buyer' }),
    });
    expect(cancelled.status).toBe(201);
    await waitForDeclaration(stack.url('GZ'), id, (d) => d.status === 'CANCELLED');
    expect(await quotaUsed(buyer)).toBeCloseTo(0, 2);

    const release = await decide('GZ', id, 'release');
    expect(release.status).toBe(409);
    expect(release.body.type).toContain('already-cancelled');
    const inspected = await call('HK', 'POST', `/inspections/${task.id}/result`, result(task.checks));
    expect(inspected.status).toBe(409);
    expect(inspected.body.type).toContain('already-cancelled');
    const eLock = await call('GZ', 'POST', `/declarations/${id}/elock/verified`, {
      lockId: 'EL000123',
      sealNumber: 'S99881',
      intact: false,
      location: 'CNSZX',
    });
    expect(eLock.status).toBe(409);
    expect(eLock.body.type).toContain('already-cancelled');
    const applied = await call('HK', 'POST', `/declarations/${id}/elock/applied`, {
      lockId: 'EL000123',
      sealNumber: 'S99881',
      intact: true,
      location: 'HKHKG',
    });
    expect(applied.status).toBe(409);
    expect(applied.body.type).toContain('already-cancelled');

    expect((await decide('HK', id, 'hold')).status).toBe(409);
    // The refusals recorded and published nothing: both still show the cancellation only.
    for (const authority of ['HK', 'GZ'] as const) {
      const seen = await waitForDeclaration(stack.url(authority), id, (d) => d.status === 'CANCELLED');
      expect(seen.participants.map((p) => [p.authority, p.status]).sort()).toEqual([
        ['GZ', 'CANCELLED'],
        ['HK', 'CANCELLED'],
      ]);
      expect(decisions(seen, 'GZ')).toEqual([]);
    }
    expect(await quotaUsed(buyer)).toBeCloseTo(0, 2);
  });

  it('refuses a second decision on a released participant (409 already-released: a return is the way)', async () => {
    const partyId = newPartyId();
    await redTarget(partyId, ['GZ']);
    const filed = await file(stack.url('HK'), declarationOf(partyId));
    expect(filed.status).toBe(201);
    const id = filed.body.id;
    await waitForDeclaration(stack.url('GZ'), id, finalAt({ HK: 'RELEASED', GZ: 'AWAITING_INSPECTION' }));

    expect((await decide('GZ', id, 'release')).status).toBe(201);
    const cleared = await waitForDeclaration(stack.url('HK'), id, (d) => d.status === 'CLEARED');
    expect(decisions(cleared, 'GZ')).toHaveLength(1);

    for (const decision of ['release', 'hold', 'reject'] as const) {
      const again = await decide('GZ', id, decision);
      expect(again.status).toBe(409);
      expect(again.body.type).toContain('already-released');
      expect(again.body.detail).toContain('return');
    }
    const eLock = await call('GZ', 'POST', `/declarations/${id}/elock/verified`, {
      lockId: 'EL000123',
      sealNumber: 'S99881',
      intact: false,
      location: 'CNSZX',
    });
    expect(eLock.status).toBe(409);
    expect(eLock.body.type).toContain('already-released');
    // The export side applies its lock as the goods leave, after its own release: that stands.
    const applied = await call('HK', 'POST', `/declarations/${id}/elock/applied`, {
      lockId: 'EL000123',
      sealNumber: 'S99881',
      intact: true,
      location: 'HKHKG',
    });
    expect(applied.status).toBe(201);

    for (const authority of ['GZ', 'HK'] as const) {
      const seen = await waitForDeclaration(stack.url(authority), id, (d) => d.status === 'CLEARED');
      expect(participant(seen, 'GZ').status).toBe('RELEASED');
      expect(decisions(seen, 'GZ')).toHaveLength(1);
    }
  });

  it('refuses an inspection result that leaves out, adds or repeats checks, or repeats a container (422 with pointers)', async () => {
    const partyId = newPartyId();
    await redTarget(partyId, ['HK']);
    const filed = await file(stack.url('HK'), declarationOf(partyId));
    expect(filed.status).toBe(201);
    const id = filed.body.id;
    const task = await waitForTask('HK', id);
    expect(task.checks.length).toBeGreaterThan(1);
    const [first, ...rest] = task.checks;
    const path = `/inspections/${task.id}/result`;

    const partial = await call('HK', 'POST', path, result([first]));
    expect(partial.status).toBe(422);
    expect(partial.body.errors?.map((e) => [e.pointer, e.code])).toEqual([['/checks', 'CHECK_MISSING']]);
    for (const missing of rest) expect(partial.body.errors?.[0].detail).toContain(missing);

    const other = [
      'documents',
      'identity',
      'seal',
      'quantity',
      'description',
      'valuation',
      'quarantine',
    ].find((c) => !task.checks.includes(c)) as string;
    const extra = await call('HK', 'POST', path, result([...task.checks, other]));
    expect(extra.status).toBe(422);
    expect(extra.body.errors?.map((e) => [e.pointer, e.code])).toEqual([
      [`/checks/${task.checks.length}/check`, 'CHECK_NOT_OF_TASK'],
    ]);

    const twice = await call('HK', 'POST', path, result([...task.checks, first]));
    expect(twice.status).toBe(422);
    expect(twice.body.errors?.map((e) => [e.pointer, e.code])).toEqual([
      [`/checks/${task.checks.length}/check`, 'CHECK_DUPLICATE'],
    ]);

    const containers = await call(
      'HK',
      'POST',
      path,
      result(task.checks, { containerNumbers: ['CSQU3054383', 'CSQU3054383'] }),
    );
    expect(containers.status).toBe(422);
    expect(containers.body.errors?.map((e) => [e.pointer, e.code])).toEqual([
      ['/containerNumbers/1', 'CONTAINER_NUMBER_DUPLICATE'],
    ]);

    // Nothing was recorded: the task is still pending, and the complete result decides HK.
    expect((await waitForTask('HK', id)).id).toBe(task.id);
    expect((await call('HK', 'POST', path, result(task.checks))).status).toBe(201);
    const cleared = await waitForDeclaration(stack.url('GZ'), id, (d) => d.status === 'CLEARED');
    expect(participant(cleared, 'HK').status).toBe('RELEASED');
  });
});
