import { assess } from '../assessment/assess';
import { context, item, retailImport } from '../testing/fixtures';
import { loadPositiveList, PositiveListFormatError, withPositiveList } from './positive-list';
import { STANDARD_2024_2 } from './standards';

const META = { edition: '2022', source: 'full list file' };

describe('loading a full positive list', () => {
  it('parses tariffLine,description,remark with a header, quotes, BOM, CRLF and comments', () => {
    const text =
      '\uFEFFtariffLine,description,remark\r\n' +
      '# beauty\r\n' +
      '3304.99.00,"Beauty, make-up and skin-care preparations",\r\n' +
      '33051000,Shampoos\r\n' +
      '\r\n' +
      '0401.20.00,"Milk, ""fresh""",仅限网购保税商品\r\n';
    const list = loadPositiveList(text, META);
    expect(list.edition).toBe('2022');
    expect(list.lines).toEqual([
      {
        tariffLine: '33049900',
        description: 'Beauty, make-up and skin-care preparations',
        remark: '',
        bondedOnly: false,
      },
      { tariffLine: '33051000', description: 'Shampoos', remark: '', bondedOnly: false },
      { tariffLine: '04012000', description: 'Milk, "fresh"', remark: '仅限网购保税商品', bondedOnly: true },
    ]);
  });

  it('reports every bad line at once', () => {
    const text =
      '3304.99,Too short\n3305.10.00,\n3305.10.00,Shampoo\n3305.10.00,Shampoo again\n"unbalanced,x\na,b,c,d\n3306.10.10,"x"y';
    try {
      loadPositiveList(text, META);
      throw new Error('expected a format error');
    } catch (e) {
      expect(e).toBeInstanceOf(PositiveListFormatError);
      expect((e as PositiveListFormatError).problems.map((p) => p.line)).toEqual([1, 2, 4, 5, 6, 7]);
      expect((e as Error).message).toMatch(/line 1: tariff line "3304.99" is not 8 digits/);
    }
  });

  it('refuses an empty file', () => {
    expect(() => loadPositiveList('tariffLine,description,remark\n', META)).toThrow(/no tariff lines/);
  });

  it('is what assessment applies once loaded into a standard', () => {
    const watch = item({
      hsCode: '910219',
      tariffCodes: { GZ: '9102190000', HK: '91021900' },
      unitValue: '300.00',
      quantity: 1,
    });
    const d = retailImport([watch]);
    expect(assess(d, 'GZ', context()).rejected?.ruleIds).toEqual(['CBEC_NOT_ON_POSITIVE_LIST']);
    const full = withPositiveList(
      STANDARD_2024_2,
      loadPositiveList('9102.19.00,Wrist-watches n.e.s.\n', { edition: '2022-full', source: 'operator' }),
    );
    const a = assess(
      d,
      'GZ',
      context({ standard: { ...full, randomSelection: context().standard!.randomSelection } }),
    );
    expect(a.rejected).toBeNull();
    expect(a.positiveListEdition).toBe('2022-full');
    expect(a.standardVersion).toBe('GBA-2024.2');
  });
});
