import type { Day } from './calendar.ts';
import type { CurrencyCode } from './country-profiles.ts';
import type { DealLine, NsLine, NsTransaction, NsType } from './dataset-model.ts';
import { TERMS_DAYS } from './dataset-model.ts';
import type { BillingPlan, InvoicePlan } from './deal-outcomes.ts';
import type { GenerationContext } from './generation-context.ts';
import { plannedPayments, type PayerProfile } from './payer-behaviour.ts';
import { product } from './product-catalog.ts';
import { to15 } from './salesforce-id.ts';
import type { SeededRandom } from './seeded-random.ts';

/** The NetSuite documents billing one won deal. */
export interface DealBilling {
  plan: BillingPlan;
  order: NsTransaction | null;
  invoices: NsTransaction[];
  credits: NsTransaction[];
}

export interface LedgerCustomer {
  id: number;
  subsidiaryId: number;
  /** The subsidiary's base currency (also the customer's currency). */
  baseCurrency: CurrencyCode;
  termsId: number;
  /** Nothing is dated before the customer record existed. */
  createdDay: Day;
  salesRepId: number | null;
}

/**
 * Builds one customer's NetSuite transactions: sales orders, invoices (created from the order),
 * credit memos (created from the invoice and applied to it) and payments, then derives every
 * invoice's paid/unpaid amounts and status from what was applied up to the last day.
 */
export class LedgerBuilder {
  readonly transactions: NsTransaction[] = [];
  private readonly ctx: GenerationContext;
  private readonly customer: LedgerCustomer;
  private readonly rng: SeededRandom;
  private readonly creditsByInvoice = new Map<number, NsTransaction[]>();

  constructor(ctx: GenerationContext, customer: LedgerCustomer, rng: SeededRandom) {
    this.ctx = ctx;
    this.customer = customer;
    this.rng = rng;
  }

  addDeal(plan: BillingPlan): DealBilling {
    const { deal } = plan;
    const reference = plan.reference === 'none' ? null : plan.shortReference ? to15(deal.id) : deal.id;
    const billed = plan.invoices.filter((i) => !i.duplicate);
    const currency = plan.invoices[0]?.currency ?? deal.currency;
    const orderTotal = billed.length > 0 ? billed.reduce((sum, i) => sum + i.amountCents, 0) : deal.amountCents;
    let order: NsTransaction | null = null;
    if (plan.orderDay !== null) {
      order = this.document('SalesOrd', plan.orderDay, currency, scaleLines(deal.lines, orderTotal), null);
      if (plan.reference === 'order_custbody') order.crmOpportunityRef = reference;
      if (plan.reference === 'order_externalid') order.externalId = deal.id;
      order.memo = deal.name;
    }
    const invoices = plan.invoices.map((invoicePlan) => {
      const invoice = this.invoice(invoicePlan, deal.lines, order);
      if (plan.reference === 'invoice_custbody' || (plan.reference === 'order_custbody' && this.rng.chance(0.5))) invoice.crmOpportunityRef = reference;
      return invoice;
    });
    const credits = plan.credits.map((creditPlan) => this.credit(invoices[creditPlan.invoice]!, creditPlan.day, creditPlan.amountCents));
    if (order) closeOrder(order, invoices);
    return { plan, order, invoices, credits };
  }

  /** An invoice (optionally from a sales order) for lines no deal sold. */
  addStandalone(day: Day, lines: readonly DealLine[], withOrder: boolean, memo: string | null): NsTransaction {
    const total = lines.reduce((sum, line) => sum + line.totalCents, 0);
    const orderDay = Math.max(this.customer.createdDay, day - this.rng.int(0, 5));
    const order = withOrder ? this.document('SalesOrd', Math.min(day, orderDay), this.customer.baseCurrency, scaleLines(lines, total), null) : null;
    const invoice = this.invoice({ day, amountCents: total, currency: this.customer.baseCurrency, instalment: null, duplicate: false }, lines, order);
    invoice.memo = memo;
    if (order) {
      order.memo = memo;
      closeOrder(order, [invoice]);
    }
    return invoice;
  }

  /** Applies credits and payments to every invoice and records the payments. */
  settle(payer: PayerProfile): void {
    const invoices = this.transactions.filter((t) => t.type === 'CustInvc');
    for (const invoice of invoices) {
      const credits = this.creditsByInvoice.get(invoice.id) ?? [];
      let applied = 0;
      let lastApplication = invoice.day;
      for (const credit of credits) {
        applied += credit.totalCents;
        lastApplication = Math.max(lastApplication, credit.day);
      }
      for (const payment of plannedPayments(payer, invoice.day, invoice.dueDay!, invoice.totalCents - applied, this.rng)) {
        if (payment.day > this.ctx.lastDay) continue;
        this.payment(invoice, payment.day, payment.amountCents);
        applied += payment.amountCents;
        lastApplication = Math.max(lastApplication, payment.day);
      }
      invoice.paidCents = applied;
      invoice.unpaidCents = invoice.totalCents - applied;
      invoice.status = invoice.unpaidCents === 0 ? 'B' : 'A';
      invoice.closeDay = invoice.status === 'B' ? lastApplication : null;
      invoice.modifiedDay = Math.max(invoice.modifiedDay, lastApplication);
    }
  }

