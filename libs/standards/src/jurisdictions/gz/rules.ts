// The rules of GZ's own law in the catalogue: mainland cross-border e-commerce retail imports.
import type { Rule } from '../../rules';

const CBEC = 'domain.md § Mainland cross-border e-commerce retail imports (GZ)';

export const GZ_RULES: readonly Rule[] = [
  {
    id: 'CBEC_ORDER_NO_MISMATCH',
    title: 'Three-document match: order number',
    text: 'Order, payment and waybill carry the same order number.',
    source: CBEC,
    effect: 'reject',
  },
  {
    id: 'CBEC_PAYMENT_AMOUNT_MISMATCH',
    title: 'Three-document match: payment amount',
    text: "The payment amount equals the order's amount paid exactly, in the same currency.",
    source: CBEC,
    effect: 'reject',
  },
  {
    id: 'CBEC_AMOUNT_PAID_MISMATCH',
    title: 'Three-document match: amount paid',
    text: 'The amount paid equals goods value + freight + insurance + tax withheld − discount within 5 % (order fields default to 0; goods value from the items).',
    source: CBEC,
    effect: 'reject',
  },
  {
    id: 'CBEC_PAYER_NOT_BUYER',
    title: 'Three-document match: payer',
    text: 'The payer is the buyer (same name and ID number) unless the order says the platform authenticated the buyer.',
    source: CBEC,
    effect: 'reject',
  },
  {
    id: 'CBEC_SINGLE_LIMIT_EXCEEDED',
    title: 'Single transaction limit',
    text: 'Above ¥5,000 per transaction (goods, freight, insurance, less discount) with more than one item: rejected as retail; general trade applies.',
    source: CBEC,
    effect: 'reject',
  },
  {
    id: 'CBEC_INDIVISIBLE_ITEM_OVER_LIMIT',
    title: 'Indivisible item above the single limit',
    text: 'One indivisible item (one line, quantity 1) above ¥5,000 within the annual limit is accepted as retail and taxed in full: tariff, consumption tax and VAT without the 70 % reduction.',
    source: CBEC,
    effect: 'indicator',
  },
  {
    id: 'CBEC_ANNUAL_LIMIT_EXCEEDED',
    title: 'Annual limit',
    text: 'Above ¥26,000 per buyer per calendar year (used this year + this transaction): rejected as retail.',
    source: CBEC,
    effect: 'reject',
  },
  {
    id: 'CBEC_NOT_ON_POSITIVE_LIST',
    title: 'Positive list',
    text: 'Only 8-digit tariff lines on the positive list in force may be imported as cross-border e-commerce retail.',
    source: CBEC,
    effect: 'reject',
  },
  {
    id: 'CBEC_POSITIVE_LIST_1210_ONLY',
    title: 'Positive list remark: 1210 only',
    text: 'A line whose remark restricts it to bonded imports may be imported as retail only under trade mode 1210.',
    source: CBEC,
    effect: 'reject',
  },
  {
    id: 'CBEC_TARIFF_RATE_UNKNOWN',
    title: 'Tariff rate unknown',
    text: 'Goods taxed in full whose MFN tariff rate the standard does not hold: an officer sets the duty.',
    source: CBEC,
    effect: 'lane',
    lane: 'YELLOW',
    checks: ['documents', 'valuation'],
  },
  {
    id: 'CBEC_RETURN_WINDOW',
    title: 'Retail return within 30 days',
    text: "A cross-border e-commerce retail return within 30 calendar days of release refunds the tax and restores the buyer's annual quota; a later one is refused.",
    source: CBEC,
    effect: 'decision',
  },
  {
    id: 'CBEC_BUYER_KEY',
    title: 'Buyer ledger key',
    text: "The annual ledger is kept by GZ and keys buyers by HMAC-SHA256 of the ID number under GZ's ledger secret, never by the ID number in clear.",
    source: CBEC,
    effect: 'indicator',
  },
  {
    id: 'CBEC_TAX',
    title: 'CBEC retail import tax',
    text: 'Within the limits: tariff 0; import VAT and consumption tax at 70 %: combined rate = (consumption-tax rate + VAT rate) ÷ (1 − consumption-tax rate) × 70 %, on the price actually paid including freight and insurance; rounded half-up to the fen.',
    source: CBEC,
    effect: 'duty',
  },
];
