// Goods lists and reference figures by HS code, common to the three authorities.
import type { GoodsListEntry, HsRate, ReferenceValue, RestrictedGoodsEntry } from './types';

/**
 * The common prohibited list, by HS heading or subheading. Categories that no HS code can tell
 * apart from lawful goods (counterfeit currency, goods carrying pests) are found at inspection
 * and recorded as the finding PROHIBITED_GOODS.
 */
export const PROHIBITED_GOODS: readonly GoodsListEntry[] = [
  { hsPrefix: '9301', category: 'weapons: military weapons' },
  { hsPrefix: '9302', category: 'weapons: revolvers and pistols' },
  { hsPrefix: '9306', category: 'ammunition, bombs, grenades and the like' },
  { hsPrefix: '121130', category: 'narcotics: coca leaf' },
  { hsPrefix: '121140', category: 'narcotics: poppy straw' },
  { hsPrefix: '130211', category: 'narcotics: opium' },
  { hsPrefix: '293971', category: 'narcotics: cocaine, ecgonine, metamfetamine and their salts' },
  { hsPrefix: '380859', category: 'poisons: pesticides under the Rotterdam and Stockholm conventions' },
  { hsPrefix: '382510', category: 'municipal waste (carrier of pests and disease)' },
];

/** The common restricted list: held until a permit of the given type is produced and checked. */
export const RESTRICTED_GOODS: readonly RestrictedGoodsEntry[] = [
  { hsPrefix: '0106', category: 'endangered species: live animals', permitType: 'CITES' },
  { hsPrefix: '0507', category: 'endangered species: ivory, tortoise-shell, horns', permitType: 'CITES' },
  { hsPrefix: '9601', category: 'endangered species: worked ivory and tortoise-shell', permitType: 'CITES' },
  { hsPrefix: '9303', category: 'other firearms', permitType: 'ARMS' },
  { hsPrefix: '9304', category: 'other arms (air guns, truncheons)', permitType: 'ARMS' },
  { hsPrefix: '3601', category: 'propellent powders', permitType: 'EXPLOSIVES' },
  { hsPrefix: '3602', category: 'prepared explosives', permitType: 'EXPLOSIVES' },
  { hsPrefix: '3603', category: 'detonators and fuses', permitType: 'EXPLOSIVES' },
  { hsPrefix: '2844', category: 'radioactive elements and isotopes', permitType: 'RADIOACTIVE' },
  {
    hsPrefix: '8401',
    category: 'strategic commodities: nuclear reactors and parts',
    permitType: 'STRATEGIC',
  },
];

/**
 * Reference unit values and value-per-kilogram bands per HS-6, CNY. Illustrative figures that
 * risk supervisors maintain from observed declarations.
 */
export const REFERENCE_VALUES: readonly ReferenceValue[] = [
  {
    hs6: '330499',
    description: 'skin-care preparations',
    unit: 'PCE',
    unitValueCny: '80.00',
    valuePerKgCny: { min: '40.00', max: '40000.00' },
  },
  {
    hs6: '330510',
    description: 'shampoo',
    unit: 'PCE',
    unitValueCny: '30.00',
    valuePerKgCny: { min: '10.00', max: '5000.00' },
  },
  {
    hs6: '190110',
    description: 'infant formula, retail',
    unit: 'PCE',
    unitValueCny: '150.00',
    valuePerKgCny: { min: '60.00', max: '2000.00' },
  },
  {
    hs6: '851713',
    description: 'smartphones',
    unit: 'PCE',
    unitValueCny: '1500.00',
    valuePerKgCny: { min: '500.00', max: '100000.00' },
  },
  {
    hs6: '220830',
    description: 'whiskies',
    unit: 'PCE',
    unitValueCny: '150.00',
    valuePerKgCny: { min: '20.00', max: '500000.00' },
  },
  {
    hs6: '910211',
    description: 'wrist-watches',
    unit: 'PCE',
    unitValueCny: '300.00',
    valuePerKgCny: { min: '500.00', max: '5000000.00' },
  },
];

/** Mainland consumption tax, ad valorem part, by HS heading. Sample of the goods sold as CBEC retail. */
export const CN_CONSUMPTION_TAX: readonly HsRate[] = [
  { hsPrefix: '2204', rate: '0.10', note: 'wine (other alcoholic beverages)' },
  { hsPrefix: '2205', rate: '0.10', note: 'vermouth (other alcoholic beverages)' },
  { hsPrefix: '2206', rate: '0.10', note: 'other fermented beverages (other alcoholic beverages)' },
  { hsPrefix: '2208', rate: '0.20', note: 'spirits, ad valorem part' },
];

/** Mainland MFN tariff for goods taxed in full. Sample; unlisted goods go to an officer. */
export const CN_MFN_TARIFF: readonly HsRate[] = [
  { hsPrefix: '330499', rate: '0.01', note: 'skin-care preparations' },
  { hsPrefix: '8471', rate: '0', note: 'computers (ITA)' },
  { hsPrefix: '8517', rate: '0', note: 'telephones, smartphones (ITA)' },
];
