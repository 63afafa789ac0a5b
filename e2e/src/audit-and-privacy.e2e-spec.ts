import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { signOfficerToken } from '@gba/auth';
import { Client } from 'pg';
import { AuthorityStack, entryOf, OFFICER_JWT_SECRET, PLATFORM_KEYS } from './support/authority-stack';
import { file, retailDeclaration, waitForDeclaration } from './support/declarations';

const run = promisify(execFile);
const BUYER_ID = '11010519491231002X';

/** Keys, the audit trail, personal data and abuse limits, on the real services. */
describe('keys, audit trail, personal data and rate limits', () => {
  let stack: AuthorityStack;
  /** An OTLP/HTTP receiver the services export their spans to: every export body, as sent. */
  let collector: Server;
  const exported: string[] = [];

  beforeAll(async () => {
    collector = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        exported.push(Buffer.concat(chunks).toString('utf8'));
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    stack = await AuthorityStack.start({
      RANDOM_SELECTION: 'off',
      RATE_LIMIT_PER_SECOND: '5',
      RATE_LIMIT_BURST: '20',
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(collector.address() as AddressInfo).port}`,
      OTEL_BSP_SCHEDULE_DELAY: '200',
    });
  });

  afterAll(async () => {
    await stack?.stop();
    await new Promise<void>((resolve) => (collector ? collector.close(() => resolve()) : resolve()));
  });

  const command = (authority: 'GZ' | 'HK', ...args: string[]) =>
    run(process.execPath, [entryOf(authority), ...args], { env: stack.environment(authority) });

  async function sql<T>(authority: 'GZ' | 'HK', text: string, params: unknown[] = []): Promise<T[]> {
    const client = new Client({ connectionString: stack.environment(authority)['DATABASE_URL'] });
    await client.connect();
    try {
      return (await client.query(text, params)).rows as T[];
    } finally {
      await client.end();
    }
  }

  const supervisor = (authority: 'GZ' | 'HK') =>
    signOfficerToken({
      secret: OFFICER_JWT_SECRET,
      sub: `${authority}-sup`,
      authority,
      roles: ['supervisor'],
    });

  it('creates a platform key that works, shows it once, and refuses it once revoked', async () => {
    const created = await command('HK', 'keys', 'create', '--platform', 'shop-z', '--label', 'e2e');
    const key = /key \(shown once, store it now\): (\S+)/.exec(created.stdout)![1]!;
    const keyId = /key id (\w+)/.exec(created.stdout)![1]!;
    const filed = await fetch(`${stack.url('HK')}/api/v1/declarations?limit=1`, {
      headers: { 'x-api-key': key },
    });
    expect(filed.status).toBe(200);

    const stored = await sql<{ hash: Buffer }>('HK', 'SELECT hash FROM platform_keys WHERE key_id = $1', [
      keyId,
    ]);
    expect(stored[0]!.hash.toString('utf8')).not.toContain(key);
    const listed = await command('HK', 'keys', 'list', '--platform', 'shop-z');
    expect(listed.stdout).toContain(keyId);
    expect(listed.stdout).not.toContain(key);

    const second = await command('HK', 'keys', 'create', '--platform', 'shop-z');
    const secondKey = /shown once, store it now\): (\S+)/.exec(second.stdout)![1]!;
    const secondId = /key id (\w+)/.exec(second.stdout)![1]!;
    await command('HK', 'keys', 'revoke', '--key-id', secondId);
    const refused = await fetch(`${stack.url('HK')}/api/v1/declarations?limit=1`, {
      headers: { 'x-api-key': secondKey },
    });
    expect(refused.status).toBe(401);
    // Without --platform: a usage error (sysexits EX_USAGE), told before the database is opened.
    await expect(command('HK', 'keys', 'create')).rejects.toMatchObject({ code: 64 });
  });

  it('chains every decision and officer action, and detects an altered entry', async () => {
    const token = await supervisor('GZ');
    const target = await fetch(`${stack.url('GZ')}/api/v1/risk/targets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        match: { originCountry: 'KP' },
        lane: 'RED',
        reason: 'sanctions',
        expiresAt: new Date(Date.now() + 3600_000).toISOString(),
      }),
    });
    expect(target.status).toBe(201);
    const id = (await file(stack.url('HK'), retailDeclaration())).body.id;
    await waitForDeclaration(stack.url('GZ'), id, (d) => d.status === 'CLEARED');

    const verify = async () =>
      (await (
        await fetch(`${stack.url('GZ')}/api/v1/audit/verify`, {
          headers: { authorization: `Bearer ${token}` },
        })
      ).json()) as {
        ok: boolean;
        entries: number;
        firstBroken?: { seq: number };
      };
    const intact = await verify();
    expect(intact.ok).toBe(true);
    expect(intact.entries).toBeGreaterThanOrEqual(2);
    const actions = await sql<{ entry: string }>('GZ', 'SELECT entry FROM audit_log ORDER BY seq');
    expect(actions.map((a) => JSON.parse(a.entry).action)).toEqual(
      expect.arrayContaining(['RISK_TARGET_SET', 'DECISION']),
    );
    expect((await command('GZ', 'audit', 'verify')).stdout).toContain('intact');

    await sql('GZ', `UPDATE audit_log SET entry = replace(entry, 'sanctions', 'routine') WHERE seq = 1`);
    const broken = await verify();
    expect(broken).toMatchObject({ ok: false, firstBroken: { seq: 1 } });
    await expect(command('GZ', 'audit', 'verify')).rejects.toMatchObject({ code: 1 });
  });

  it('keeps ID numbers out of the logs, the spans and out of clear text at rest', async () => {
    const id = (await file(stack.url('HK'), retailDeclaration())).body.id;
    await waitForDeclaration(stack.url('GZ'), id, (d) => d.status === 'CLEARED');
    await waitForDeclaration(stack.url('HK'), id, (d) => d.status === 'CLEARED');
    // The quota enquiry: by POST (the number in the body), and the old GET with it in the URL (410).
    const enquiry = await fetch(`${stack.url('GZ')}/api/v1/cbec/quota`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': PLATFORM_KEYS['shop-a'] },
      body: JSON.stringify({ buyerIdNumber: BUYER_ID }),
    });
    expect(enquiry.status).toBe(200);
    const byUrl = await fetch(`${stack.url('GZ')}/api/v1/cbec/quota?buyerIdNumber=${BUYER_ID}`, {
      headers: { 'x-api-key': PLATFORM_KEYS['shop-a'] },
    });
    expect(byUrl.status).toBe(410);
    // The GET's span, exported with its query values redacted (and so is its request log line).
    const redacted = 'buyerIdNumber=[redacted]';
    for (
      let i = 0;
      i < 100 && !(exported.join('\n').includes(redacted) && stack.output('GZ').includes(redacted));
      i++
    )
      await new Promise((r) => setTimeout(r, 100));
    expect(exported.join('\n')).toContain(`"url.query"`);
    expect(exported.join('\n')).toContain(redacted);
    expect(stack.output('GZ')).toContain(`/api/v1/cbec/quota?${redacted}`);
    expect(exported.join('\n')).not.toContain(BUYER_ID);
    for (const authority of ['GZ', 'HK', 'MO'] as const)
      expect(stack.output(authority)).not.toContain(BUYER_ID);
    for (const authority of ['GZ', 'HK'] as const) {
      const leaks = await sql<{ place: string }>(
        authority,
        `SELECT 'declarations' AS place FROM declarations WHERE body::text LIKE $1
         UNION ALL SELECT 'outbox' FROM outbox WHERE status = 'published' AND position(convert_to($2, 'UTF8') IN payload) > 0
         UNION ALL SELECT 'idempotency' FROM idempotency_keys WHERE response::text LIKE $1
         UNION ALL SELECT 'consignors' FROM known_consignors WHERE party_id LIKE $1`,
        [`%${BUYER_ID}%`, BUYER_ID],
      );
      expect(leaks).toEqual([]);
    }
    const ledger = await sql<{ buyer_key: string }>('GZ', 'SELECT buyer_key FROM cbec_ledger');
    expect(ledger.length).toBeGreaterThan(0);
    for (const row of ledger) expect(row.buyer_key).not.toContain(BUYER_ID);
  });

  it('answers 429 with Retry-After past a platform key’s rate', async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 30; i++) {
      const res = await fetch(`${stack.url('MO')}/api/v1/declarations?limit=1`, {
        headers: { 'x-api-key': PLATFORM_KEYS['shop-b'] },
      });
      statuses.push(res.status);
      if (res.status === 429) {
        retryAfter = res.headers.get('retry-after');
        expect(res.headers.get('content-type')).toContain('application/problem+json');
      }
    }
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(200));
    expect(statuses).toContain(429);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
  });
});
