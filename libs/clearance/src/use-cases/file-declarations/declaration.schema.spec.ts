import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import { LIMITS, validateDeclaration } from '@gba/standards';
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

/**
 * The Declaration schema of the committed OpenAPI document (openapi/hong-kong-customs.json), as
 * JSON Schema for ajv: OpenAPI 3.0's `nullable` and boolean `exclusiveMinimum` in their JSON
 * Schema spelling, `$ref`s to other components resolved through the document.
 */
function exportedDeclarationValidator(): ValidateFunction {
  const document = JSON.parse(
    readFileSync(join(__dirname, '../../../../../openapi/hong-kong-customs.json'), 'utf8'),
  ) as { components: { schemas: Record<string, unknown> } };
  const toJsonSchema = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(toJsonSchema);
    if (!node || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === 'nullable' || key === 'example') continue;
      out[key] =
        key === 'properties'
          ? Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, toJsonSchema(v)]))
          : toJsonSchema(value);
    }
    const o = node as { exclusiveMinimum?: unknown; minimum?: number; nullable?: boolean; type?: string };
    if (o.exclusiveMinimum === true) {
      out['exclusiveMinimum'] = o.minimum;
      delete out['minimum'];
    }
    if (o.nullable && typeof o.type === 'string') out['type'] = [o.type, 'null'];
    return out;
  };
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  ajv.addSchema({ components: toJsonSchema(document.components) }, 'openapi');
  return ajv.compile({ $ref: 'openapi#/components/schemas/Declaration' });
}

describe('the exported OpenAPI document is at least as strict as the server', () => {
  const documented = exportedDeclarationValidator();
  const valid = sampleDeclaration({ origin: 'HK', destination: 'CN' });
  const withItem = (change: Record<string, unknown>) => ({
    ...valid,
    items: [{ ...valid.items[0], ...change }],
  });
  const withOrder = (change: Record<string, unknown>) => ({
    ...valid,
    ecommerce: { ...valid.ecommerce, order: { ...valid.ecommerce?.order, ...change } },
  });
  const { businessRegistrationNumber: _brn, ...consignorWithoutId } = valid.consignor as unknown as Record<
    string,
    unknown
  >;

  it('accepts what the server accepts: the samples and examples/declaration-hk-cn.json', () => {
    const example: unknown = JSON.parse(
      readFileSync(join(__dirname, '../../../../../examples/declaration-hk-cn.json'), 'utf8'),
    );
    for (const declaration of [valid, sampleDeclaration({ origin: 'CN', destination: 'MO' }), example]) {
      expect(validateDeclaration(declaration, new Date()).ok).toBe(true);
      expect(documented(declaration) ? [] : documented.errors).toEqual([]);
    }
  });

  it.each([
    ['a unit value with a leading zero ("0012")', withItem({ unitValue: '0012' })],
    ['a unit value with 5 decimals', withItem({ unitValue: '1.12345' })],
    ['an amount paid with 4 decimals', withOrder({ amountPaid: '10.1234' })],
    ['an amount paid with a leading zero', withOrder({ amountPaid: '010.00' })],
    [
      'more items than LIMITS.items',
      {
        ...valid,
        items: Array.from({ length: LIMITS.items + 1 }, (_, i) => ({ ...valid.items[0], line: i + 1 })),
      },
    ],
    ['no item', { ...valid, items: [] }],
    [
      'a description longer than LIMITS.description',
      withItem({ description: 'x'.repeat(LIMITS.description + 1) }),
    ],
    ['a blank platform reference', { ...valid, platformRef: '' }],
    ['a consignor of HK without an identifier', { ...valid, consignor: consignorWithoutId }],
    [
      'a consignor of HK with a foreign identifier',
      {
        ...valid,
        consignor: { ...valid.consignor, foreignId: { scheme: 'LEI', value: '5493001KJTIIGC8Y1R12' } },
      },
    ],
    [
      'a consignor outside CN, HK and MO without an address',
      { ...valid, consignor: { name: 'Osaka KK', country: 'JP' } },
    ],
    ['an unknown member at the top', { ...valid, discountCode: 'X' }],
    ['an unknown member of an item', withItem({ colour: 'red' })],
    ['an unknown member of a party', { ...valid, consignee: { ...valid.consignee, nickname: 'Ming' } }],
    ['an unknown tariff code authority', withItem({ tariffCodes: { GZ: '3304990099', XX: '1' } })],
    ['a negative quantity', withItem({ quantity: -1 })],
    ['a zero gross mass', withItem({ grossMassKg: 0 })],
    ['an unknown trade mode', { ...valid, tradeMode: '0000' }],
  ])('%s: refused by the server and by the document', (_name, declaration) => {
    expect(validateDeclaration(declaration, new Date()).ok).toBe(false);
    expect(documented(declaration)).toBe(false);
  });
});
