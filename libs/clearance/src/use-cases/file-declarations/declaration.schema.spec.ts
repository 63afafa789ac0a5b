import { validateDeclaration } from '@gba/standards';
import { sampleDeclaration } from '@gba/testing';
import { DECLARATION_SCHEMA } from './declaration.schema';

type Schema = { properties?: Record<string, Schema>; items?: Schema; required?: string[] };

/** Every member of `value` that the documented schema does not describe, as JSON pointers. */
function undocumented(value: unknown, schema: Schema, pointer = ''): string[] {
  if (Array.isArray(value))
    return value.flatMap((v, i) => (schema.items ? undocumented(v, schema.items, `${pointer}/${i}`) : []));
  if (!value || typeof value !== 'object' || !schema.properties) return [];
  return Object.entries(value).flatMap(([key, v]) => {
    const member = schema.properties?.[key];
    return member ? undocumented(v, member, `${pointer}/${key}`) : [`${pointer}/${key}`];
  });
}

describe('the documented declaration schema', () => {
  it.each([
    ['a retail import', sampleDeclaration({ origin: 'HK', destination: 'CN' })],
    ['general trade', sampleDeclaration({ origin: 'CN', destination: 'MO' })],
    [
      'an import from a Japanese maker',
      {
        ...sampleDeclaration({ origin: 'JP', destination: 'HK' }, { retail: false }),
        consignor: {
          name: 'Osaka Cosmetics KK',
          country: 'JP',
          address: '1-1 Umeda, Kita-ku, Osaka',
          foreignId: { scheme: 'JP_CORPORATE_NUMBER', value: '7000012050002' },
        },
      },
    ],
  ])('describes every field of %s that the standard accepts', (_name, declaration) => {
    expect(validateDeclaration(declaration, new Date()).ok).toBe(true);
    expect(undocumented(declaration, DECLARATION_SCHEMA as Schema)).toEqual([]);
  });

  it('requires what the standard requires', () => {
    for (const field of DECLARATION_SCHEMA.required ?? []) {
      const declaration: Record<string, unknown> = { ...sampleDeclaration() };
      delete declaration[field];
      expect(validateDeclaration(declaration, new Date()).ok).toBe(false);
    }
  });
});
