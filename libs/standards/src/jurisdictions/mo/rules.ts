// The rules of Macau's own law in the catalogue: the consumption tax.
import type { Rule } from '../../rules';

const DOMAIN = 'domain.md';

export const MO_RULES: readonly Rule[] = [
  {
    id: 'MO_CONSUMPTION_TAX',
    title: 'Macau consumption tax',
    text: 'Alcoholic drinks (HS 2205/2206/2208) of ≥ 30 % ABV, rice wine excepted: 10 % of CIF value + MOP 20 per litre; cigarettes MOP 1.50 a stick; cigars MOP 4,326/kg. Rounded half-up to the avo.',
    source: `${DOMAIN} § Hong Kong (HK) and Macau (MO); gov.mo service ps-1331`,
    effect: 'duty',
  },
  {
    id: 'MO_RICE_WINE_EXCEPTION',
    title: 'Macau rice wine exception claimed',
    text: 'Liquor described as rice wine is excepted from the Macau consumption tax; an officer confirms the description.',
    source: `${DOMAIN} § Hong Kong (HK) and Macau (MO)`,
    effect: 'lane',
    lane: 'YELLOW',
    checks: ['documents', 'description'],
  },
];
