import en from './locales/en.json';
import zhHans from './locales/zh-Hans.json';
import zhHant from './locales/zh-Hant.json';

type Tree = { [key: string]: string | Tree };

/** Every leaf key of a locale as a dotted path, with its text. */
function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of leaves(value, path)) out.set(k, v);
  }
  return out;
}

const variables = (text: string) => [...text.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]).sort();

describe('the console languages', () => {
  const english = leaves(en as Tree);
  const others = { 'zh-Hant': leaves(zhHant as Tree), 'zh-Hans': leaves(zhHans as Tree) };

  it.each(Object.entries(others))(
    '%s has exactly the English keys, none empty, with the same variables',
    (_l, texts) => {
      expect([...texts.keys()].sort()).toEqual([...english.keys()].sort());
      for (const [key, text] of texts) {
        expect({ key, empty: text.trim() === '' }).toEqual({ key, empty: false });
        expect({ key, variables: variables(text) }).toEqual({
          key,
          variables: variables(english.get(key) ?? ''),
        });
      }
    },
  );

  it('writes Traditional and Simplified Chinese differently where the scripts differ', () => {
    expect(others['zh-Hant'].get('nav.queue')).toBe('查驗佇列');
    expect(others['zh-Hans'].get('nav.queue')).toBe('查验队列');
  });
});
