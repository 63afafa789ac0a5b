import fc from 'fast-check';
import { FREE_TEXT_MEMBERS, MAX_JSON_DEPTH, normaliseText, textFault, unsafeText } from './text-safety';

const BIDI_CONTROLS = [
  0x061c, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069,
];
// Invisible characters (Cf or Default_Ignorable_Code_Point) that are not bidi controls.
const INVISIBLES = [
  0x00ad, // soft hyphen
  0x034f, // combining grapheme joiner
  0x115f, // Hangul choseong filler
  0x180e, // Mongolian vowel separator
  0x200b, // zero width space
  0x200c, // zero width non-joiner
  0x200d, // zero width joiner
  0x2060, // word joiner
  0x2061, // function application
  0x2062, // invisible times
  0x2063, // invisible separator
  0x2064, // invisible plus
  0x3164, // Hangul filler
  0xfe0f, // variation selector 16
  0xfeff, // zero width no-break space (BOM)
  0xffa0, // halfwidth Hangul filler
  0xfff9, // interlinear annotation anchor
  0x0600, // Arabic number sign (Cf)
  0x1d173, // musical symbol begin beam
  0xe0001, // language tag
  0xe0041, // tag latin capital letter A
  0xe0100, // variation selector 17
];
const CONTROLS = [0x01, 0x07, 0x08, 0x09, 0x0a, 0x0d, 0x1b, 0x7f, 0x85, 0x9f, 0x2028, 0x2029];

