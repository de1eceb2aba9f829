import { ADDRESS_NOISE, formatPhone, spellAddress } from './address-noise.ts';
import type { Day } from './calendar.ts';
import type { Company } from './company-universe.ts';
import type { StaleXref } from './cross-references.ts';
import type { CreditHoldOverride, CrmAccount, Deal, NsCustomer, NsTransaction } from './dataset-model.ts';
import { dealLines } from './deal-lines.ts';
import { planBilling, planOrphans } from './deal-outcomes.ts';
import { billingEmail, websiteVariant } from './domain-noise.ts';
import type { GenerationContext } from './generation-context.ts';
import { NAME_NOISE, noisyName } from './name-noise.ts';
import { LedgerBuilder, type DealBilling } from './netsuite-ledger.ts';
import { PAYER_PROFILES, type PayerProfile } from './payer-behaviour.ts';
import { receivables, type Receivables } from './payment-health.ts';
import type { SeededRandom } from './seeded-random.ts';
import { SUBSIDIARY_CURRENCY } from './netsuite-setup.ts';

/** Everything NetSuite holds about one company. */
export interface NetsuiteSide {
  customer: NsCustomer;
  transactions: NsTransaction[];
  /** Billing of each won deal (crm_and_erp companies). */
  dealBillings: DealBilling[];
  /** Invoices with no deal behind them, for a CRM-linked customer. */
  orphanInvoices: NsTransaction[];
  receivables: Receivables;
  payer: PayerProfile;
}

const ORPHAN_MEMOS = ['Additional seats (true-up)', 'Ad-hoc consulting', 'Training days', 'Data migration services', 'Support overage', null];

export function buildNetsuiteSide(
  company: Company, customerId: number, accounts: readonly CrmAccount[], won: readonly Deal[], ctx: GenerationContext, rng: SeededRandom, stale: StaleXref[],
): NetsuiteSide {
  const legacy = company.presence === 'erp_only';
  const firstWon = won.reduce((min, deal) => Math.min(min, deal.closeDay), ctx.lastDay);
  const createdDay: Day = legacy ? ctx.lastDay - rng.int(200, 1500) : Math.max(ctx.lastDay - 700, firstWon - rng.int(0, 3));
  const subsidiaryId = company.profile.subsidiaryId;
  const termsId = rng.weighted(company.segment === 'enterprise' ? [[5, 50], [6, 20], [7, 15], [2, 10], [1, 5]] : [[5, 60], [4, 20], [3, 15], [1, 5]]);
  const primary = accounts.find((a) => !a.duplicate);
  const salesRepId = primary ? ctx.team.employeeOf.get(primary.ownerId) ?? null : rng.chance(0.7) ? ctx.team.employeeOf.get(rng.pick(ctx.team.owners).id) ?? null : null;
  const ledger = new LedgerBuilder(ctx, { id: customerId, subsidiaryId, baseCurrency: SUBSIDIARY_CURRENCY[subsidiaryId]!, termsId, createdDay, salesRepId }, rng);
  const payer = rng.weighted(PAYER_PROFILES);
  const dealBillings = legacy ? [] : planBilling(company, won, ctx, rng).map((plan) => ledger.addDeal(plan));
  const orphanInvoices = legacy ? [] : planOrphans(won, createdDay, ctx, rng).map((orphan) =>
    ledger.addStandalone(orphan.day, dealLines(company.segment, false, company.currency, rng), orphan.withOrder, rng.pick(ORPHAN_MEMOS)));
  const inactive = legacy && rng.chance(0.2);
  if (legacy) addLegacyInvoices(company, ledger, createdDay, inactive, ctx, rng);
  ledger.settle(inactive ? 'prompt' : payer);
  const owed = receivables(ledger.transactions, ctx.asOf);
  const refs = legacy
    ? { externalId: ctx.xrefs.legacyExternalId(rng), crmAccountRef: null }
    : ctx.xrefs.netsuiteRefs(customerId, accounts, rng, stale);
  const creditLimitCents = creditLimit(company, payer, rng);
  const override: CreditHoldOverride = rng.chance(payer === 'delinquent' ? 0.2 : 0.01) ? 'ON' : rng.chance(0.07) ? 'OFF' : 'AUTO';
  const autoHold = override === 'AUTO' && creditLimitCents !== null && owed.overdueCents > 0 && owed.openCents > creditLimitCents;
  const lastTouch = ledger.transactions.reduce((max, t) => Math.max(max, t.modifiedDay), createdDay);
  const customer: NsCustomer = {
    id: customerId,
    entityId: `CUST${customerId}`,
    companyName: noisyName(company, NAME_NOISE.netsuite, rng),
    email: rng.chance(0.9) ? billingEmail(company, ctx.pools[company.profile.code].firstNames, ctx.pools[company.profile.code].surnames, rng) : null,
    phone: rng.chance(0.8) ? formatPhone(company.phone, rng) : null,
    url: rng.chance(0.6) ? websiteVariant(company.domain, rng) : null,
    externalId: refs.externalId,
    crmAccountRef: refs.crmAccountRef,
    subsidiaryId,
    currency: company.currency,
    termsId,
    salesRepId,
    creditLimitCents,
    balanceCents: owed.openCents,
    overdueCents: owed.overdueCents,
    unbilledCents: owed.unbilledCents,
    onCreditHold: override === 'ON' || autoHold,
    creditHoldOverride: override,
    addressNkey: ctx.ids.nsAddress.next(),
    address: spellAddress(company.address, company.profile.countryNames, ADDRESS_NOISE.netsuite, rng),
    isInactive: inactive,
    createdDay,
    modifiedDay: Math.min(ctx.lastDay, lastTouch + rng.int(0, 20)),
  };
  return { customer, transactions: ledger.transactions, dealBillings, orphanInvoices, receivables: owed, payer };
}

function creditLimit(company: Company, payer: PayerProfile, rng: SeededRandom): number | null {
  if (rng.chance(0.15)) return null;
  if (payer === 'delinquent' && rng.chance(0.3)) return rng.int(5, 20) * 1_000_00;
  return company.segment === 'enterprise' ? rng.int(10, 150) * 5_000_00 : rng.int(5, 60) * 1_000_00;
}

/** A legacy or direct customer's invoices: active ones bill through the history window, inactive ones stopped long ago. */
function addLegacyInvoices(company: Company, ledger: LedgerBuilder, createdDay: Day, inactive: boolean, ctx: GenerationContext, rng: SeededRandom): void {
  const count = inactive ? rng.int(0, 2) : rng.int(1, 6);
  const from = Math.max(createdDay, ctx.lastDay - 539);
  const to = inactive ? Math.max(from, ctx.lastDay - 300) : ctx.lastDay;
  const days = Array.from({ length: count }, () => rng.int(from, to)).sort((a, b) => a - b);
  for (const day of days) ledger.addStandalone(day, dealLines(company.segment, false, company.currency, rng), rng.chance(0.6), rng.chance(0.5) ? 'Renewal' : null);
}
