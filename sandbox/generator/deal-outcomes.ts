import type { Day } from './calendar.ts';
import type { Company } from './company-universe.ts';
import type { CurrencyCode } from './country-profiles.ts';
import type { Deal } from './dataset-model.ts';
import type { GenerationContext } from './generation-context.ts';
import { HISTORY_DAYS } from './deal-planner.ts';
import type { SeededRandom } from './seeded-random.ts';

/** Invoicing SLA: a won deal should be invoiced within this many days of closing. */
export const INVOICE_SLA_DAYS = 30;

/** Amount tolerance in cents: max(2% of the deal, 50 in the deal's currency). */
export function tolerance(amountCents: number): number {
  return Math.max(Math.round(amountCents * 0.02), 5_000);
}

/** What billing was meant to do with a won deal. The truth is derived from what actually got written. */
export type Intent = 'clean' | 'not_invoiced' | 'under_invoiced' | 'over_invoiced' | 'currency_mismatch' | 'late_invoice';

/** Where the NetSuite side names the CRM deal, if anywhere. */
export type Reference = 'order_custbody' | 'order_externalid' | 'invoice_custbody' | 'none';

export interface InvoicePlan {
  day: Day;
  amountCents: number;
  currency: CurrencyCode;
  instalment: { index: number; of: number } | null;
  /** The same invoice issued a second time. */
  duplicate: boolean;
}

export interface CreditPlan {
  /** Index into the plan's invoices. */
  invoice: number;
  day: Day;
  amountCents: number;
}

export interface BillingPlan {
  deal: Deal;
  intent: Intent;
  reference: Reference;
  /** The reference written as the 15-character Salesforce id. */
  shortReference: boolean;
  orderDay: Day | null;
  invoices: InvoicePlan[];
  credits: CreditPlan[];
}

/** An invoice for a customer with no deal behind it (invoiced_without_deal). */
export interface OrphanPlan {
  day: Day;
  withOrder: boolean;
}

const INTENTS: readonly (readonly [Intent, number])[] = [
  ['clean', 78], ['not_invoiced', 5], ['under_invoiced', 5], ['over_invoiced', 3], ['currency_mismatch', 3], ['late_invoice', 6],
];

/** Deals closer than this (days) to another won deal of the same company always carry a reference. */
const ISOLATION_DAYS = 95;

/**
 * Plans the NetSuite side of a customer's won deals. A deal may lack any reference to the CRM only
 * when no other won deal of the company closed within ±95 days, so a pipeline matching on customer
 * plus a −7…+90-day window can still find its invoices unambiguously. Only documents dated up to the
 * last day are kept.
 */
export function planBilling(company: Company, won: readonly Deal[], ctx: GenerationContext, rng: SeededRandom): BillingPlan[] {
  return won.map((deal) => {
    const intent = rng.weighted(INTENTS);
    const isolated = won.every((other) => other === deal || Math.abs(other.closeDay - deal.closeDay) > ISOLATION_DAYS);
    const withOrder = rng.chance(0.9);
    let reference: Reference = rng.weighted([['order_custbody', 50], ['order_externalid', 25], ['none', 25]] as const);
    if (reference === 'none' && !isolated) reference = 'order_custbody';
    if (!withOrder && reference !== 'none') reference = 'invoice_custbody';
    const orderDay = withOrder && intent !== 'not_invoiced' ? deal.closeDay + rng.int(0, 3) : null;
    const plan: BillingPlan = {
      deal, intent, reference, shortReference: deal.system === 'salesforce' && rng.chance(0.12),
      orderDay: orderDay !== null && orderDay <= ctx.lastDay ? orderDay : null, invoices: [], credits: [],
    };
    if (intent !== 'not_invoiced') fillInvoices(plan, company, ctx, rng, Math.max(deal.closeDay + lagDays(intent, rng), orderDay ?? 0));
    plan.invoices = plan.invoices.filter((invoice) => invoice.day <= ctx.lastDay);
    plan.credits = plan.credits.filter((credit) => credit.day <= ctx.lastDay && credit.invoice < plan.invoices.length);
    return plan;
  });
}

/** Days from close to the first invoice: within the SLA (up to exactly 30) or late (31 and more). */
function lagDays(intent: Intent, rng: SeededRandom): number {
  if (intent === 'late_invoice') return rng.chance(0.15) ? rng.int(31, 33) : rng.int(34, 85);
  const roll = rng.float();
  return roll < 0.55 ? rng.int(0, 7) : roll < 0.9 ? rng.int(8, 20) : rng.int(21, 30);
}

