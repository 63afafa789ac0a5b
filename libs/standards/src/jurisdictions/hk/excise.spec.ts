import { STANDARD_2024_1, STANDARD_2024_2 } from '../../config/standards';
import { hkExcise } from './excise';

describe('HK duty on liquor', () => {
  it.each([
    ['HK$200 at 100 % + HK$300 at 10 %', { valueHkd: '500.00', alcoholPercent: 40 }, '230.00'],
    ['at or below HK$200: 100 %', { valueHkd: '150.00', alcoholPercent: 40 }, '150.00'],
    ['exactly HK$200', { valueHkd: '200.00', alcoholPercent: 40 }, '200.00'],
    ['ABV exactly 30 %: not dutiable', { valueHkd: '500.00', alcoholPercent: 30 }, '0.00'],
    ['just above 30 %', { valueHkd: '500.00', alcoholPercent: 30.01 }, '230.00'],
    ['wine', { valueHkd: '500.00', alcoholPercent: 13.5 }, '0.00'],
    [
      'two bottles: HK$200 each at 100 %',
      { valueHkd: '1000.00', alcoholPercent: 40, containers: 2 },
      '460.00',
    ],
    [
      '1.5-litre bottle: per litre, HK$300 at 100 %',
      { valueHkd: '900.00', alcoholPercent: 40, containers: 1, litres: 1.5 },
      '360.00',
    ],
    [
      'two 0.7-litre bottles: per container',
      { valueHkd: '900.00', alcoholPercent: 40, containers: 2, litres: 1.4 },
      '450.00',
    ],
    ['10 % of HK$100.05 = 10.005, half-up', { valueHkd: '300.05', alcoholPercent: 40 }, '210.01'],
  ])('%s', (_case, liquor, duty) => {
    expect(hkExcise(liquor, STANDARD_2024_2)).toBe(duty);
  });

  it('is a flat 100 % under the standard in force before 2024-10-16', () => {
    expect(hkExcise({ valueHkd: '500.00', alcoholPercent: 40 }, STANDARD_2024_1)).toBe('500.00');
    expect(hkExcise({ valueHkd: '500.00', alcoholPercent: 30 }, STANDARD_2024_1)).toBe('0.00');
  });
});
