import { MAX_JSON_DEPTH, unstorableText } from './text-safety';

describe('text a service can store', () => {
  it('accepts ordinary text, CJK and paired surrogates (emoji)', () => {
    expect(unstorableText({ name: '王小明', note: 'ok 😀', list: ['a', 1, null, true] })).toEqual([]);
  });

  it.each([
    [{ reason: 'a\u0000b' }, '/reason'],
    [{ items: [{ description: 'Face \ud800 cream' }] }, '/items/0/description'],
    [{ tail: 'x\udc00' }, '/tail'],
    [{ 'a/b\u0000': 1 }, '/a~1b\u0000'],
  ])('refuses %j at %s', (body, pointer) => {
    expect(unstorableText(body)).toEqual([expect.objectContaining({ pointer, code: 'TEXT_INVALID' })]);
  });

  it('refuses nesting past the limit without recursion', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(unstorableText(deep)).toEqual([expect.objectContaining({ code: 'NESTING_TOO_DEEP' })]);
    let ok: unknown = 'x';
    for (let i = 0; i < MAX_JSON_DEPTH; i++) ok = [ok];
    expect(unstorableText(ok)).toEqual([]);
  });
});