/**
 * A gap as a multiple of the tolerance: mostly far from it, sometimes close to the line on either
 * side, so a pipeline's tolerance rule is actually exercised.
 */
function nearLine(tol: number, inside: boolean, rng: SeededRandom): number {
  const factor = inside ? rng.between(0.75, 0.95) : rng.between(1.05, 1.3);
  return Math.max(100, Math.floor((tol * factor) / 100) * 100);
}

function fillInvoices(plan: BillingPlan, company: Company, ctx: GenerationContext, rng: SeededRandom, first: Day): void {
  const { deal } = plan;
  const amount = deal.amountCents;
  const tol = tolerance(amount);
  const single = (cents: number, currency: CurrencyCode = deal.currency, day: Day = first, duplicate = false): InvoicePlan =>
    ({ day, amountCents: cents, currency, instalment: null, duplicate });
  switch (plan.intent) {
    case 'clean': {
      if (rng.chance(0.2) && amount >= 300_000 && first + 60 <= ctx.lastDay) {
        const of = rng.int(2, 3);
        const part = Math.floor(amount / of);
        for (let i = 0; i < of; i++) {
          plan.invoices.push({ day: first + 30 * i, amountCents: i === of - 1 ? amount - part * (of - 1) : part, currency: deal.currency, instalment: { index: i + 1, of }, duplicate: false });
        }
      } else if (rng.chance(0.3)) {
        const size = rng.chance(0.25) ? nearLine(tol, true, rng) : rng.int(1, Math.max(1, Math.floor((0.4 * tol) / 100))) * 100;
        plan.invoices.push(single(amount + size * (rng.chance(0.5) ? 1 : -1)));
      } else {
        plan.invoices.push(single(amount));
        if (rng.chance(0.08)) plan.credits.push({ invoice: 0, day: first + rng.int(5, 40), amountCents: Math.round(tol * rng.between(0.1, 0.4)) });
      }
      return;
    }
    case 'under_invoiced': {
      const gap = rng.chance(0.2) ? nearLine(tol, false, rng) : Math.min(Math.round(amount * 0.6), Math.max(Math.round(amount * rng.between(0.1, 0.5)), Math.ceil(1.5 * tol)));
      if (rng.chance(0.35)) {
        plan.invoices.push(single(amount));
        plan.credits.push({ invoice: 0, day: first + rng.int(5, 40), amountCents: gap });
      } else {
        plan.invoices.push(single(amount - gap));
      }
      return;
    }
    case 'over_invoiced': {
      if (rng.chance(0.4)) {
        plan.invoices.push(single(amount), single(amount, deal.currency, first + rng.int(3, 25), true));
      } else {
        const gap = rng.chance(0.25) ? nearLine(tol, false, rng) : Math.max(Math.round(amount * rng.between(0.08, 0.4)), Math.ceil(1.5 * tol));
        plan.invoices.push(single(amount + gap));
      }
      return;
    }
    case 'currency_mismatch': {
      if (company.currency !== 'USD' && rng.chance(0.5)) {
        // The rep left the CRM's default currency on the deal; billing used the customer's.
        deal.currency = 'USD';
        plan.invoices.push(single(amount, company.currency));
      } else {
        const currency = rng.pick((['USD', 'EUR', 'GBP'] as const).filter((c) => c !== deal.currency));
        const converted = Math.round((amount * ctx.rates.rate(currency, deal.currency, deal.closeDay)) / 100) * 100;
        plan.invoices.push(single(converted, currency));
      }
      return;
    }
    case 'late_invoice':
      plan.invoices.push(single(amount));
      return;
    case 'not_invoiced':
      return;
  }
}

/**
 * Invoices raised for a CRM-linked customer with no deal behind them, dated away from every won
 * deal's matching window (and its month), so no pipeline can attribute them to a deal.
 */
export function planOrphans(won: readonly Deal[], customerCreated: Day, ctx: GenerationContext, rng: SeededRandom): OrphanPlan[] {
  if (!rng.chance(0.05)) return [];
  const count = rng.chance(0.8) ? 1 : 2;
  const from = Math.max(customerCreated, ctx.lastDay - HISTORY_DAYS + 1);
  const orphans: OrphanPlan[] = [];
  for (let attempt = 0; attempt < 12 && orphans.length < count && from <= ctx.lastDay; attempt++) {
    const day = rng.int(from, ctx.lastDay);
    if (won.every((deal) => day < deal.closeDay - 40 || day > deal.closeDay + 95)) orphans.push({ day, withOrder: rng.chance(0.5) });
  }
  return orphans;
}
