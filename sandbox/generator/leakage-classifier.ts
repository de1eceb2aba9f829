import { dayIso, type Day } from './calendar.ts';
import type { Company } from './company-universe.ts';
import type { Deal, NsTransaction } from './dataset-model.ts';
import { INVOICE_SLA_DAYS, tolerance, type Reference } from './deal-outcomes.ts';
import type { DealBilling } from './netsuite-ledger.ts';

export type LeakageCategory =
  | 'unmatched_customer' | 'not_invoiced' | 'pending' | 'under_invoiced' | 'over_invoiced'
  | 'currency_mismatch' | 'late_invoice' | 'invoiced_without_deal';

/** One truth.json leakage finding (keys are snake_case like the rest of truth.json). */
export interface LeakageFinding {
  category: LeakageCategory;
  system: 'salesforce' | 'hubspot' | 'netsuite';
  customer_key: string;
  opportunity_id?: string;
  crm_account_id?: string;
  erp_customer_id: string | null;
  erp_transaction_id?: string;
  erp_transaction_ids?: string[];
  sales_order_id?: string | null;
  close_date?: string;
  amount: number;
  currency: string;
  invoiced_amount?: number;
  credited_amount?: number;
  invoice_currency?: string;
  first_invoice_date?: string | null;
  days_to_invoice?: number | null;
  gap?: number;
  reference?: Reference;
  trandate?: string;
}

/**
 * Classifies a won deal from what was actually written (never from what was planned), in the
 * reference's order: no ERP customer → unmatched_customer; no invoice → not_invoiced (closed at
 * least 30 days before the as-of date) or pending; any invoice in another currency →
 * currency_mismatch; invoiced minus credited outside max(2%, 50) → under/over_invoiced; first
 * invoice more than 30 days after close → late_invoice. Clean deals give null.
 */
export function classifyDeal(deal: Deal, billing: DealBilling | null, company: Company, customerId: number | null, asOf: Day): LeakageFinding | null {
  const base = {
    system: deal.system,
    customer_key: company.key,
    opportunity_id: deal.id,
    crm_account_id: deal.account.id,
    erp_customer_id: customerId === null ? null : String(customerId),
    close_date: dayIso(deal.closeDay),
    amount: deal.amountCents / 100,
    currency: deal.currency,
  };
  if (customerId === null || billing === null) return { category: 'unmatched_customer', ...base };
  const invoices = billing.invoices;
  if (invoices.length === 0) {
    const category = deal.closeDay <= asOf - INVOICE_SLA_DAYS ? 'not_invoiced' : 'pending';
    return { category, ...base, sales_order_id: billing.order ? String(billing.order.id) : null, invoiced_amount: 0, gap: deal.amountCents / 100 };
  }
  const invoiced = sum(invoices);
  const credited = sum(billing.credits);
  const firstDay = Math.min(...invoices.map((i) => i.day));
  const detail = {
    ...base,
    erp_transaction_id: String(invoices[0]!.id),
    erp_transaction_ids: invoices.map((i) => String(i.id)),
    sales_order_id: billing.order ? String(billing.order.id) : null,
    invoiced_amount: invoiced / 100,
    credited_amount: credited / 100,
    first_invoice_date: dayIso(firstDay),
    days_to_invoice: firstDay - deal.closeDay,
    gap: (deal.amountCents - (invoiced - credited)) / 100,
    reference: billing.plan.reference,
  };
  const foreign = invoices.find((i) => i.currency !== deal.currency);
  if (foreign) return { category: 'currency_mismatch', ...detail, invoice_currency: foreign.currency };
  const net = invoiced - credited;
  const tol = tolerance(deal.amountCents);
  if (net < deal.amountCents - tol) return { category: 'under_invoiced', ...detail };
  if (net > deal.amountCents + tol) return { category: 'over_invoiced', ...detail };
  if (firstDay - deal.closeDay > INVOICE_SLA_DAYS) return { category: 'late_invoice', ...detail };
  return null;
}

/** An invoice of a CRM-linked customer that no won deal explains. */
export function orphanFinding(invoice: NsTransaction, company: Company): LeakageFinding {
  return {
    category: 'invoiced_without_deal',
    system: 'netsuite',
    customer_key: company.key,
    erp_customer_id: String(invoice.customerId),
    erp_transaction_id: String(invoice.id),
    sales_order_id: invoice.createdFrom === null ? null : String(invoice.createdFrom),
    trandate: dayIso(invoice.day),
    amount: invoice.totalCents / 100,
    currency: invoice.currency,
  };
}

function sum(transactions: readonly NsTransaction[]): number {
  let total = 0;
  for (const t of transactions) total += t.totalCents;
  return total;
}