  private invoice(plan: InvoicePlan, dealLines: readonly DealLine[], order: NsTransaction | null): NsTransaction {
    const lines = plan.instalment
      ? [{ itemId: product(dealLines[0]!.product.code).netsuiteItemId, itemType: dealLines[0]!.product.netsuiteItemType, quantity: 1, rateCents: plan.amountCents, amountCents: plan.amountCents, memo: `Instalment ${plan.instalment.index} of ${plan.instalment.of}` }]
      : scaleLines(dealLines, plan.amountCents);
    const invoice = this.document('CustInvc', plan.day, plan.currency, lines, order?.id ?? null);
    invoice.dueDay = plan.day + (TERMS_DAYS[this.customer.termsId] ?? 30);
    invoice.unpaidCents = invoice.totalCents;
    invoice.paidCents = 0;
    if (this.rng.chance(0.3)) invoice.otherRefNum = `PO-${this.rng.int(10_000, 999_999)}`;
    return invoice;
  }

  private credit(invoice: NsTransaction, day: Day, amountCents: number): NsTransaction {
    const item = product('NB-CREDIT');
    const credit = this.document('CustCred', day, invoice.currency, [{ itemId: item.netsuiteItemId, itemType: item.netsuiteItemType, quantity: 1, rateCents: amountCents, amountCents, memo: `Credit against ${invoice.tranid}` }], invoice.id);
    credit.status = 'B';
    credit.usedCents = amountCents;
    credit.unusedCents = 0;
    credit.memo = this.rng.pick(['Service credit', 'Billing adjustment', 'Discount agreed after invoicing', 'SLA credit']);
    const list = this.creditsByInvoice.get(invoice.id) ?? [];
    list.push(credit);
    this.creditsByInvoice.set(invoice.id, list);
    return credit;
  }

  private payment(invoice: NsTransaction, day: Day, amountCents: number): void {
    const payment = this.document('CustPymt', day, invoice.currency, [], null);
    payment.totalCents = amountCents;
    payment.status = day >= this.ctx.lastDay - 3 ? 'B' : 'C';
    payment.usedCents = amountCents;
    payment.unusedCents = 0;
    payment.memo = `Payment for ${invoice.tranid}`;
    if (this.rng.chance(0.5)) payment.otherRefNum = String(this.rng.int(1000, 99_999));
  }

  private document(type: NsType, day: Day, currency: CurrencyCode, lines: NsLine[], createdFrom: number | null): NsTransaction {
    const transaction: NsTransaction = {
      id: this.ctx.ids.nsTransaction.next(),
      type,
      tranid: this.ctx.ids.tranid(type),
      customerId: this.customer.id,
      subsidiaryId: this.customer.subsidiaryId,
      day,
      dueDay: null,
      closeDay: null,
      status: type === 'SalesOrd' ? 'F' : 'A',
      totalCents: lines.reduce((sum, line) => sum + line.amountCents, 0),
      currency,
      exchangeRate: this.ctx.rates.rate(this.customer.baseCurrency, currency, day),
      unpaidCents: null,
      paidCents: null,
      usedCents: null,
      unusedCents: null,
      createdFrom,
      otherRefNum: null,
      memo: null,
      externalId: null,
      crmOpportunityRef: null,
      termsId: type === 'SalesOrd' || type === 'CustInvc' ? this.customer.termsId : null,
      salesRepId: type === 'CustPymt' ? null : this.customer.salesRepId,
      posting: type !== 'SalesOrd',
      modifiedDay: Math.min(this.ctx.lastDay, day + this.rng.int(0, 2)),
      lines,
    };
    this.transactions.push(transaction);
    return transaction;
  }
}

/** Order status from what was invoiced: Billed, Pending Billing/Partially Fulfilled, or Pending Billing. */
function closeOrder(order: NsTransaction, invoices: readonly NsTransaction[]): void {
  const invoiced = invoices.reduce((sum, i) => sum + i.totalCents, 0);
  if (invoices.length === 0) return;
  const lastDay = Math.max(...invoices.map((i) => i.day));
  order.status = invoiced >= order.totalCents ? 'G' : 'E';
  order.closeDay = order.status === 'G' ? lastDay : null;
  order.modifiedDay = Math.max(order.modifiedDay, lastDay);
}

/** The deal's lines, amounts scaled to a target total (the last line takes the rounding). */
export function scaleLines(lines: readonly DealLine[], targetCents: number): NsLine[] {
  const source = lines.reduce((sum, line) => sum + line.totalCents, 0);
  let remaining = targetCents;
  return lines.map((line, i) => {
    const amount = i === lines.length - 1 ? remaining : source === 0 ? 0 : Math.round((line.totalCents * targetCents) / source);
    remaining -= amount;
    return {
      itemId: line.product.netsuiteItemId,
      itemType: line.product.netsuiteItemType,
      quantity: line.quantity,
      rateCents: Math.round(amount / line.quantity),
      amountCents: amount,
      memo: null,
    };
  });
}
