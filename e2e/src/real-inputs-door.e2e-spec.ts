import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { AuthorityStack, PLATFORM_KEYS } from './support/authority-stack';
import {
  file,
  participant,
  type Problem,
  retailDeclaration,
  ruleIds,
  waitForDeclaration,
} from './support/declarations';
import { type Answer, hs256Token, problemViolations, riskTargetBody } from './support/security';

/**
 * What real clients send at the door (issue 11, kinds 2–4): text that looks equal but is not,
 * duplicate JSON member names, and the quoted Idempotency-Key of the IETF draft.
 */
describe('real inputs at the door', () => {
  let stack: AuthorityStack;

  beforeAll(async () => {
    stack = await AuthorityStack.start({ RANDOM_SELECTION: 'off' });
  });

  afterAll(() => stack?.stop());

  const platformHeaders = (key: string = randomUUID()) => ({
    'content-type': 'application/json',
    'x-api-key': PLATFORM_KEYS['shop-a'],
    'idempotency-key': key,
  });

  /** The answer as problem details, failing on anything else. */
  async function problemOf(answer: Promise<Response>): Promise<Problem & { detail: string; status: number }> {
    const res = await answer;
    const text = await res.text();
    expect(
      problemViolations({ status: res.status, contentType: res.headers.get('content-type') ?? '', text }),
    ).toEqual([]);
    return JSON.parse(text) as Problem & { detail: string; status: number };
  }

  describe('kind 2: text that looks equal but is not', () => {
    it('clears a 9610 import whose payer name is the buyer name written with U+F90A (equal under NFC)', async () => {
      const d = retailDeclaration({ origin: 'HK', destination: 'CN' });
      d.ecommerce!.order.buyerName = '金小明';
      d.ecommerce!.payment.payerName = '\uf90a小明';
      const filed = await file(stack.url('GZ'), d);
      expect(filed.status).toBe(201);
      const done = await waitForDeclaration(
        stack.url('GZ'),
        filed.body.id,
        (x) => x.status !== 'IN_PROGRESS',
      );
      expect(ruleIds(participant(done, 'GZ'))).not.toContain('CBEC_PAYER_NOT_BUYER');
      expect(done.status).toBe('CLEARED');
    });

    it.each<[string, (d: ReturnType<typeof retailDeclaration>) => void, string, string]>([
      [
        'a consignor name with U+202E (right-to-left override)',
        (d) => (d.consignor.name = 'Harbour \u202eLtd gnidarT'),
        '/consignor/name',
        'TEXT_BIDI_CONTROL',
      ],
      [
        'a goods description with U+2066 (a bidi isolate: refused in free text too)',
        (d) => (d.items[0]!.description = 'Face cream \u2066x\u2069'),
        '/items/0/description',
        'TEXT_BIDI_CONTROL',
      ],
      [
        'a platform reference with a zero-width space',
        (d) => (d.platformRef = `SHOP-\u200b${randomUUID().slice(0, 8)}`),
        '/platformRef',
        'TEXT_INVISIBLE',
      ],
      [
        'a buyer name with a zero-width joiner',
        (d) => (d.ecommerce!.order.buyerName = '王\u200d小明'),
        '/ecommerce/order/buyerName',
        'TEXT_INVISIBLE',
      ],
    ])('refuses %s with 422 and its pointer', async (_name, change, pointer, code) => {
      const d = retailDeclaration();
      change(d);
      const p = await problemOf(
        fetch(`${stack.url('GZ')}/api/v1/declarations`, {
          method: 'POST',
          headers: platformHeaders(),
          body: JSON.stringify(d),
        }),
      );
      expect(p.status).toBe(422);
      expect(p.errors).toEqual([expect.objectContaining({ pointer, code })]);
    });

    it('reports every failing field of a body at once, on an officer endpoint too', async () => {
      const token = await hs256Token('GZ', ['supervisor']);
      const p = await problemOf(
        fetch(`${stack.url('GZ')}/api/v1/risk/targets`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ ...riskTargetBody('P\u200b1'), reason: 'watch \u202eit' }),
        }),
      );
      expect(p.status).toBe(422);
      expect(p.errors?.map((e) => [e.pointer, e.code])).toEqual([
        ['/match/partyId', 'TEXT_INVISIBLE'],
        ['/reason', 'TEXT_BIDI_CONTROL'],
      ]);
    });

    it('takes a ZWNJ a script needs in a goods description', async () => {
      const d = retailDeclaration();
      d.items[0]!.description = 'کرم صورت می\u200cخواهم';
      expect((await file(stack.url('GZ'), d)).status).toBe(201);
    });

    it('stores text in NFC and finds it by either form', async () => {
      const suffix = randomUUID().slice(0, 8);
      const d = retailDeclaration();
      d.platformRef = `Jose\u0301-${suffix}`;
      const filed = await file(stack.url('GZ'), d);
      expect(filed.status).toBe(201);
      expect(filed.body.platformRef).toBe(`José-${suffix}`);
      for (const form of [`José-${suffix}`, `Jose\u0301-${suffix}`]) {
        const res = await fetch(
          `${stack.url('GZ')}/api/v1/declarations?platformRef=${encodeURIComponent(form)}`,
          { headers: { 'x-api-key': PLATFORM_KEYS['shop-a'] } },
        );
        expect(res.status).toBe(200);
        const list = (await res.json()) as { items: { id: string }[] };
        expect(list.items.map((i) => i.id)).toEqual([filed.body.id]);
      }
    });
  });

  describe('kind 3: duplicate JSON member names (I-JSON)', () => {
    /** The valid body as text, with `"unitValue":"1.50"` repeated after the first item's own. */
    const withRepeatedUnitValue = (d: ReturnType<typeof retailDeclaration>) => {
      d.items[0]!.unitValue = '150.00';
      const text = JSON.stringify(d);
      return text.replace('"unitValue":"150.00"', '"unitValue":"150.00","unitValue":"1.50"');
    };

    it('refuses a filing with a repeated unitValue: 400 with the pointer, nothing filed', async () => {
      const d = retailDeclaration();
      const key = randomUUID();
      const p = await problemOf(
        fetch(`${stack.url('GZ')}/api/v1/declarations`, {
          method: 'POST',
          headers: platformHeaders(key),
          body: withRepeatedUnitValue(d),
        }),
      );
      expect(p.status).toBe(400);
      expect(p.type).toMatch(/duplicate-member-name$/);
      expect(p.errors).toEqual([
        expect.objectContaining({ pointer: '/items/0/unitValue', code: 'DUPLICATE_MEMBER_NAME' }),
      ]);
      const res = await fetch(
        `${stack.url('GZ')}/api/v1/declarations?platformRef=${encodeURIComponent(d.platformRef)}`,
        { headers: { 'x-api-key': PLATFORM_KEYS['shop-a'] } },
      );
      expect(((await res.json()) as { items: unknown[] }).items).toEqual([]);
      // The key was not spent: the corrected body files under it.
      expect((await file(stack.url('GZ'), d, key)).status).toBe(201);
    });

    it('refuses a batch with a repeated member in its second item: 400 with the pointer', async () => {
      const first = JSON.stringify({ idempotencyKey: randomUUID(), declaration: retailDeclaration() });
      const second = `{"idempotencyKey":"${randomUUID()}","declaration":${withRepeatedUnitValue(retailDeclaration())}}`;
      const p = await problemOf(
        fetch(`${stack.url('GZ')}/api/v1/declarations/batch`, {
          method: 'POST',
          headers: platformHeaders(),
          body: `[${first},${second}]`,
        }),
      );
      expect(p.status).toBe(400);
      expect(p.errors).toEqual([expect.objectContaining({ pointer: '/1/declaration/items/0/unitValue' })]);
    });

    it('refuses an officer body with a repeated member: 400 with the pointer, no target set', async () => {
      const token = await hs256Token('GZ', ['supervisor']);
      const partyId = `P${randomUUID().slice(0, 8)}`;
      const body = JSON.stringify(riskTargetBody('PLACEHOLDER')).replace(
        '"partyId":"PLACEHOLDER"',
        `"partyId":"PLACEHOLDER","partyId":"${partyId}"`,
      );
      const p = await problemOf(
        fetch(`${stack.url('GZ')}/api/v1/risk/targets`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body,
        }),
      );
      expect(p.status).toBe(400);
      expect(p.errors).toEqual([expect.objectContaining({ pointer: '/match/partyId' })]);
      const targets = await fetch(`${stack.url('GZ')}/api/v1/risk/targets`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(JSON.stringify(await targets.json())).not.toContain(partyId);
    });

    it('refuses names equal under NFC as duplicates, on a platform endpoint without a declaration', async () => {
      const p = await problemOf(
        fetch(`${stack.url('HK')}/api/v1/declarations`, {
          method: 'POST',
          headers: platformHeaders(),
          body: '{"caf\\u00e9":1,"cafe\\u0301":2}',
        }),
      );
      expect(p.status).toBe(400);
      expect(p.errors).toEqual([expect.objectContaining({ pointer: '/cafe\u0301' })]);
    });

    it('still answers malformed JSON as before', async () => {
      const p = await problemOf(
        fetch(`${stack.url('GZ')}/api/v1/declarations`, {
          method: 'POST',
          headers: platformHeaders(),
          body: '{"platformRef":',
        }),
      );
      expect(p.status).toBe(400);
      expect(p.type).toMatch(/malformed-json$/);
    });
  });

  describe('kind 4: Idempotency-Key', () => {
    it('takes the quoted sf-string form with a space and replays it, quoted or bare', async () => {
      const key = `order 2026-${randomUUID().slice(0, 6)}`;
      const d = retailDeclaration();
      const post = (header: string) =>
        fetch(`${stack.url('HK')}/api/v1/declarations`, {
          method: 'POST',
          headers: platformHeaders(header),
          body: JSON.stringify(d),
        });
      const first = await post(`"${key}"`);
      expect(first.status).toBe(201);
      expect(first.headers.get('idempotent-replayed')).toBeNull();
      const id = ((await first.json()) as { id: string }).id;
      for (const header of [`"${key}"`, key]) {
        const again = await post(header);
        expect(again.status).toBe(201);
        expect(again.headers.get('idempotent-replayed')).toBe('true');
        expect(((await again.json()) as { id: string }).id).toBe(id);
      }
      // The same key with another body is the conflict api.md names.
      d.platformRef = `${d.platformRef}-2`;
      expect((await post(`"${key}"`)).status).toBe(409);
    });

    it('takes a batch item key with a space', async () => {
      const res = await fetch(`${stack.url('GZ')}/api/v1/declarations/batch`, {
        method: 'POST',
        headers: platformHeaders(),
        body: JSON.stringify([
          { idempotencyKey: `batch item ${randomUUID()}`, declaration: retailDeclaration() },
        ]),
      });
      expect(res.status).toBe(207);
      expect(((await res.json()) as { status: number }[]).map((r) => r.status)).toEqual([201]);
    });

    it.each<[string, string, RegExp]>([
      ['an unterminated quoted key', '"order 2026-000123', /RFC 8941 String/],
      ['a quoted key with parameters', '"order 1";v=2', /without parameters/],
      ['an empty quoted key', '""', /empty/],
      ['a key of 256 characters', 'k'.repeat(256), /256 characters/],
    ])('refuses %s with 400 problem+json saying why', async (_name, header, detail) => {
      const p = await problemOf(
        fetch(`${stack.url('GZ')}/api/v1/declarations`, {
          method: 'POST',
          headers: platformHeaders(header),
          body: JSON.stringify(retailDeclaration()),
        }),
      );
      expect(p.status).toBe(400);
      expect(p.type).toMatch(/idempotency-key$/);
      expect(p.detail).toMatch(detail);
      expect(p.errors).toEqual([expect.objectContaining({ pointer: '/headers/Idempotency-Key' })]);
    });

    it('refuses the header sent on two field lines', async () => {
      // fetch folds repeated fields into one line; node:http sends an array as separate lines.
      const url = new URL(`${stack.url('GZ')}/api/v1/declarations`);
      const body = JSON.stringify(retailDeclaration());
      const answer = await new Promise<Answer>((resolve, reject) => {
        const req = request(
          url,
          {
            method: 'POST',
            headers: { ...platformHeaders(), 'idempotency-key': ['first', 'second'] },
          },
          (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => (text += chunk));
            res.on('end', () =>
              resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'] ?? '', text }),
            );
          },
        );
        req.on('error', reject);
        req.end(body);
      });
      expect(answer.status).toBe(400);
      expect(problemViolations(answer)).toEqual([]);
      expect(JSON.parse(answer.text)).toMatchObject({
        type: expect.stringMatching(/idempotency-key$/),
        detail: expect.stringMatching(/once/),
      });
    });
  });
});
