import fc from 'fast-check';
import { serializeString } from 'structured-headers';
import { idempotencyKeyProblem, isIdempotencyKey, parseIdempotencyKey } from './idempotency-key';

describe('Idempotency-Key (api.md: 1–255 printable ASCII characters; IETF draft: an RFC 8941 String)', () => {
  it.each<[string, string, string]>([
    ['a bare token', 'order-2026-000123', 'order-2026-000123'],
    ['a bare UUID', '8e03978e-40d5-43e8-bc93-6894a57f9324', '8e03978e-40d5-43e8-bc93-6894a57f9324'],
    ['a bare key with a space', 'order 2026-000123', 'order 2026-000123'],
    ['a bare key with punctuation', 'a,b;c="d"', 'a,b;c="d"'],
    ['one character', 'x', 'x'],
    ['255 characters', 'k'.repeat(255), 'k'.repeat(255)],
    ['the quoted form with a space', '"order 2026-000123"', 'order 2026-000123'],
    [
      'the quoted form of a UUID',
      '"8e03978e-40d5-43e8-bc93-6894a57f9324"',
      '8e03978e-40d5-43e8-bc93-6894a57f9324',
    ],
    ['escapes in the quoted form', '"say \\"hi\\" \\\\ bye"', 'say "hi" \\ bye'],
    ['a quoted key of spaces', '"   "', '   '],
    ['255 characters quoted', `"${'k'.repeat(255)}"`, 'k'.repeat(255)],
  ])('takes %s', (_name, header, key) => {
    expect(parseIdempotencyKey(header)).toEqual({ ok: true, key });
    expect(parseIdempotencyKey([header])).toEqual({ ok: true, key });
  });

  it.each<[string, string[] | string | undefined, RegExp]>([
    ['no header', undefined, /required/],
    ['no field line', [], /required/],
    ['an empty value', '', /empty/],
    ['an empty quoted value', '""', /empty/],
    ['256 characters', 'k'.repeat(256), /256 characters/],
    ['256 characters quoted', `"${'k'.repeat(256)}"`, /256 characters/],
    ['a non-ASCII character', 'clé-1', /character outside/],
    ['a tab', 'a\tb', /character outside/],
    ['an unterminated quoted string', '"order 1', /RFC 8941 String/],
    ['text after the quoted string', '"order 1" trailing', /RFC 8941 String/],
    ['a bad escape', '"a\\x"', /RFC 8941 String/],
    ['a non-ASCII quoted string', '"clé"', /RFC 8941 String/],
    ['parameters', '"order 1";v=2', /without parameters/],
    ['two field lines', ['a', 'b'], /once/],
  ])('refuses %s', (_name, header, detail) => {
    const result = parseIdempotencyKey(header);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.detail).toMatch(detail);
  });

  it('reads back every printable key the draft would send quoted, and the same key bare when it does not start with a quote', () => {
    const key = fc.string({
      unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
      minLength: 1,
      maxLength: 255,
    });
    fc.assert(
      fc.property(key, (k) => {
        expect(parseIdempotencyKey(serializeString(k))).toEqual({ ok: true, key: k });
        const bare = k.trim();
        if (bare !== '' && !bare.startsWith('"'))
          expect(parseIdempotencyKey(bare)).toEqual({ ok: true, key: bare });
        expect(isIdempotencyKey(k)).toBe(true);
      }),
    );
  });

  it.each<[unknown, boolean]>([
    ['order 2026-000123', true],
    ['~', true],
    ['', false],
    ['k'.repeat(256), false],
    ['a\u00a0b', false],
    ['a\nb', false],
    [42, false],
    [undefined, false],
  ])('isIdempotencyKey(%j) is %s (the batch items’ rule)', (key, valid) => {
    expect(isIdempotencyKey(key)).toBe(valid);
  });

  it('answers a bad key as 400 problem+json with the pointer and why', () => {
    expect(
      idempotencyKeyProblem('/headers/Idempotency-Key', 'Send the Idempotency-Key header once.'),
    ).toEqual({
      type: 'https://gba-clearance.example/problems/idempotency-key',
      title: 'Bad Request',
      status: 400,
      detail: 'Send the Idempotency-Key header once.',
      errors: [
        {
          pointer: '/headers/Idempotency-Key',
          code: 'IDEMPOTENCY_KEY_INVALID',
          detail: '1–255 printable ASCII characters (space included)',
        },
      ],
    });
  });
});
