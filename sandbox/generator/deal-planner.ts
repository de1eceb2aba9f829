import { fiscalYearQuarter, type Day } from './calendar.ts';
import type { Company } from './company-universe.ts';
import type { CrmAccount, Deal, DealState } from './dataset-model.ts';
import { dealLabel, dealLines, linesTotal } from './deal-lines.ts';
import type { GenerationContext } from './generation-context.ts';
import type { SeededRandom } from './seeded-random.ts';

/** Deals are spread over this many days before the as-of date. */
export const HISTORY_DAYS = 540;

const SF_OPEN_STAGES: readonly (readonly [string, number, number])[] = [
  ['Prospecting', 10, 3], ['Qualification', 10, 3], ['Needs Analysis', 20, 2], ['Value Proposition', 50, 2], ['Id. Decision Makers', 60, 1],
  ['Perception Analysis', 70, 1], ['Proposal/Price Quote', 75, 2], ['Negotiation/Review', 90, 1],
];
const HS_OPEN_STAGES: readonly (readonly [string, number, number])[] = [
  ['appointmentscheduled', 20, 3], ['qualifiedtobuy', 40, 3], ['presentationscheduled', 60, 2], ['decisionmakerboughtin', 80, 1], ['contractsent', 90, 1],
];
const LEAD_SOURCES: readonly (readonly [string | null, number])[] = [['Web', 30], ['Phone Inquiry', 10], ['Partner Referral', 15], ['Purchased List', 5], ['Other', 10], [null, 30]];

/**
 * The company's opportunities and deals: won deals for customers (first new business, then renewals
 * and expansions), lost ones, and open pipeline; duplicates sometimes carry a deal of their own.
 * Every date lies within the history window and no later than the last day (open deals may expect
 * to close after the as-of date).
 */
export function planDeals(company: Company, accounts: readonly CrmAccount[], ctx: GenerationContext, rng: SeededRandom): Deal[] {
  const primaries = accounts.filter((a) => !a.duplicate);
  if (primaries.length === 0) return [];
  const enterprise = company.segment === 'enterprise';
  const wonCount = company.presence === 'crm_and_erp' ? rng.geometric(enterprise ? 0.45 : 0.6, enterprise ? 6 : 3)
    : company.presence === 'won_not_set_up' ? rng.geometric(0.7, 2) : 0;
  const lostCount = rng.weighted([[0, 5], [1, 3], [2, 1]]);
  const openCount = company.presence === 'prospect' ? rng.int(1, 2) : rng.weighted([[0, 5], [1, 3], [2, 1]]);
  const deals: Deal[] = [];
  const wonDays = Array.from({ length: wonCount }, () => ctx.lastDay - rng.int(0, HISTORY_DAYS - 1)).sort((a, b) => a - b);
  wonDays.forEach((day, i) => deals.push(makeDeal(company, rng.pick(primaries), 'won', day, i === 0, ctx, rng)));
  for (let i = 0; i < lostCount; i++) deals.push(makeDeal(company, rng.pick(primaries), 'lost', ctx.lastDay - rng.int(0, HISTORY_DAYS - 1), wonCount === 0, ctx, rng));
  for (let i = 0; i < openCount; i++) deals.push(makeDeal(company, rng.pick(primaries), 'open', ctx.lastDay + rng.int(-30, 150), wonCount === 0, ctx, rng));
  for (const duplicate of accounts.filter((a) => a.duplicate)) {
    if (!rng.chance(0.3)) continue;
    const state: DealState = wonCount > 0 && rng.chance(0.4) ? 'won' : rng.chance(0.5) ? 'lost' : 'open';
    const day = state === 'open' ? ctx.lastDay + rng.int(-30, 150) : ctx.lastDay - rng.int(0, HISTORY_DAYS - 1);
    deals.push(makeDeal(company, duplicate, state, day, false, ctx, rng));
  }
  return deals;
}

function makeDeal(company: Company, account: CrmAccount, state: DealState, closeDay: Day, newBusiness: boolean, ctx: GenerationContext, rng: SeededRandom): Deal {
  const salesforce = account.system === 'salesforce';
  const lines = dealLines(company.segment, newBusiness, company.currency, rng);
  const cycle = company.segment === 'enterprise' ? rng.int(20, 160) : rng.int(5, 60);
  const earliest = ctx.lastDay - HISTORY_DAYS - 120;
  const createdDay = Math.max(earliest, Math.min(ctx.lastDay, closeDay - cycle));
  const modifiedDay = state === 'open' ? rng.int(createdDay, ctx.lastDay) : Math.min(ctx.lastDay, closeDay + rng.int(0, 10));
  const [stage, probability] = stageOf(state, salesforce, rng);
  return {
    system: account.system,
    id: salesforce ? ctx.ids.sfOpportunity.next() : String(ctx.ids.hsDeal.next()),
    account,
    // Reps name deals after the account as they typed it.
    name: `${account.name} - ${dealLabel(lines, newBusiness, fiscalYearQuarter(closeDay).year)}`,
    state,
    stage,
    probability,
    amountCents: linesTotal(lines),
    currency: company.currency,
    closeDay,
    createdDay,
    modifiedDay: Math.max(modifiedDay, createdDay),
    lines,
    ownerId: rng.chance(0.85) ? account.ownerId : salesforce ? rng.pick(ctx.team.owners).id : rng.pick(ctx.team.hubspotOwnerIds),
    newBusiness,
    leadSource: salesforce ? rng.weighted(LEAD_SOURCES) : null,
  };
}

function stageOf(state: DealState, salesforce: boolean, rng: SeededRandom): [string, number] {
  if (state === 'won') return salesforce ? ['Closed Won', 100] : ['closedwon', 100];
  if (state === 'lost') return salesforce ? ['Closed Lost', 0] : ['closedlost', 0];
  const [stage, probability] = rng.weighted((salesforce ? SF_OPEN_STAGES : HS_OPEN_STAGES).map(([s, p, w]) => [[s, p] as [string, number], w] as const));
  return [stage, probability];
}

/** Sets the accounts' created/modified days from their deals (an account exists before its first deal). */
export function dateAccounts(accounts: readonly CrmAccount[], deals: readonly Deal[], ctx: GenerationContext, rng: SeededRandom): void {
  for (const account of accounts) {
    let firstDeal = Number.POSITIVE_INFINITY;
    let lastTouch = Number.NEGATIVE_INFINITY;
    for (const deal of deals) {
      if (deal.account !== account) continue;
      firstDeal = Math.min(firstDeal, deal.createdDay);
      lastTouch = Math.max(lastTouch, deal.modifiedDay);
    }
    const floor = ctx.lastDay - HISTORY_DAYS - 400;
    account.createdDay = Number.isFinite(firstDeal) ? Math.max(floor, firstDeal - rng.int(0, 120)) : ctx.lastDay - rng.int(20, HISTORY_DAYS + 300);
    const touched = Number.isFinite(lastTouch) ? lastTouch : account.createdDay;
    account.modifiedDay = Math.min(ctx.lastDay, Math.max(touched, account.createdDay) + rng.int(0, 30));
  }
}
