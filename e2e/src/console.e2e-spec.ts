import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { signOfficerToken } from '@gba/auth';
import axe from 'axe-core';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { AuthorityStack, OFFICER_JWT_SECRET } from './support/authority-stack';
import { file, retailDeclaration, waitForDeclaration } from './support/declarations';

type Authority = 'GZ' | 'HK' | 'MO';

/** Debian's Chromium (installed by .ci/run when missing), headless, for a closed network. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/**
 * Where the screenshots go: the README's docs/images when CONSOLE_SCREENSHOTS=update, else a
 * temporary folder (every run still takes them; the committed images change only on purpose).
 */
const IMAGES =
  process.env.CONSOLE_SCREENSHOTS === 'update'
    ? join(__dirname, '../../docs/images')
    : mkdtempSync(join(tmpdir(), 'console-screenshots-'));

/**
 * A minimal OpenID Connect provider for the production sign-in test: discovery, an authorization
 * endpoint that signs in `officer` at once (no login page) and a token endpoint that exchanges
 * the code only with the PKCE verifier of its S256 challenge (RFC 7636 §4.6), answering an RS256
 * access token with the officer claims the API verifies, and an ID token. CORS for the console.
 */
async function startOidcProvider(officer: {
  sub: string;
  authority: Authority;
  roles: string[];
  audience: string;
}) {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const jwks = JSON.stringify({
    keys: [{ ...(await exportJWK(publicKey)), kid: 'console-idp', alg: 'RS256', use: 'sig' }],
  });
  const grants = new Map<
    string,
    { challenge: string; redirectUri: string; clientId: string; nonce?: string }
  >();
  const verifiersSeen: string[] = [];
  let issuer = '';
  const sign = (claims: Record<string, unknown>, audience: string) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'console-idp', typ: 'JWT' })
      .setIssuer(issuer)
      .setAudience(audience)
      .setSubject(officer.sub)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(privateKey);
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    const json = (status: number, body: unknown) =>
      res
        .writeHead(status, { 'content-type': 'application/json', 'access-control-allow-origin': '*' })
        .end(JSON.stringify(body));
    if (req.method === 'OPTIONS')
      return res
        .writeHead(204, {
          'access-control-allow-origin': '*',
          'access-control-allow-headers': '*',
          'access-control-allow-methods': 'GET, POST',
        })
        .end();
    if (url.pathname === '/.well-known/openid-configuration')
      return json(200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
      });
    if (url.pathname === '/jwks') return res.writeHead(200, { 'content-type': 'application/json' }).end(jwks);
    if (url.pathname === '/authorize') {
      const q = url.searchParams;
      if (
        q.get('response_type') !== 'code' ||
        q.get('code_challenge_method') !== 'S256' ||
        !q.get('code_challenge')
      )
        return json(400, { error: 'invalid_request' });
      const code = randomUUID();
      grants.set(code, {
        challenge: q.get('code_challenge') ?? '',
        redirectUri: q.get('redirect_uri') ?? '',
        clientId: q.get('client_id') ?? '',
        nonce: q.get('nonce') ?? undefined,
      });
      const back = new URL(q.get('redirect_uri') ?? '');
      back.searchParams.set('code', code);
      back.searchParams.set('state', q.get('state') ?? '');
      return res.writeHead(302, { location: back.toString() }).end();
    }
    if (url.pathname === '/token' && req.method === 'POST') {
      let text = '';
      req.on('data', (chunk: Buffer) => (text += chunk.toString()));
      req.on('end', () => {
        const form = new URLSearchParams(text);
        const grant = grants.get(form.get('code') ?? '');
        const verifier = form.get('code_verifier') ?? '';
        grants.delete(form.get('code') ?? '');
        if (
          !grant ||
          form.get('grant_type') !== 'authorization_code' ||
          form.get('redirect_uri') !== grant.redirectUri ||
          createHash('sha256').update(verifier).digest('base64url') !== grant.challenge
        )
          return json(400, { error: 'invalid_grant' });
        verifiersSeen.push(verifier);
        void Promise.all([
          sign({ authority: officer.authority, roles: officer.roles }, officer.audience),
          sign(grant.nonce ? { nonce: grant.nonce } : {}, grant.clientId),
        ]).then(([accessToken, idToken]) =>
          json(200, { access_token: accessToken, id_token: idToken, token_type: 'Bearer', expires_in: 3600 }),
        );
      });
      return;
    }
    json(404, { error: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    jwksUrl: `${issuer}/jwks`,
    verifiersSeen,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The officer console in a real browser against the three real services (README "Officer console"). */
describe('the officer console', () => {
  let stack: AuthorityStack;
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium`);
    stack = await AuthorityStack.start({ RANDOM_SELECTION: 'off', NODE_ENV: 'development' });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      // A new empty profile of its own each launch (Playwright's temporary user data dir).
      args: FLAGS,
    });
  }, 180000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  async function target(authority: Authority, partyId: string) {
    const token = await signOfficerToken({
      secret: OFFICER_JWT_SECRET,
      sub: `${authority}-sup`,
      authority,
      roles: ['supervisor'],
    });
    const res = await fetch(`${stack.url(authority)}/api/v1/risk/targets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        match: { partyId },
        lane: 'RED',
        reason: 'intelligence report 42',
        expiresAt: new Date(Date.now() + 3600_000).toISOString(),
      }),
    });
    expect(res.status).toBe(201);
  }

  async function officerPage(
    authority: Authority,
    roles: ('officer' | 'supervisor')[],
    locale = 'en-GB',
  ): Promise<Page> {
    const context: BrowserContext = await browser.newContext({
      locale,
      timezoneId: 'Asia/Hong_Kong',
      viewport: { width: 1280, height: 900 },
    });
    const page = await context.newPage();
    await page.goto(`${stack.url(authority)}/console/`);
    await page.locator('#authority').selectOption(authority);
    for (const role of ['officer', 'supervisor'] as const) {
      const box = page.locator('fieldset input[type=checkbox]').nth(role === 'officer' ? 0 : 1);
      if (roles.includes(role)) await box.check();
      else await box.uncheck();
    }
    await page.locator('form button[type=submit]').click();
    await page.getByTestId('officer').waitFor();
    return page;
  }

  /** axe-core in the page (evaluated over CDP, so the console's CSP stays on); serious or critical violations. */
  async function accessibilityViolations(page: Page): Promise<string[]> {
    await page.evaluate(axe.source);
    const violations = (await page.evaluate(`
      axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } })
        .then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')) })))
    `)) as { id: string; impact: string | null; nodes: string[] }[];
    return violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.join(', ')}`);
  }

  let releasedId = '';

  it('HK: an officer signs in, sees the RED declaration arrive in the queue, and records a conforming result after a refused LOCODE', async () => {
    const page = await officerPage('HK', ['officer']);
    await page.locator('[data-testid=queue], main p:has-text("No pending tasks.")').first().waitFor();

    // Filed after the queue opened: it must appear without a reload.
    const consignor = { name: 'Kowloon Console Ltd', country: 'HK', businessRegistrationNumber: '76543299' };
    await target('HK', '76543299');
    await target('GZ', '76543299');
    const filed = await file(stack.url('HK'), { ...retailDeclaration(), consignor });
    expect(filed.status).toBe(201);
    releasedId = filed.body.id;
    const row = page.locator(`tr[data-declaration="${releasedId}"]`);
    await row.waitFor({ timeout: 30000 });
    await expect(row.locator('.lane').textContent()).resolves.toBe('RED');
    await expect(row.textContent()).resolves.toContain('HK → GZ');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: join(IMAGES, 'console-queue.png') });

    await row.getByRole('link', { name: filed.body.platformRef, exact: true }).click();
    await page.getByTestId('timeline').waitFor();
    await expect(page.getByTestId('participant-HK').textContent()).resolves.toContain('RED');
    expect(await accessibilityViolations(page)).toEqual([]);

    await page
      .getByRole('link', { name: /Record result/ })
      .first()
      .click();
    await page.locator('#location').fill('XXABC');
    await page.locator('#containers').fill('CSQU3054383');
    await page.locator('#seal').fill('S99881');
    await page.locator('#elock').fill('EL000123');
    await page.getByRole('button', { name: 'Record result' }).click();
    const locationErrors = page.getByTestId('location-errors');
    await locationErrors.waitFor();
    await expect(page.locator('#location').getAttribute('aria-describedby')).resolves.toBe('location-errors');
    await expect(page.locator('#location').getAttribute('aria-invalid')).resolves.toBe('true');
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.locator('#location').fill('HKHKG');
    await page.getByRole('button', { name: 'Record result' }).click();
    await page.getByTestId('recorded').waitFor();
    await page.context().close();
  });

  it('GZ: an officer sees it released by recognition, with no task of its own', async () => {
    await waitForDeclaration(stack.url('GZ'), releasedId, (d) => d.status === 'CLEARED');
    const page = await officerPage('GZ', ['officer']);
    await page.locator('[data-testid=queue], main p:has-text("No pending tasks.")').first().waitFor();
    await expect(page.locator(`tr[data-declaration="${releasedId}"]`).count()).resolves.toBe(0);
    await page.goto(`${stack.url('GZ')}/console/declarations/${releasedId}`);
    await page.getByTestId('timeline').waitFor();
    await expect(page.getByTestId('status-GZ').textContent()).resolves.toBe('Released');
    await expect(page.getByTestId('reasons-GZ').textContent()).resolves.toContain('MUTUAL_RECOGNITION');
    await page.screenshot({ path: join(IMAGES, 'console-declaration.png'), fullPage: true });
    await page.context().close();
  });

  it('GZ: a supervisor holds a declaration with a reason and the timeline shows it; the supervisor page passes axe', async () => {
    // GZ still waits on it (a RED target at GZ): a released participant takes no later decision.
    const partyId = String(10_000_000 + Math.floor(Math.random() * 89_999_999));
    await target('GZ', partyId);
    const consignor = { name: 'Kowloon Recalls Ltd', country: 'HK', businessRegistrationNumber: partyId };
    const id = (await file(stack.url('HK'), { ...retailDeclaration(), consignor })).body.id;
    await waitForDeclaration(stack.url('GZ'), id, (d) =>
      d.participants.some((p) => p.authority === 'GZ' && p.status === 'AWAITING_INSPECTION'),
    );
    const page = await officerPage('GZ', ['officer', 'supervisor']);
    await page.goto(`${stack.url('GZ')}/console/declarations/${id}`);
    await page.getByTestId('timeline').waitFor();
    await page.locator('#decision').selectOption('hold');
    await page.locator('#reason').fill('Product recall notice 2026-17');
    await page.getByRole('button', { name: 'Record decision' }).click();
    await page.getByTestId('timeline').getByText('Product recall notice 2026-17').waitFor({ timeout: 30000 });
    await page.getByTestId('status-GZ').getByText('Held').waitFor({ timeout: 30000 });
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.getByRole('link', { name: 'Supervisor' }).click();
    // A risk target with an expiry a day ahead, entered as the officer's local time.
    await page.locator('#partyId').fill('99887766');
    await page.locator('#lane').selectOption('YELLOW');
    await page.locator('#target-reason').fill('Console intelligence 7');
    const tomorrow = new Date(Date.now() + 86400_000 + 8 * 3600_000).toISOString().slice(0, 16);
    await page.locator('#expiresAt').fill(tomorrow);
    await page.getByRole('button', { name: 'Create target' }).click();
    await page.getByTestId('targets').getByText('Console intelligence 7').waitFor();
    await expect(page.getByTestId('targets').textContent()).resolves.toContain('partyId=99887766');
    await page.getByRole('button', { name: 'Verify the audit chain' }).click();
    await page.getByTestId('audit').waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('in Traditional Chinese (a zh-HK browser) shows no untranslated key on any page', async () => {
    const page = await officerPage('HK', ['officer', 'supervisor'], 'zh-HK');
    const untranslated =
      /\b(app|nav|signIn|roles|queue|kind|declaration|role|status|result|finding|check|decision|supervisor|errors|event)\.[a-zA-Z]+\b/;
    await page.getByRole('heading', { name: '待處理查驗' }).waitFor();
    expect(await page.locator('body').innerText()).not.toMatch(untranslated);
    await page.goto(`${stack.url('HK')}/console/declarations/${releasedId}`);
    await page.getByTestId('timeline').waitFor();
    const declaration = await page.locator('body').innerText();
    expect(declaration).toContain('時間線');
    expect(declaration).not.toMatch(untranslated);
    await page.goto(`${stack.url('HK')}/console/supervisor`);
    await page.getByRole('heading', { name: '風險目標', exact: true }).waitFor();
    expect(await page.locator('body').innerText()).not.toMatch(untranslated);
    expect(await accessibilityViolations(page)).toEqual([]);

    // Switchable: Simplified Chinese from the header, kept for the next page.
    await page.getByTestId('language').selectOption('zh-Hans');
    await page.getByRole('link', { name: '查验队列' }).click();
    await page.getByRole('heading', { name: '待处理查验' }).waitFor();
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('zh-Hans');
    expect(await page.locator('body').innerText()).not.toMatch(untranslated);
    await page.context().close();
  });

  it('is usable from the keyboard: focus follows sign-in, the first Tab reaches "skip to content", which moves focus to the page', async () => {
    const page = await officerPage('HK', ['officer']);
    // Signed in: focus is on the page's content, not lost with the form.
    await expect(page.evaluate('document.activeElement.id')).resolves.toBe('main');
    await page.reload();
    await page.getByTestId('officer').waitFor();
    await page.keyboard.press('Tab');
    await expect(page.evaluate('document.activeElement.textContent')).resolves.toBe('Skip to content');
    await page.keyboard.press('Enter');
    await expect(page.evaluate('document.activeElement.id')).resolves.toBe('main');
    // Then on to the page's first control.
    await page.keyboard.press('Tab');
    await expect(page.evaluate('document.activeElement.tagName')).resolves.toBe('SELECT');
    await page.context().close();
  });

  it('returns to the sign-in form when the API refuses the token (401), e.g. one revoked or tampered with', async () => {
    const page = await officerPage('HK', ['officer']);
    await page.evaluate(`(() => {
      const key = 'gba.officer-console.session';
      const session = JSON.parse(sessionStorage.getItem(key));
      session.token = session.token.slice(0, -4) + (session.token.endsWith('AAAA') ? 'BBBB' : 'AAAA');
      sessionStorage.setItem(key, JSON.stringify(session));
    })()`);
    await page.reload();
    await page.locator('#authority').waitFor();
    await expect(page.getByTestId('officer').count()).resolves.toBe(0);
    await page.context().close();
  });

  it('in production: no development sign-in (404); OpenID Connect Authorization Code with PKCE signs the officer in, and the API accepts its access token', async () => {
    const idp = await startOidcProvider({
      sub: 'hk-oidc-officer',
      authority: 'HK',
      roles: ['officer'],
      audience: String(stack.environment('HK').OFFICER_JWT_AUDIENCE),
    });
    try {
      await stack.signal('HK', 'SIGTERM');
      const env = stack.environment('HK');
      delete env.NODE_ENV;
      Object.assign(env, {
        OFFICER_JWKS_URL: idp.jwksUrl,
        OFFICER_JWT_ISSUER: idp.issuer,
        CONSOLE_OIDC_ISSUER: idp.issuer,
      });
      await stack.launch('HK');

      const devToken = await fetch(`${stack.url('HK')}/console/dev-token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ authority: 'HK', roles: ['officer'] }),
      });
      expect(devToken.status).toBe(404);

      const context = await browser.newContext({ locale: 'en-GB', timezoneId: 'Asia/Hong_Kong' });
      const page = await context.newPage();
      await page.goto(`${stack.url('HK')}/console/`);
      await expect(page.locator('#authority').count()).resolves.toBe(0);
      await page.getByRole('button', { name: 'Sign in with the identity provider' }).click();
      await page.getByTestId('officer').getByText('hk-oidc-officer (HK, Officer)').waitFor();
      // The queue was read with the access token (a refused token would show an alert).
      await page.locator('[data-testid=queue], main p:has-text("No pending tasks.")').first().waitFor();
      await expect(page.getByRole('alert').count()).resolves.toBe(0);
      expect(idp.verifiersSeen).toHaveLength(1);
      expect(idp.verifiersSeen[0]).toMatch(/^[A-Za-z0-9._~-]{43,128}$/);
      // Back at the console with the code and state gone from the address.
      expect(page.url()).toMatch(new RegExp(`^${stack.url('HK')}/console/?$`));
      await context.close();
    } finally {
      await idp.close();
    }
  });
});