const hex = (c: number) => `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
const ch = String.fromCodePoint;

describe('textFault: references, identifiers and names', () => {
  it.each([
    ['printable ASCII', 'PO-2026/000123 #A'],
    ['CJK', '王小明'],
    ['Portuguese', 'Conceição & Filhos, Lda.'],
    ['Arabic', 'شركة التجارة'],
    ['Devanagari', 'क्षत्रिय'],
    ['emoji', 'Shop 😀'],
    ['a compatibility ideograph (normalised later, not refused)', '\uf90a小明'],
    ['a decomposed accent', 'Jose\u0301'],
    ['an ideographic space', '王\u3000小明'],
  ])('takes %s', (_name, value) => {
    expect(textFault(value, false)).toBeUndefined();
  });

  it.each(BIDI_CONTROLS.map((c) => [hex(c), c]))('refuses the bidi control %s', (_hex, c) => {
    expect(textFault(`ACME${ch(c)}Ltd`, false)).toEqual({
      code: 'TEXT_BIDI_CONTROL',
      detail: expect.stringContaining(hex(c)),
    });
  });

  it.each(INVISIBLES.map((c) => [hex(c), c]))('refuses the invisible character %s', (_hex, c) => {
    expect(textFault(`ACME${ch(c)}Ltd`, false)).toEqual({
      code: 'TEXT_INVISIBLE',
      detail: expect.stringContaining(hex(c)),
    });
  });

  it.each(CONTROLS.map((c) => [hex(c), c]))('refuses the control character %s', (_hex, c) => {
    expect(textFault(`ACME${ch(c)}Ltd`, false)).toEqual({
      code: 'TEXT_CONTROL',
      detail: expect.stringContaining(hex(c)),
    });
  });

  it.each([
    ['NUL', 'a\u0000b'],
    ['a lone high surrogate', 'x\ud800y'],
    ['a lone low surrogate', 'x\udc00'],
  ])('refuses %s as unstorable', (_name, value) => {
    expect(textFault(value, false)?.code).toBe('TEXT_INVALID');
  });

  it('takes any string without a control, format or default-ignorable character', () => {
    const clean = fc
      .string({ unit: 'grapheme', maxLength: 30 })
      .filter((s) => !/[\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}\u2028\u2029]/u.test(s));
    fc.assert(fc.property(clean, (s) => textFault(s, false) === undefined));
  });

  it('refuses every string holding a format character, wherever it is', () => {
    const format = fc
      .integer({ min: 0, max: 0x10ffff })
      .filter((c) => (c < 0xd800 || c > 0xdfff) && /\p{Cf}/u.test(ch(c)));
    fc.assert(
      fc.property(fc.string({ maxLength: 10 }), format, fc.string({ maxLength: 10 }), (a, c, b) => {
        expect(textFault(`${a}${ch(c)}${b}`, false)).toBeDefined();
      }),
    );
  });
});

describe('textFault: free text (goods descriptions, addresses, reasons, findings)', () => {
  it.each([
    ['a multi-line reason', 'Seal broken.\r\nRe-sealed at LMC.\tOK'],
    ['ZWNJ in Persian (می‌خواهم)', 'می\u200cخواهم'],
    ['ZWJ after a Devanagari virama (क्‍ष)', 'क्\u200dष'],
    ['ZWNJ after a Malayalam virama', 'ന്\u200cറ'],
    ['an emoji ZWJ sequence (family)', 'Gift set 👨\u200d👩\u200d👧'],
    ['an emoji with VS16 (❤️)', 'Mug ❤\ufe0f'],
    ['an emoji with a skin tone and ZWJ', 'Figure 👩🏽\u200d💻'],
    ['an ideographic variation sequence (葛󠄀)', '葛\u{e0100}根湯'],
  ])('takes %s', (_name, value) => {
    expect(textFault(value, true)).toBeUndefined();
  });

  it.each([
    ['a bidi override', 'Face cream \u202egnp.exe', 'TEXT_BIDI_CONTROL'],
    ['a bidi isolate', 'Cream \u2067x\u2069', 'TEXT_BIDI_CONTROL'],
    ['a zero-width space', 'co\u200bcaine', 'TEXT_INVISIBLE'],
    ['a soft hyphen', 'co\u00adcaine', 'TEXT_INVISIBLE'],
    ['ZWNJ inside a Latin word', 'coc\u200caine', 'TEXT_INVISIBLE'],
    ['ZWJ inside a Chinese word', '面\u200d霜', 'TEXT_INVISIBLE'],
    ['ZWJ at the end', 'क्\u200d', 'TEXT_INVISIBLE'],
    ['ZWJ between an emoji and a letter', '😀\u200da', 'TEXT_INVISIBLE'],
    ['a variation selector after a space', 'Mug \ufe0f', 'TEXT_INVISIBLE'],
    ['tag characters (hidden ASCII)', 'Tea\u{e0069}\u{e0067}', 'TEXT_INVISIBLE'],
    ['a BOM inside', 'Tea\ufeff', 'TEXT_INVISIBLE'],
    ['a bell', 'Tea\u0007', 'TEXT_CONTROL'],
    ['a line separator', 'Tea\u2028pot', 'TEXT_CONTROL'],
  ])('refuses %s', (_name, value, code) => {
    expect(textFault(value, true)?.code).toBe(code);
  });

  it('names its free-text members', () => {
    expect([...FREE_TEXT_MEMBERS].sort()).toEqual(['address', 'description', 'detail', 'reason']);
  });
});

describe('unsafeText: every string and member name of a body', () => {
  it('accepts ordinary text, CJK and paired surrogates (emoji)', () => {
    expect(unsafeText({ name: '王小明', note: 'ok 😀', list: ['a', 1, null, true] })).toEqual([]);
  });

  it.each([
    [{ reason: 'a\u0000b' }, '/reason', 'TEXT_INVALID'],
    [{ items: [{ description: 'Face \ud800 cream' }] }, '/items/0/description', 'TEXT_INVALID'],
    [{ tail: 'x\udc00' }, '/tail', 'TEXT_INVALID'],
    [{ 'a/b\u0000': 1 }, '/a~1b\u0000', 'TEXT_INVALID'],
    [{ consignor: { name: 'ACME \u202eLtd' } }, '/consignor/name', 'TEXT_BIDI_CONTROL'],
    [{ items: [{ description: 'Cream \u202e' }] }, '/items/0/description', 'TEXT_BIDI_CONTROL'],
    [
      { transport: { containerNumbers: ['MSCU\u200b1234565'] } },
      '/transport/containerNumbers/0',
      'TEXT_INVISIBLE',
    ],
    [{ platformRef: 'PO\u200d1' }, '/platformRef', 'TEXT_INVISIBLE'],
    [{ 'platform\u200bRef': 'PO-1' }, '/platform\u200bRef', 'TEXT_INVISIBLE'],
    [
      [{ idempotencyKey: 'k', declaration: { consignee: { name: 'x\u2066' } } }],
      '/0/declaration/consignee/name',
      'TEXT_BIDI_CONTROL',
    ],
    [{ findings: [{ code: 'X', detail: 'ok\u200b' }] }, '/findings/0/detail', 'TEXT_INVISIBLE'],
  ])('refuses %j at %s', (body, pointer, code) => {
    expect(unsafeText(body)).toEqual([expect.objectContaining({ pointer, code })]);
  });

  it('takes joiners in free text but not in a name beside it', () => {
    expect(
      unsafeText({
        consignee: { name: 'می\u200cخواهم', address: 'می\u200cخواهم' },
        items: [{ description: 'می\u200cخواهم' }],
      }),
    ).toEqual([expect.objectContaining({ pointer: '/consignee/name', code: 'TEXT_INVISIBLE' })]);
  });

  it('reports every failing field', () => {
    const errors = unsafeText({
      consignor: { name: 'A\u202e' },
      consignee: { name: 'B\u200b' },
      items: [{ unit: 'P\u0007' }],
    });
    expect(errors.map((e) => e.pointer).sort()).toEqual([
      '/consignee/name',
      '/consignor/name',
      '/items/0/unit',
    ]);
  });

  it('refuses nesting past the limit without recursion', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(unsafeText(deep)).toEqual([expect.objectContaining({ code: 'NESTING_TOO_DEEP' })]);
    let ok: unknown = 'x';
    for (let i = 0; i < MAX_JSON_DEPTH; i++) ok = [ok];
    expect(unsafeText(ok)).toEqual([]);
  });

  it('finds nesting past the limit however many other errors come first', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 1000; i++) deep = [deep];
    // `list` is walked first (a stack), and holds more errors than are reported.
    const errors = unsafeText({ deep, list: Array.from({ length: 80 }, () => 'a\u0000') });
    expect(errors).toHaveLength(50);
    expect(errors).toContainEqual(expect.objectContaining({ code: 'NESTING_TOO_DEEP' }));
  });
});

describe('normaliseText: NFC at the door', () => {
  it('normalises every string and member name, keeping order, arrays and other values', () => {
    const body = JSON.parse(
      '{"payerName":"\\uf90a小明","Jose\\u0301":["e\\u0301",1,null,true,{"x":"\\u212b"}],"n":2,"__proto__":"a\\u0301"}',
    ) as Record<string, unknown>;
    const result = normaliseText(body) as Record<string, unknown>;
    expect(Object.keys(result)).toEqual(['payerName', 'José', 'n', '__proto__']);
    expect(JSON.stringify(result)).toBe(
      '{"payerName":"金小明","José":["é",1,null,true,{"x":"Å"}],"n":2,"__proto__":"á"}',
    );
    expect(Object.getOwnPropertyDescriptor(result, '__proto__')?.value).toBe('á');
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
  });

  it('makes any JSON value NFC everywhere and is idempotent', () => {
    const allNfc = (v: unknown): boolean =>
      typeof v === 'string'
        ? v === v.normalize('NFC')
        : v !== null && typeof v === 'object'
          ? Object.entries(v).every(([k, x]) => k === k.normalize('NFC') && allNfc(x))
          : true;
    const text = fc.string({ unit: 'grapheme-composite', maxLength: 8 }).map((s) => s.normalize('NFD'));
    const json = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, text, fc.integer(), tie('array'), tie('object')),
      array: fc.array(tie('value'), { maxLength: 4 }),
      object: fc.dictionary(text, tie('value'), { maxKeys: 4 }),
    })).value;
    fc.assert(
      fc.property(json, (value) => {
        // Names that collide under NFC are refused earlier (duplicateMembers): keep unique ones.
        const body = JSON.parse(JSON.stringify(value)) as unknown;
        const copy = JSON.stringify(body);
        const once = normaliseText(body);
        expect(allNfc(once)).toBe(true);
        expect(JSON.stringify(normaliseText(JSON.parse(JSON.stringify(once))))).toBe(JSON.stringify(once));
        expect(JSON.stringify(once).normalize('NFC')).toBe(copy.normalize('NFC'));
      }),
    );
  });
});
