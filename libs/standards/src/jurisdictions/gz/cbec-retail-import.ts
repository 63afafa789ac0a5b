// Mainland cross-border e-commerce retail imports as GZ assesses them: the three-document match,
// the single and annual limits, the positive list, then the retail tax (domain.md § Mainland
// cross-border e-commerce retail imports (GZ)).
import type { Frame } from '../../assessment/frame';
import type { AssessmentContext } from '../../assessment/types';
import { MONEY_SCALE } from '../../config/lookup';
import type { Ecommerce } from '../../declaration/types';
import { formatUnits, toUnits } from '../../money/decimal';
import { convertCents } from '../../money/valuation';
import type { OwnLawRecord } from '../jurisdiction';
import { assessCbecTax } from './cbec-tax';

const E6 = 1_000_000n;

/** A retail-import trade mode (9610, 1210, 1239) with its three documents, entering the mainland. */
function isRetailImport(f: Frame): boolean {
  return f.role === 'import' && f.lk.tradeModes.get(f.d.tradeMode)?.ecommerceRetail === true;
}

/**
 * Applies the CBEC retail-import rules to a declaration GZ assesses: fires the CBEC_* rules and
 * adds the retail taxes. For a retail import it returns the positive-list edition applied and the
 * value counted against the buyer's annual quota (CNY, two decimals); otherwise undefined.
 */
export function assessCbecRetailImport(f: Frame, context: AssessmentContext): OwnLawRecord | undefined {
  const ecommerce = f.d.ecommerce;
  if (!ecommerce || !isRetailImport(f)) return undefined;
  const { d, lk, rates } = f;
  const toCny = (cents: bigint) => convertCents(cents, ecommerce.order.currency, 'CNY', rates, lk);
  const valuesCny = d.items.map((item, i) => convertCents(f.lineValues[i], item.currency, 'CNY', rates, lk));
  const goodsCny = valuesCny.reduce((a, b) => a + b, 0n);
  const { order } = ecommerce;
  const freightAndInsurance = toUnits(order.freight, MONEY_SCALE) + toUnits(order.insurance, MONEY_SCALE);
  const discount = toCny(toUnits(order.discount, MONEY_SCALE));

  threeDocumentMatch(f, ecommerce, goodsCny, freightAndInsurance, discount, toCny);
  // Limits on the transaction value: goods, freight and insurance, less discount, in CNY.
  const extraCny = toCny(freightAndInsurance) - discount;
  const transactionCents = goodsCny + extraCny > 0n ? goodsCny + extraCny : 0n;
  const fullyTaxed = limits(f, transactionCents, context);
  positiveList(f);
  assessCbecTax(f, valuesCny, extraCny, fullyTaxed);
  return {
    positiveListEdition: f.standard.cbec.positiveList.edition,
    cbecQuotaValueCny: formatUnits(transactionCents, MONEY_SCALE),
  };
}

