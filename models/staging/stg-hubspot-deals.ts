import { stagingModel, tryCast } from './staging-model.ts';

export const stgHubspotDeals = stagingModel({
  name: 'stg.hubspot_deals',
  source: 'raw.hubspot__deals',
  description: 'One row per live (not archived) HubSpot deal as of the run.',
  columns: [
    ['id', 'id', 'HubSpot deal id.'],
    ['deal_name', 'dealname', 'Deal name.'],
    ['amount', tryCast('amount', 'DECIMAL(18,2)'), 'Deal amount in the deal currency (NULL when not a number).'],
    ['amount_in_home_currency', tryCast('amount_in_home_currency', 'DECIMAL(18,2)'), 'Deal amount in the portal currency.'],
    ['currency_code', 'deal_currency_code', 'ISO currency code of the amount.'],
    ['close_date', tryCast('closedate', 'DATE'), 'Expected or actual close date.'],
    ['close_timestamp', tryCast('closedate', 'TIMESTAMP'), 'Expected or actual close time as HubSpot stores it (UTC).'],
    ['deal_stage', 'dealstage', 'Pipeline stage id (e.g. closedwon).'],
    ['pipeline', 'pipeline', 'Pipeline id.'],
    ['deal_type', 'dealtype', 'Deal type (e.g. newbusiness).'],
    ['description', 'description', 'Free-text description.'],
    ['is_closed_won', tryCast('hs_is_closed_won', 'BOOLEAN'), 'Whether the stage is a won one.'],
    ['is_closed', tryCast('hs_is_closed', 'BOOLEAN'), 'Whether the stage is a closed one.'],
    ['owner_id', 'hubspot_owner_id', 'HubSpot owner id.'],
    ['associated_company_ids', 'associated_company_ids', 'Ids of the associated companies, as landed by extract.'],
    ['created_at', 'created_at', 'When the deal was created (UTC).'],
    ['updated_at', 'updated_at', 'Last modification (UTC).'],
  ],
});
