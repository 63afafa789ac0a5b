import { macauConsumptionTax } from './consumption-tax';

describe('Macau consumption tax', () => {
  it.each([
    [
      'whisky: 10 % of CIF + MOP 20 × 0.7 l',
      { hsCode: '220830', cifValueMop: '1000.00', alcoholPercent: 40, litres: 0.7 },
      '114.00',
    ],
    [
      'ABV exactly 30 %: taxed',
      { hsCode: '220830', cifValueMop: '1000.00', alcoholPercent: 30, litres: 1 },
      '120.00',
    ],
    ['below 30 %', { hsCode: '220830', cifValueMop: '1000.00', alcoholPercent: 29.99, litres: 1 }, '0.00'],
    [
      'rice wine excepted',
      { hsCode: '220600', cifValueMop: '500.00', alcoholPercent: 35, litres: 0.5, riceWine: true },
      '0.00',
    ],
    [
      'wine (2204) is not in the list',
      { hsCode: '220421', cifValueMop: '500.00', alcoholPercent: 14, litres: 0.75 },
      '0.00',
    ],
    [
      'heading 2204 even at 40 %',
      { hsCode: '220421', cifValueMop: '500.00', alcoholPercent: 40, litres: 0.75 },
      '0.00',
    ],
    ['cigarettes: MOP 1.50 × 200 sticks', { hsCode: '240220', cifValueMop: '300.00', sticks: 200 }, '300.00'],
    ['other cigarettes', { hsCode: '240290', cifValueMop: '30.00', sticks: 20 }, '30.00'],
    ['cigars: MOP 4,326 × 0.5 kg', { hsCode: '240210', cifValueMop: '3000.00', netMassKg: 0.5 }, '2163.00'],
    ['cigars: 1.7304 → 1.73', { hsCode: '240210', cifValueMop: '3000.00', netMassKg: 0.0004 }, '1.73'],
    ['other goods', { hsCode: '330499', cifValueMop: '300.00' }, '0.00'],
  ])('%s', (_case, goods, tax) => {
    expect(macauConsumptionTax(goods)).toBe(tax);
  });
});