/** Three-document match (三单对碰); amounts compared in CNY, exact when the order is in CNY. */
function threeDocumentMatch(
  f: Frame,
  { order, payment, waybill }: Ecommerce,
  goodsCny: bigint,
  freightAndInsurance: bigint,
  discount: bigint,
  toCny: (cents: bigint) => bigint,
): void {
  const { out } = f;
  const amountPaid = toUnits(order.amountPaid, MONEY_SCALE);
  if (payment.orderNo !== order.orderNo || waybill.orderNo !== order.orderNo) {
    out.fire(
      'CBEC_ORDER_NO_MISMATCH',
      `order ${order.orderNo}, payment for ${payment.orderNo}, waybill for ${waybill.orderNo}`,
    );
  }
  if (payment.currency !== order.currency || toUnits(payment.amount, MONEY_SCALE) !== amountPaid) {
    out.fire(
      'CBEC_PAYMENT_AMOUNT_MISMATCH',
      `payment ${payment.amount} ${payment.currency} vs amount paid ${order.amountPaid} ${order.currency}`,
    );
  }
  const charges = toCny(freightAndInsurance + toUnits(order.taxWithheld, MONEY_SCALE));
  const expected = goodsCny + charges - discount;
  const paid = toCny(amountPaid);
  const gap = paid > expected ? paid - expected : expected - paid;
  if (expected < 0n || gap * E6 > expected * f.lk.cbec.tolerance) {
    out.fire(
      'CBEC_AMOUNT_PAID_MISMATCH',
      `amount paid CNY ${formatUnits(paid, 2)} vs goods + freight + insurance + tax − discount CNY ${formatUnits(expected, 2)}`,
    );
  }
  // Names compare in Unicode NFC: U+F90A and U+91D1 (金) are one character written two ways, and a
  // partner's event may carry text that did not pass this service's door (which stores NFC).
  if (
    !order.buyerAuthenticated &&
    (!samePersonName(payment.payerName, order.buyerName) || payment.payerIdNumber !== order.buyerIdNumber)
  ) {
    out.fire(
      'CBEC_PAYER_NOT_BUYER',
      'the payer is not the buyer and the platform did not authenticate the buyer',
    );
  }
}

/** Whether two names are the same text: equal in Unicode Normalization Form C (UAX #15). */
function samePersonName(a: string, b: string): boolean {
  return a === b || a.normalize('NFC') === b.normalize('NFC');
}

/**
 * The single-transaction and annual limits on `transactionCents` (CNY cents), the buyer's quota
 * used this year coming from GZ's ledger (`context.buyerAnnualUsedCny`). Returns whether the
 * declaration is one indivisible item above the single limit, to be taxed in full.
 */
function limits(f: Frame, transactionCents: bigint, context: AssessmentContext): boolean {
  const { d, lk, out, standard } = f;
  const used = toUnits(context.buyerAnnualUsedCny ?? '0', MONEY_SCALE);
  const indivisible = d.items.length === 1 && f.quantities[0] === E6;
  const overSingle = transactionCents > lk.cbec.singleLimitCents;
  if (overSingle && !indivisible) {
    out.fire(
      'CBEC_SINGLE_LIMIT_EXCEEDED',
      `transaction CNY ${formatUnits(transactionCents, 2)} exceeds CNY ${standard.cbec.singleTransactionLimitCny} with ${d.items.length} line(s); general trade applies`,
    );
  } else if (overSingle) {
    out.fire(
      'CBEC_INDIVISIBLE_ITEM_OVER_LIMIT',
      `one indivisible item at CNY ${formatUnits(transactionCents, 2)} above CNY ${standard.cbec.singleTransactionLimitCny}: taxed in full`,
    );
  }
  if (used + transactionCents > lk.cbec.annualLimitCents) {
    out.fire(
      'CBEC_ANNUAL_LIMIT_EXCEEDED',
      `CNY ${formatUnits(used, 2)} used this year + CNY ${formatUnits(transactionCents, 2)} exceeds CNY ${standard.cbec.annualLimitCny}`,
    );
  }
  return overSingle && indivisible;
}

/** The positive list in force, by the 8-digit tariff line of each item's mainland code. */
function positiveList(f: Frame): void {
  const { d, lk, out, standard } = f;
  for (const item of d.items) {
    const tariffLine = (item.tariffCodes.GZ ?? '').slice(0, 8);
    const listed = lk.cbec.positiveList.get(tariffLine);
    if (!listed)
      out.fire(
        'CBEC_NOT_ON_POSITIVE_LIST',
        `line ${item.line}: tariff line ${tariffLine} is not on the ${standard.cbec.positiveList.edition} positive list`,
        { line: item.line },
      );
    else if (listed.bondedOnly && d.tradeMode !== '1210') {
      out.fire(
        'CBEC_POSITIVE_LIST_1210_ONLY',
        `line ${item.line}: tariff line ${tariffLine} is importable as retail only under 1210 (remark: ${listed.remark})`,
        { line: item.line },
      );
    }
  }
}
