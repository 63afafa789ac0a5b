import { randomUUID } from 'node:crypto';
import { signOfficerToken } from '@gba/auth';
import { sampleDeclaration, sampleResidentId } from '@gba/testing';
import { AuthorityStack, OFFICER_JWT_SECRET, PLATFORM_KEYS } from './support/authority-stack';
import { file, finalAt, retailDeclaration, waitForDeclaration } from './support/declarations';

type Authority = 'GZ' | 'HK';

/** Cancellation of a declaration after filing (issue 13), across HK and GZ with real Kafka. */
describe('cancelling a declaration', () => {
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

  async function officerCall(
    authority: Authority,
    method: string,
    path: string,
    body?: unknown,
    bearer?: string,
  ) {
    const res = await fetch(`${stack.url(authority)}/api/v1${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${bearer ?? (await supervisor(authority))}`,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
  }

  /** A YELLOW target on the consignor at both authorities: neither releases until a document check. */
  async function targetEverywhere(partyId: string) {
    for (const authority of ['HK', 'GZ'] as const) {
      const res = await officerCall(authority, 'POST', '/risk/targets', {
        match: { partyId },
        lane: 'YELLOW',
        reason: 'e2e cancellation: keep it in progress',
        expiresAt: new Date(Date.now() + 3600_000).toISOString(),
      });
      expect(res.status).toBe(201);
    }
  }

  const cancel = (authority: Authority, id: string, reason: string, key: string = randomUUID()) =>
    fetch(`${stack.url(authority)}/api/v1/declarations/${id}/cancellation`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-api-key': PLATFORM_KEYS['shop-a'],
        'idempotency-key': key,
      },
      body: JSON.stringify({ reason }),
    });

  async function quotaUsed(buyerIdNumber: string): Promise<string> {
    const res = await fetch(`${stack.url('GZ')}/api/v1/cbec/quota`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': PLATFORM_KEYS['shop-a'] },
      body: JSON.stringify({ buyerIdNumber }),
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { used: string }).used;
  }

  async function pendingTasks(authority: Authority, declarationId: string) {
    const res = await officerCall(authority, 'GET', '/inspections?status=pending&limit=200');
    expect(res.status).toBe(200);
    return ((res.body.items ?? []) as { declarationId: string }[]).filter(
      (t) => t.declarationId === declarationId,
    );
  }

  /** A YELLOW HK→CN retail import filed at HK, waiting for a document check at both. */
  async function yellowAtBoth(buyer: string, consignorName: string) {
    const partyId = String(10_000_000 + Math.floor(Math.random() * 89_999_999));
    await targetEverywhere(partyId);
    const declaration = sampleDeclaration(
      { origin: 'HK', destination: 'CN' },
      { buyerIdNumber: buyer, platformRef: `SHOP-${randomUUID().slice(0, 8)}` },
    );
    // Buyer, payer and consignee are one person in the sample: chosen through it, not patched after.
    declaration.consignor = { name: consignorName, country: 'HK', businessRegistrationNumber: partyId };
    const filed = await file(stack.url('HK'), declaration);
    expect(filed.status).toBe(201);
    const id = filed.body.id as string;
    expect(filed.body.version).toBe(1);
    await waitForDeclaration(
      stack.url('GZ'),
      id,
      finalAt({ HK: 'AWAITING_DOCUMENT_CHECK', GZ: 'AWAITING_DOCUMENT_CHECK' }),
    );
    return { id, declaration };
  }

  it('cancels an in-progress HK→CN retail import at HK: CANCELLED at HK and GZ, tasks closed, quota restored', async () => {
    const buyer = sampleResidentId(4000 + Math.floor(Math.random() * 5000));
    const { id } = await yellowAtBoth(buyer, 'Kowloon Cancels Ltd');
    const counted = Number(await quotaUsed(buyer));
    expect(counted).toBeGreaterThan(0);
    expect(await pendingTasks('GZ', id)).toHaveLength(1);

    const key = randomUUID();
    const res = await cancel('HK', id, 'order withdrawn by the buyer', key);
    expect(res.status).toBe(201);
    const body = (await res.json()) as {
      status: string;
      cancelledBy: string;
      participants: { status: string }[];
    };
    expect(body).toMatchObject({ status: 'CANCELLED', cancelledBy: 'platform:shop-a' });
    expect(body.participants.map((p) => p.status)).toEqual(['CANCELLED', 'CANCELLED']);

    for (const authority of ['HK', 'GZ'] as const) {
      const seen = await waitForDeclaration(stack.url(authority), id, (d) => d.status === 'CANCELLED');
      expect(seen.participants.map((p) => [p.authority, p.status]).sort()).toEqual([
        ['GZ', 'CANCELLED'],
        ['HK', 'CANCELLED'],
      ]);
      expect(JSON.stringify(seen)).toContain('DECLARATION_CANCELLED');
      expect(await pendingTasks(authority, id)).toEqual([]);
    }
    expect(Number(await quotaUsed(buyer))).toBeCloseTo(0, 2);

    // The same request again replays; the same key for another reason is refused; a new one is 409.
    const replay = await cancel('HK', id, 'order withdrawn by the buyer', key);
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect((await cancel('HK', id, 'another reason', key)).status).toBe(409);
    const twice = await cancel('GZ', id, 'again');
    expect(twice.status).toBe(409);
    expect(await twice.json()).toMatchObject({
      status: 409,
      type: expect.stringContaining('already-cancelled'),
    });
    expect(Number(await quotaUsed(buyer))).toBeCloseTo(0, 2);
  });

  it('refuses a cancellation once released (409 with the reason: a return is the way)', async () => {
    const filed = await file(stack.url('HK'), retailDeclaration());
    const id = filed.body.id;
    await waitForDeclaration(stack.url('HK'), id, (d) => d.status === 'CLEARED');
    const res = await cancel('HK', id, 'too late');
    expect(res.status).toBe(409);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await res.json()) as { type: string; detail: string };
    expect(problem.type).toContain('already-released');
    expect(problem.detail).toContain('return');
    const still = await waitForDeclaration(stack.url('GZ'), id, () => true);
    expect(still.status).toBe('CLEARED');
  });

  it("lets a supervisor cancel at GZ, not an officer; another platform's or an unknown declaration is 404; no reason is 422", async () => {
    const partyId = String(10_000_000 + Math.floor(Math.random() * 89_999_999));
    await targetEverywhere(partyId);
    const declaration = retailDeclaration();
    declaration.consignor = {
      name: 'Kowloon Cancels Ltd',
      country: 'HK',
      businessRegistrationNumber: partyId,
    };
    const id = (await file(stack.url('HK'), declaration)).body.id;
    await waitForDeclaration(stack.url('GZ'), id, finalAt({ GZ: 'AWAITING_DOCUMENT_CHECK' }));

    const noReason = await cancel('GZ', id, '');
    expect(noReason.status).toBe(422);
    expect(await noReason.json()).toMatchObject({ errors: [{ pointer: '/reason' }] });
    const otherPlatform = await fetch(`${stack.url('GZ')}/api/v1/declarations/${id}/cancellation`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-api-key': PLATFORM_KEYS['shop-b'],
        'idempotency-key': randomUUID(),
      },
      body: JSON.stringify({ reason: 'not mine' }),
    });
    expect(otherPlatform.status).toBe(404);
    expect((await cancel('GZ', randomUUID(), 'nothing')).status).toBe(404);

    const officer = await signOfficerToken({
      secret: OFFICER_JWT_SECRET,
      sub: 'GZ-officer-1',
      authority: 'GZ',
      roles: ['officer'],
    });
    expect(
      (await officerCall('GZ', 'POST', `/declarations/${id}/cancellation`, { reason: 'x' }, officer)).status,
    ).toBe(403);
    const bySupervisor = await officerCall('GZ', 'POST', `/declarations/${id}/cancellation`, {
      reason: 'consignee licence revoked',
    });
    expect(bySupervisor.status).toBe(201);
    expect(bySupervisor.body).toMatchObject({ status: 'CANCELLED', cancelledBy: 'officer:GZ-supervisor' });
    const atHk = await waitForDeclaration(stack.url('HK'), id, (d) => d.status === 'CANCELLED');
    expect(atHk.participants.every((p) => p.status === 'CANCELLED')).toBe(true);
  });

  /** Amendment of a declaration nobody has decided (issue 13), at the authority it was filed with. */
  describe('amending a declaration', () => {
    const amend = (authority: Authority, id: string, body: unknown, key: string = randomUUID()) =>
      fetch(`${stack.url(authority)}/api/v1/declarations/${id}/amendments`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-api-key': PLATFORM_KEYS['shop-a'],
          'idempotency-key': key,
        },
        body: JSON.stringify(body),
      });

    /** The declaration with its one line's quantity corrected, and the order's amounts with it. */
    function withQuantity(declaration: ReturnType<typeof sampleDeclaration>, quantity: number) {
      const unitValue = '100.00';
      const total = (quantity * 100).toFixed(2);
      const { ecommerce } = declaration;
      return {
        ...declaration,
        items: declaration.items.map((i) => ({ ...i, quantity, unitValue })),
        ...(ecommerce
          ? {
              ecommerce: {
                ...ecommerce,
                order: { ...ecommerce.order, amountPaid: total },
                payment: { ...ecommerce.payment, amount: total },
              },
            }
          : {}),
      };
    }

    const assessments = (d: { history: { type: string }[] }) =>
      d.history.filter((h) => h.type === 'ASSESSMENT_COMPLETED').length;

    /** The notifications shop-a was given at HK (where it files) for one declaration, oldest first. */
    async function notifiedAtHk(declarationId: string): Promise<{ type: string }[]> {
      const all: { type: string; declarationId: string }[] = [];
      let cursor: string | null = null;
      do {
        const query = new URLSearchParams({ limit: '100', ...(cursor ? { cursor } : {}) });
        const res = await fetch(`${stack.url('HK')}/api/v1/notifications?${query}`, {
          headers: { 'x-api-key': PLATFORM_KEYS['shop-a'] },
        });
        expect(res.status).toBe(200);
        const page = (await res.json()) as { items: typeof all; nextCursor: string | null };
        all.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      return all.filter((n) => n.declarationId === declarationId);
    }

    it("amends a YELLOW declaration's quantity at HK: both participants show version 2, re-assessed, one open task each, GZ's ledger counts only the amended value", async () => {
      const buyer = sampleResidentId(4000 + Math.floor(Math.random() * 5000));
      const { id, declaration } = await yellowAtBoth(buyer, 'Kowloon Amends Ltd');
      expect(await quotaUsed(buyer)).toBe('300.00');
      const [oldGzTask] = await pendingTasks('GZ', id);

      const corrected = withQuantity(declaration, 4);
      const key = randomUUID();
      const res = await amend('HK', id, corrected, key);
      expect(res.status).toBe(201);
      const body = (await res.json()) as { version: number; amendedBy: string; participants: unknown[] };
      expect(body).toMatchObject({ version: 2, amendedBy: 'platform:shop-a' });
      expect(body.participants).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ authority: 'HK', status: 'AWAITING_DOCUMENT_CHECK', lane: 'YELLOW' }),
          expect.objectContaining({ authority: 'GZ', status: 'RECEIVED' }),
        ]),
      );

      for (const authority of ['HK', 'GZ'] as const) {
        const seen = await waitForDeclaration(
          stack.url(authority),
          id,
          (d) =>
            d.version === 2 &&
            assessments(d) === 4 &&
            d.participants.every((p) => p.status === 'AWAITING_DOCUMENT_CHECK'),
        );
        expect(seen.history.filter((h) => h.type === 'DECLARATION_AMENDED')).toEqual([
          expect.objectContaining({ authority: 'HK', detail: expect.objectContaining({ version: 2 }) }),
        ]);
        // Both versions stay in the history: the filing, then the amendment.
        expect(seen.history.map((h) => h.type)).toEqual(
          expect.arrayContaining(['DECLARATION_FILED', 'DECLARATION_AMENDED']),
        );
        const tasks = await pendingTasks(authority, id);
        expect(tasks).toHaveLength(1);
        if (authority === 'GZ') expect(tasks[0]).not.toEqual(oldGzTask);
      }
      // 4 × 100.00 replaces 2 × 150.00: counted once, never both.
      expect(await quotaUsed(buyer)).toBe('400.00');
      // The platform hears of the amendment once, as AMENDED, from HK where it filed.
      expect((await notifiedAtHk(id)).filter((n) => n.type === 'AMENDED')).toHaveLength(1);

      // The same request again replays; the same key with another body is refused.
      const replay = await amend('HK', id, corrected, key);
      expect(replay.status).toBe(201);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect((await amend('HK', id, withQuantity(declaration, 5), key)).status).toBe(409);
      // Versions are kept where it was filed; its route and platformRef stay.
      const atGz = await amend('GZ', id, corrected);
      expect(atGz.status).toBe(409);
      expect(await atGz.json()).toMatchObject({ type: expect.stringContaining('not-filing-authority') });
      const renamed = await amend('HK', id, { ...corrected, platformRef: 'SHOP-RENAMED' });
      expect(renamed.status).toBe(422);
      expect(await renamed.json()).toMatchObject({ errors: [{ pointer: '/platformRef' }] });
      const broken = await amend('HK', id, { ...corrected, items: [] });
      expect(broken.status).toBe(422);
      expect(await quotaUsed(buyer)).toBe('400.00');
    });

    it('converges when GZ is down during the amendment and HK is killed right after it: version 2 once everywhere', async () => {
      const buyer = sampleResidentId(4000 + Math.floor(Math.random() * 5000));
      const { id, declaration } = await yellowAtBoth(buyer, 'Kowloon Amends Ltd');
      expect(await quotaUsed(buyer)).toBe('300.00');

      await stack.signal('GZ', 'SIGKILL');
      const res = await amend('HK', id, withQuantity(declaration, 4));
      expect(res.status).toBe(201);
      // Acknowledged, perhaps not yet published: HK dies before its relay may have sent it.
      await stack.signal('HK', 'SIGKILL');
      await stack.launch('HK');
      await stack.launch('GZ');

      for (const authority of ['HK', 'GZ'] as const) {
        const seen = await waitForDeclaration(
          stack.url(authority),
          id,
          (d) =>
            d.version === 2 &&
            assessments(d) === 4 &&
            d.participants.every((p) => p.status === 'AWAITING_DOCUMENT_CHECK'),
          // A restarted service rejoins its consumer group first.
          90_000,
        );
        expect(seen.history.filter((h) => h.type === 'DECLARATION_AMENDED')).toHaveLength(1);
        expect(await pendingTasks(authority, id)).toHaveLength(1);
      }
      expect(await quotaUsed(buyer)).toBe('400.00');
      expect((await notifiedAtHk(id)).filter((n) => n.type === 'AMENDED')).toHaveLength(1);
    }, 240_000);

    it('refuses to amend a GREEN declaration already released (409 with the reason)', async () => {
      const declaration = retailDeclaration();
      const filed = await file(stack.url('HK'), declaration);
      const id = filed.body.id;
      await waitForDeclaration(stack.url('HK'), id, (d) => d.status === 'CLEARED');
      const res = await amend('HK', id, withQuantity(declaration, 3));
      expect(res.status).toBe(409);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      const problem = (await res.json()) as { type: string; detail: string };
      expect(problem.type).toContain('already-released');
      expect(problem.detail).toContain('Released by');
      const still = await waitForDeclaration(stack.url('GZ'), id, () => true);
      expect(still).toMatchObject({ status: 'CLEARED', version: 1 });
      // Another platform's declaration is not found.
      const other = await fetch(`${stack.url('HK')}/api/v1/declarations/${id}/amendments`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-api-key': PLATFORM_KEYS['shop-b'],
          'idempotency-key': randomUUID(),
        },
        body: JSON.stringify(declaration),
      });
      expect(other.status).toBe(404);
    });
  });
});
