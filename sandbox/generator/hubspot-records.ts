import { timestampIso } from './calendar.ts';
import type { Company } from './company-universe.ts';
import type { CrmAccount, Deal } from './dataset-model.ts';
import type { ExchangeRates } from './exchange-rates.ts';
import { stamp } from './record-time.ts';
import type { SeededRandom } from './seeded-random.ts';

/**
 * HubSpot CRM objects as the v3 API returns them: `{id, properties (all strings), createdAt,
 * updatedAt, archived}`; deals carry their company and line-item associations.
 */
export interface HubspotRecord {
  id: string;
  properties: Record<string, string>;
  createdAt: string;
  updatedAt: string;
  archived: false;
  associations?: Record<string, { results: { id: string; type: string }[] }>;
}

function envelope(id: string, createdDay: number, modifiedDay: number, properties: Record<string, string | null>): HubspotRecord {
  const createdAt = stamp(createdDay, id);
  const touched = stamp(modifiedDay, id, 1);
  const updatedAt = touched < createdAt ? createdAt : touched;
  const values: Record<string, string> = { hs_object_id: id };
  for (const [name, value] of Object.entries(properties)) if (value !== null && value !== '') values[name] = value;
  values.createdate = createdAt;
  values.hs_lastmodifieddate = updatedAt;
  return { id, properties: values, createdAt, updatedAt, archived: false };
}

/** HubSpot shows money without trailing zeros: "12500", "12500.5". */
function money(cents: number): string {
  return String(cents / 100);
}

export function companyRecord(account: CrmAccount, company: Company, hasOpenDeals: boolean, rng: SeededRandom): HubspotRecord {
  const a = account.address;
  return envelope(account.id, account.createdDay, account.modifiedDay, {
    name: account.name,
    domain: account.domain,
    website: account.website,
    phone: account.phone,
    address: a.street,
    address2: a.line2,
    city: a.city,
    state: a.state,
    zip: a.postalCode,
    country: a.country,
    industry: rng.chance(0.7) ? company.industry.hubspot : null,
    numberofemployees: rng.chance(0.6) ? String(company.employees) : null,
    annualrevenue: rng.chance(0.4) ? String(company.annualRevenue) : null,
    hubspot_owner_id: account.ownerId,
    lifecyclestage: account.customer ? 'customer' : hasOpenDeals ? 'opportunity' : 'lead',
    erp_customer_id: account.erpCustomerRef,
  });
}

export function dealRecord(deal: Deal, lineItemIds: readonly string[], rates: ExchangeRates): HubspotRecord {
  const closed = deal.state !== 'open';
  const home = Math.round(deal.amountCents * rates.rate('USD', deal.currency, deal.closeDay));
  const record = envelope(deal.id, deal.createdDay, deal.modifiedDay, {
    dealname: deal.name,
    amount: money(deal.amountCents),
    // Mid-day UTC, so the close date reads the same in every portal time zone.
    closedate: timestampIso(deal.closeDay, 43_200),
    dealstage: deal.stage,
    pipeline: 'default',
    deal_currency_code: deal.currency,
    hubspot_owner_id: deal.ownerId,
    dealtype: deal.newBusiness ? 'newbusiness' : 'existingbusiness',
    hs_is_closed_won: String(deal.state === 'won'),
    hs_is_closed: String(closed),
    amount_in_home_currency: money(home),
  });
  record.associations = {
    companies: { results: [{ id: deal.account.id, type: 'deal_to_company' }] },
    line_items: { results: lineItemIds.map((id) => ({ id, type: 'deal_to_line_item' })) },
  };
  return record;
}

export function lineItemRecords(deal: Deal, ids: readonly string[]): HubspotRecord[] {
  return deal.lines.map((line, i) => envelope(ids[i]!, deal.createdDay, deal.createdDay, {
    name: line.product.name,
    quantity: String(line.quantity),
    // HubSpot: amount = quantity × (price − discount), discount being per unit.
    price: money(line.listCents),
    amount: money(line.totalCents),
    hs_product_id: line.product.hubspotProductId,
    hs_sku: line.product.code,
    hs_line_item_currency_code: deal.currency,
    discount: line.listCents > line.unitCents ? money(line.listCents - line.unitCents) : null,
  }));
}
