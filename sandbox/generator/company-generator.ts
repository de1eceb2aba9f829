import { dayIso } from './calendar.ts';
import type { Company } from './company-universe.ts';
import { buildCrmAccounts } from './crm-accounts.ts';
import type { StaleXref } from './cross-references.ts';
import type { CrmAccount, Deal } from './dataset-model.ts';
import { FILES } from './dataset-files.ts';
import { dateAccounts, planDeals } from './deal-planner.ts';
import type { GenerationContext } from './generation-context.ts';
import * as hubspot from './hubspot-records.ts';
import { classifyDeal, orphanFinding } from './leakage-classifier.ts';
import type { DatasetWriter } from './ndjson-writer.ts';
import type { DealBilling } from './netsuite-ledger.ts';
import * as netsuite from './netsuite-records.ts';
import { buildNetsuiteSide, type NetsuiteSide } from './netsuite-side.ts';
import { paymentStatus } from './payment-health.ts';
import * as salesforce from './salesforce-records.ts';
import { SeededRandom, STREAMS } from './seeded-random.ts';
import type { TruthTally } from './truth-tally.ts';
import type { TruthDealBilling, TruthWriter } from './truth-writer.ts';

const VALIDATION_RULE = 'Billing country is required (validation rule Account.Require_Billing_Country)';

/** Generates one company at a time — its CRM accounts, deals and NetSuite side — and writes records and truth. */
export class CompanyGenerator {
  private readonly ctx: GenerationContext;
  private readonly data: DatasetWriter;
  private readonly truth: TruthWriter;
  private readonly tally: TruthTally;
  /** Ids already listed as deleted (a few per thousand companies). */
  private readonly deletedCustomers = new Set<number>();

  constructor(ctx: GenerationContext, data: DatasetWriter, truth: TruthWriter, tally: TruthTally) {
    this.ctx = ctx;
    this.data = data;
    this.truth = truth;
    this.tally = tally;
  }

  generate(company: Company): void {
    const { ctx } = this;
    const stale: StaleXref[] = [];
    const accountRng = new SeededRandom(ctx.seed, STREAMS.accounts, company.index);
    const customerId = company.inNetsuite ? ctx.ids.nsCustomer.next() : null;
    const accounts = buildCrmAccounts(company, ctx, customerId, accountRng, stale);
    this.markBlankCountry(company, accounts, accountRng);
    const dealRng = new SeededRandom(ctx.seed, STREAMS.deals, company.index);
    const deals = planDeals(company, accounts, ctx, dealRng);
    dateAccounts(accounts, deals, ctx, dealRng);
    const won = deals.filter((deal) => deal.state === 'won');
    const side = customerId === null ? null : buildNetsuiteSide(company, customerId, accounts, won, ctx, new SeededRandom(ctx.seed, STREAMS.billing, company.index), stale);
    const recordRng = new SeededRandom(ctx.seed, STREAMS.netsuite, company.index);
    this.writeCrm(company, accounts, deals, recordRng);
    if (side) this.writeNetsuite(side);
    this.writeDeletedCustomers(company, stale, recordRng);
    this.writeTruth(company, accounts, won, side, stale);
    ctx.xrefs.remember(customerId, accounts);
  }

  /** A few Salesforce customer accounts lose their BillingCountry (at least one once the dataset has 40 companies). */
  private markBlankCountry(company: Company, accounts: CrmAccount[], rng: SeededRandom): void {
    if (company.presence !== 'crm_and_erp') return;
    const account = accounts.find((a) => a.system === 'salesforce' && !a.duplicate);
    if (!account) return;
    const forced = this.tally.validationFailures === 0 && company.index >= 40;
    if (!rng.chance(0.008) && !forced) return;
    account.blankCountry = true;
    this.tally.validationFailures++;
    this.truth.add('validation_failures', { system: 'salesforce', object: 'Account', record_id: account.id, field: 'BillingCountry', rule: VALIDATION_RULE, customer_key: company.key });
  }

  private writeCrm(company: Company, accounts: readonly CrmAccount[], deals: readonly Deal[], rng: SeededRandom): void {
    const { ctx, data } = this;
    for (const account of accounts) {
      const own = deals.filter((d) => d.account === account);
      if (account.system === 'salesforce') {
        const lastActivity = own.length > 0 && rng.chance(0.7) ? Math.min(ctx.lastDay, Math.max(...own.map((d) => d.modifiedDay))) : null;
        data.write(FILES.sfAccount, salesforce.accountRecord(account, company, lastActivity, ctx.team.integrationUser.id, rng));
      } else {
        data.write(FILES.hsCompanies, hubspot.companyRecord(account, company, own.some((d) => d.state === 'open'), rng));
      }
    }
    for (const deal of deals) {
      if (deal.system === 'salesforce') {
        data.write(FILES.sfOpportunity, salesforce.opportunityRecord(deal, rng));
        for (const item of salesforce.lineItemRecords(deal, () => ctx.ids.sfLineItem.next())) data.write(FILES.sfLineItem, item);
      } else {
        const lineIds = deal.lines.map(() => String(ctx.ids.hsLineItem.next()));
        data.write(FILES.hsDeals, hubspot.dealRecord(deal, lineIds, ctx.rates));
        for (const item of hubspot.lineItemRecords(deal, lineIds)) data.write(FILES.hsLineItems, item);
      }
    }
  }

