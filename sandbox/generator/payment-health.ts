import type { Day } from './calendar.ts';
import type { NsTransaction } from './dataset-model.ts';

export type PaymentStatus = 'no_invoices' | 'paid' | 'open' | 'overdue' | 'credit_hold';

/** A customer's receivables as of the as-of date, in the subsidiary's base currency (cents). */
export interface Receivables {
  invoiceCount: number;
  openCents: number;
  overdueCents: number;
  /** Sales-order amounts not invoiced yet. */
  unbilledCents: number;
  oldestOverdueDueDay: Day | null;
  lastPaymentDay: Day | null;
}

/**
 * Sums a customer's open and overdue invoices (overdue = open with due date before the as-of date),
 * each converted at its own exchange rate and rounded to cents — the way NetSuite's balance fields
 * are built, and the way a pipeline should recompute them from the transaction table.
 */
export function receivables(transactions: readonly NsTransaction[], asOf: Day): Receivables {
  const result: Receivables = { invoiceCount: 0, openCents: 0, overdueCents: 0, unbilledCents: 0, oldestOverdueDueDay: null, lastPaymentDay: null };
  const invoicedByOrder = new Map<number, number>();
  for (const t of transactions) {
    if (t.type === 'CustInvc') {
      result.invoiceCount++;
      if (t.createdFrom !== null) invoicedByOrder.set(t.createdFrom, (invoicedByOrder.get(t.createdFrom) ?? 0) + t.totalCents);
      const open = t.unpaidCents ?? 0;
      if (open <= 0) continue;
      const base = Math.round(open * t.exchangeRate);
      result.openCents += base;
      if (t.dueDay !== null && t.dueDay < asOf) {
        result.overdueCents += base;
        result.oldestOverdueDueDay = result.oldestOverdueDueDay === null ? t.dueDay : Math.min(result.oldestOverdueDueDay, t.dueDay);
      }
    } else if (t.type === 'CustPymt') {
      result.lastPaymentDay = result.lastPaymentDay === null ? t.day : Math.max(result.lastPaymentDay, t.day);
    }
  }
  for (const t of transactions) {
    if (t.type !== 'SalesOrd' || t.status === 'G') continue;
    const left = t.totalCents - (invoicedByOrder.get(t.id) ?? 0);
    if (left > 0) result.unbilledCents += Math.round(left * t.exchangeRate);
  }
  return result;
}

/** The design's payment status: credit hold wins, then no invoices, overdue, open, paid. */
export function paymentStatus(r: Receivables, onCreditHold: boolean): PaymentStatus {
  if (onCreditHold) return 'credit_hold';
  if (r.invoiceCount === 0) return 'no_invoices';
  if (r.overdueCents > 0) return 'overdue';
  if (r.openCents > 0) return 'open';
  return 'paid';
}
