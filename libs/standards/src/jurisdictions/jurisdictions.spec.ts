import { explain, RULES } from '../rules';
import { JURISDICTIONS } from './index';
import { GZ_RULES } from './gz/rules';
import { HK_RULES } from './hk/rules';
import { MO_RULES } from './mo/rules';

describe('jurisdictions', () => {
  it('holds one record per authority, under its own code', () => {
    expect(Object.keys(JURISDICTIONS).sort()).toEqual(['GZ', 'HK', 'MO']);
    for (const [code, j] of Object.entries(JURISDICTIONS)) expect(j.authority).toBe(code);
  });

  it.each([
    ['GZ', GZ_RULES, /^CBEC_/, 'Mainland cross-border e-commerce retail imports (GZ)'],
    ['HK', HK_RULES, /^HK_/, 'Hong Kong (HK) and Macau (MO)'],
    ['MO', MO_RULES, /^MO_/, 'Hong Kong (HK) and Macau (MO)'],
  ])("%s's own rules are in the one catalogue, with their source", (_a, rules, prefix, section) => {
    expect(rules.length).toBeGreaterThan(0);
    for (const r of rules) {
      expect(r.id).toMatch(prefix);
      expect(explain(r.id)).toBe(r);
      expect(r.source).toContain(section);
    }
  });

  it('leaves no territory rule in the common part of the catalogue', () => {
    const own = new Set([...GZ_RULES, ...HK_RULES, ...MO_RULES].map((r) => r.id));
    const common = RULES.filter((r) => !own.has(r.id));
    expect(common.filter((r) => /^(CBEC|HK|MO)_/.test(r.id))).toEqual([]);
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
  });
});
