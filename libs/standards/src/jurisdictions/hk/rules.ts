// The rules of HK's own law in the catalogue: excise and the declaration charge.
import type { Rule } from '../../rules';

const DOMAIN = 'domain.md';

export const HK_RULES: readonly Rule[] = [
  {
    id: 'HK_LIQUOR_DUTY',
    title: 'HK duty on liquor',
    text: 'Liquor above 30 % ABV: 100 % on the first HK$200 of value per container of up to one litre and 10 % on the remainder (larger containers per litre); ≤ 30 % ABV: none. Rounded half-up to the cent.',
    source: `${DOMAIN} § Hong Kong (HK) and Macau (MO); customs.gov.hk dutiable commodities`,
    effect: 'duty',
  },
  {
    id: 'HK_DUTIABLE_COMMODITY',
    title: 'HK dutiable commodity without a rate',
    text: 'Tobacco, hydrocarbon oil and methyl alcohol are dutiable in HK; this standard holds no rate for them, so an officer assesses the duty.',
    source: `${DOMAIN} § Hong Kong (HK) and Macau (MO)`,
    effect: 'lane',
    lane: 'YELLOW',
    checks: ['documents', 'valuation'],
  },
  {
    id: 'HK_DECLARATION_CHARGE',
    title: 'HK declaration charge',
    text: 'HK$0.20 for the first HK$46,000 of value plus HK$0.125 for each further HK$1,000 or part, rounded up to 10 cents, capped at HK$200; on import and export declarations.',
    source: `${DOMAIN} § Hong Kong (HK) and Macau (MO)`,
    effect: 'duty',
  },
];