  private writeNetsuite(side: NetsuiteSide): void {
    const { data } = this;
    data.write(FILES.nsCustomer, netsuite.customerRecord(side.customer));
    data.write(FILES.nsAddress, netsuite.addressRecord(side.customer));
    for (const transaction of side.transactions) {
      data.write(FILES.nsTransaction, netsuite.transactionRecord(transaction));
      for (const line of netsuite.transactionLineRecords(transaction, this.ctx.ids.nsLine)) data.write(FILES.nsLine, line);
    }
  }

  /** Customers that stale CRM references point at were deleted (merged duplicates): NetSuite lists them as deleted records. */
  private writeDeletedCustomers(company: Company, stale: readonly StaleXref[], rng: SeededRandom): void {
    for (const entry of stale) {
      if (entry.system === 'netsuite' || entry.points_to !== 'missing_record') continue;
      const id = Number(entry.value);
      if (this.deletedCustomers.has(id)) continue;
      this.deletedCustomers.add(id);
      this.data.write(FILES.nsDeletedRecord, netsuite.deletedCustomerRecord(id, company.name, this.ctx.lastDay - rng.int(30, 400)));
    }
  }

  private writeTruth(company: Company, accounts: readonly CrmAccount[], won: readonly Deal[], side: NetsuiteSide | null, stale: readonly StaleXref[]): void {
    const { truth, tally } = this;
    const idsIn = (system: string): string[] => accounts.filter((a) => a.system === system).map((a) => a.id);
    truth.add('customers', {
      key: company.key, name: company.name, domain: company.domain, country: company.profile.code, segment: company.segment, presence: company.presence,
      salesforce: idsIn('salesforce'), hubspot: idsIn('hubspot'), netsuite: side ? [String(side.customer.id)] : [],
    });
    tally.customers++;
    for (const account of accounts) {
      tally.accounts[account.system]++;
      if (account.duplicate) tally.duplicates[account.system]++;
    }
    const billingOf = new Map<Deal, DealBilling>(side?.dealBillings.map((b) => [b.plan.deal, b]) ?? []);
    for (const deal of won) {
      const billing = billingOf.get(deal) ?? null;
      const finding = classifyDeal(deal, billing, company, side ? side.customer.id : null, this.ctx.asOf);
      const entry: TruthDealBilling = {
        system: deal.system, opportunity_id: deal.id, crm_account_id: deal.account.id, customer_key: company.key,
        erp_customer_id: side ? String(side.customer.id) : null, category: finding?.category ?? 'clean',
        reference: billing && (billing.order || billing.invoices.length > 0) ? billing.plan.reference : null,
        sales_order_id: billing?.order ? String(billing.order.id) : null,
        invoice_ids: billing?.invoices.map((i) => String(i.id)) ?? [], credit_memo_ids: billing?.credits.map((c) => String(c.id)) ?? [],
      };
      truth.add('deal_billing', entry);
      if (!finding) continue;
      truth.add('leakage', finding);
      tally.count(tally.leakage, finding.category);
    }
    for (const invoice of side?.orphanInvoices ?? []) {
      truth.add('leakage', orphanFinding(invoice, company));
      tally.count(tally.leakage, 'invoiced_without_deal');
    }
    if (side) this.writeHealth(company, accounts, side);
    for (const entry of stale) {
      truth.add('stale_xrefs', entry);
      tally.staleXrefs++;
    }
  }

  private writeHealth(company: Company, accounts: readonly CrmAccount[], side: NetsuiteSide): void {
    const owed = side.receivables;
    const status = paymentStatus(owed, side.customer.onCreditHold);
    for (const account of accounts) {
      this.truth.add('health', {
        system: account.system,
        crm_id: account.id,
        customer_key: company.key,
        erp_customer_id: String(side.customer.id),
        duplicate: account.duplicate,
        payment_status: status,
        credit_hold: side.customer.onCreditHold,
        open_balance: owed.openCents / 100,
        overdue_balance: owed.overdueCents / 100,
        currency: side.customer.currency,
        oldest_overdue_date: owed.oldestOverdueDueDay === null ? null : dayIso(owed.oldestOverdueDueDay),
        last_payment_date: owed.lastPaymentDay === null ? null : dayIso(owed.lastPaymentDay),
      });
      this.tally.count(this.tally.health, status);
    }
  }
}
