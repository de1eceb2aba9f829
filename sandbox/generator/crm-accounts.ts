import { ADDRESS_NOISE, formatPhone, spellAddress } from './address-noise.ts';
import type { Company } from './company-universe.ts';
import type { StaleXref } from './cross-references.ts';
import type { CrmAccount, CrmSystem } from './dataset-model.ts';
import { hubspotDomain, websiteVariant } from './domain-noise.ts';
import type { GenerationContext } from './generation-context.ts';
import { NAME_NOISE, noisyName } from './name-noise.ts';
import type { SeededRandom } from './seeded-random.ts';

/** Share of CRM companies entered a second time in the same CRM. */
export const DUPLICATE_SHARE = 0.075;

/**
 * The company's accounts in each CRM it is in: one primary record and sometimes a duplicate, each
 * spelling name, website and address its own way. Dates are filled in once the deals are known.
 */
export function buildCrmAccounts(company: Company, ctx: GenerationContext, customerId: number | null, rng: SeededRandom, stale: StaleXref[]): CrmAccount[] {
  const systems: CrmSystem[] = [];
  if (company.inSalesforce) systems.push('salesforce');
  if (company.inHubspot) systems.push('hubspot');
  const accounts: CrmAccount[] = [];
  for (const system of systems) {
    accounts.push(makeAccount(company, system, false, ctx, customerId, rng, stale));
    if (rng.chance(DUPLICATE_SHARE)) accounts.push(makeAccount(company, system, true, ctx, customerId, rng, stale));
  }
  return accounts;
}

function makeAccount(
  company: Company, system: CrmSystem, duplicate: boolean, ctx: GenerationContext, customerId: number | null, rng: SeededRandom, stale: StaleXref[],
): CrmAccount {
  const id = system === 'salesforce' ? ctx.ids.sfAccount.next() : String(ctx.ids.hsCompany.next());
  const salesforce = system === 'salesforce';
  const websiteShare = salesforce ? (duplicate ? 0.6 : 0.88) : duplicate ? 0.5 : 0.75;
  const domainShare = duplicate ? 0.5 : 0.85;
  return {
    system,
    id,
    duplicate,
    name: noisyName(company, duplicate ? NAME_NOISE.duplicate : NAME_NOISE[system], rng),
    website: rng.chance(websiteShare) ? websiteVariant(company.domain, rng) : null,
    domain: !salesforce && rng.chance(domainShare) ? hubspotDomain(company.domain, rng) : null,
    address: spellAddress(company.address, company.profile.countryNames, ADDRESS_NOISE[system], rng),
    phone: rng.chance(0.7) ? formatPhone(company.phone, rng) : null,
    ownerId: salesforce ? rng.pick(ctx.team.owners).id : rng.pick(ctx.team.hubspotOwnerIds),
    createdDay: ctx.lastDay,
    modifiedDay: ctx.lastDay,
    erpCustomerRef: ctx.xrefs.crmErpRef(system, id, customerId, rng, stale),
    blankCountry: false,
    customer: company.presence === 'crm_and_erp' || company.presence === 'won_not_set_up',
  };
}
