import fc from 'fast-check';
import { canonicalJson } from './canonical-json';

describe('canonical JSON', () => {
  it('is JSON.stringify with sorted keys', () => {
    expect(canonicalJson({ b: [1, ',', { d: null, c: ']' }], a: 'x', u: undefined })).toBe(
      '{"a":"x","b":[1,",",{"c":"]","d":null}]}',
    );
  });

  it('renders strings that look like punctuation as strings', () => {
    expect(canonicalJson(',')).toBe('","');
    expect(canonicalJson([']', '}'])).toBe('["]","}"]');
  });

  it('ignores key order and parses back to the same value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
        expect(canonicalJson(JSON.parse(text))).toBe(text);
      }),
    );
  });

  it('survives nesting far deeper than the call stack', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(canonicalJson(deep)).toHaveLength(200_008);
  });
});
