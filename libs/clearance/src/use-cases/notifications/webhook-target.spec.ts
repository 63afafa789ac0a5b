import { Webhook } from 'standardwebhooks';
import { retryDelayMs } from './notification-dispatcher';
import { newSigningSecret, signedHeaders, webhookPayload } from './webhook-sender';
import { checkWebhookTarget, refusedAddress, type Resolve } from './webhook-target';

/** A resolver that answers from a fixed table (no DNS in unit tests). */
const dns =
  (table: Record<string, string[]>): Resolve =>
  async (host) => {
    const addresses = table[host];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };

const resolve = dns({
  'platform.example': ['93.184.215.14'],
  'internal.example': ['10.1.2.3'],
  'mixed.example': ['93.184.215.14', '192.168.0.7'],
  'metadata.example': ['169.254.169.254'],
  'v6.example': ['2606:2800:21f:cb07:6820:80da:af6b:8b2c'],
  'ula.example': ['fd00::1'],
  'mapped.example': ['::ffff:127.0.0.1'],
  localhost: ['127.0.0.1', '::1'],
});

const codes = async (url: string, mode: 'production' | 'development') =>
  (await checkWebhookTarget(url, mode, resolve)).map((e) => `${e.pointer} ${e.code}`);

describe('webhook targets (SSRF guard)', () => {
  it.each([
    ['https://platform.example/hook'],
    ['https://v6.example/hook'],
    ['https://93.184.215.14:8443/hook'],
  ])('accepts a public https target in production: %s', async (url) => {
    expect(await codes(url, 'production')).toEqual([]);
  });

  it.each([
    ['https://internal.example/hook', 'URL_PRIVATE'],
    ['https://mixed.example/hook', 'URL_PRIVATE'],
    ['https://metadata.example/latest', 'URL_PRIVATE'],
    ['https://ula.example/hook', 'URL_PRIVATE'],
    ['https://mapped.example/hook', 'URL_PRIVATE'],
    ['https://127.0.0.1/hook', 'URL_PRIVATE'],
    ['https://[::1]/hook', 'URL_PRIVATE'],
    ['https://0.0.0.0/hook', 'URL_PRIVATE'],
    ['https://100.64.1.1/hook', 'URL_PRIVATE'],
    ['https://localhost/hook', 'URL_PRIVATE'],
    ['http://platform.example/hook', 'URL_NOT_HTTPS'],
    ['http://127.0.0.1:8080/hook', 'URL_NOT_HTTPS'],
    ['https://nowhere.example/hook', 'URL_UNRESOLVABLE'],
    ['ftp://platform.example/hook', 'URL_INVALID'],
    ['https://user:pw@platform.example/hook', 'URL_INVALID'],
    ['not a url', 'URL_INVALID'],
  ])('refuses %s in production (%s)', async (url, code) => {
    expect(await codes(url, 'production')).toEqual([`/url ${code}`]);
  });

  it('allows http to loopback in development only, and never to a private network', async () => {
    expect(await codes('http://127.0.0.1:8080/hook', 'development')).toEqual([]);
    expect(await codes('http://localhost:8080/hook', 'development')).toEqual([]);
    expect(await codes('http://platform.example/hook', 'development')).toEqual(['/url URL_NOT_HTTPS']);
    expect(await codes('https://internal.example/hook', 'development')).toEqual(['/url URL_PRIVATE']);
    expect(refusedAddress('127.0.0.1', 'development')).toBeNull();
    expect(refusedAddress('127.0.0.1', 'production')).toMatch(/loopback/);
    expect(refusedAddress('10.0.0.1', 'development')).toMatch(/private/);
  });
});

describe('delivery: signature and retries', () => {
  it('signs each delivery so that a Standard Webhooks receiver verifies it, and refuses a changed body', () => {
    const secret = newSigningSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const notification = {
      id: 'a1b2c3d4-0000-4000-8000-000000000001',
      declarationId: 'a1b2c3d4-0000-4000-8000-000000000002',
      platformId: 'shop-a',
      platformRef: 'REF-1',
      type: 'CLEARED' as const,
      status: 'CLEARED' as const,
      authority: null,
      inspectingAuthority: null,
      participants: [],
      reasons: [],
      occurredAt: '2026-03-01T10:00:00.000Z',
    };
    const payload = webhookPayload(notification);
    expect(JSON.parse(payload)).toEqual({
      type: 'declaration.cleared',
      timestamp: notification.occurredAt,
      data: expect.not.objectContaining({ platformId: 'shop-a' }),
    });
    const headers = signedHeaders(secret, notification.id, new Date(), payload);
    expect(headers['webhook-id']).toBe(notification.id);
    expect(new Webhook(secret).verify(payload, headers)).toMatchObject({ type: 'declaration.cleared' });
    expect(() => new Webhook(secret).verify(payload.replace('REF-1', 'REF-2'), headers)).toThrow();
    expect(() => new Webhook(newSigningSecret()).verify(payload, headers)).toThrow();
  });

  it('backs off exponentially with jitter, capped, and a blocked subscriber at the cap', () => {
    const settings = { retryBaseMs: 1000, retryMaxMs: 60_000 };
    const low = () => 0;
    const high = () => 1;
    expect([1, 2, 3, 4].map((f) => retryDelayMs(f, settings, false, high))).toEqual([1000, 2000, 4000, 8000]);
    expect([1, 2, 3, 4].map((f) => retryDelayMs(f, settings, false, low))).toEqual([500, 1000, 2000, 4000]);
    expect(retryDelayMs(40, settings, false, high)).toBe(60_000);
    expect(retryDelayMs(2, settings, true, low)).toBe(30_000);
    expect(retryDelayMs(2, settings, true, high)).toBe(60_000);
  });
});
