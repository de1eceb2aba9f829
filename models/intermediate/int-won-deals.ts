import { acceptedValues, expression } from '../runner/data-tests.ts';
import { sqlWithAsOf } from '../runner/as-of-sql.ts';
import { defineModel } from '../runner/model-definition.ts';

/**
 * Closed-won deals of both CRMs closed by the as-of date, with the customer they belong to: the
 * deal's account → its master customer (mart.customer_xref) → that customer's NetSuite customer (the
 * most recently modified one when the master holds several). A HubSpot deal belongs to its first
 * associated company.
 */
const QUERY = `
WITH deals AS (
  SELECT 'salesforce' AS system, o.id AS opportunity_id, o.name AS opportunity_name, o.account_id AS crm_account_id,
    CAST(o.close_date AS DATE) AS close_date, upper(o.currency_code) AS currency, o.amount, u.name AS owner
  FROM stg.salesforce_opportunity o LEFT JOIN stg.salesforce_user u ON u.id = o.owner_id
  WHERE coalesce(o.is_won, false)
  UNION ALL
  SELECT 'hubspot', d.id, d.deal_name, nullif(split_part(d.associated_company_ids, ',', 1), ''),
    d.close_date, upper(d.currency_code), d.amount, CASE WHEN d.owner_id IS NOT NULL THEN 'HubSpot owner ' || d.owner_id END
  FROM stg.hubspot_deals d
  WHERE coalesce(d.is_closed_won, d.deal_stage = 'closedwon', false)
)
SELECT d.system, d.opportunity_id, d.opportunity_name, d.crm_account_id, x.master_id,
  m.netsuite_customer_id AS erp_customer_id, d.close_date, d.currency, d.amount, d.owner
FROM deals d
LEFT JOIN mart.customer_xref x ON x.system = d.system AND x.source_id = d.crm_account_id
LEFT JOIN mart.customer_master m ON m.master_id = x.master_id
WHERE d.close_date < CAST(:as_of AS DATE)`;

export const intWonDeals = defineModel({
  name: 'int.won_deals',
  description: 'Every closed-won Salesforce Opportunity and HubSpot deal closed before the as-of date, with its master customer and that customer\'s NetSuite customer.',
  key: ['system', 'opportunity_id'],
  dependsOn: ['stg.salesforce_opportunity', 'stg.salesforce_user', 'stg.hubspot_deals', 'mart.customer_xref', 'mart.customer_master'],
  columns: {
    system: 'salesforce or hubspot.',
    opportunity_id: 'Opportunity id (Salesforce) or deal id (HubSpot).',
    opportunity_name: 'Opportunity or deal name.',
    crm_account_id: 'The deal\'s account: Salesforce AccountId, or the HubSpot deal\'s first associated company.',
    master_id: 'Master customer of that account (mart.customer_xref); NULL when the account is unknown.',
    erp_customer_id: 'The master customer\'s NetSuite customer (the most recently modified if several); NULL when it has none.',
    close_date: 'Close date.',
    currency: 'ISO code of the deal amount.',
    amount: 'Deal amount in its currency.',
    owner: 'Deal owner: Salesforce user name, or the HubSpot owner id.',
  },
  tests: [acceptedValues('system', ['salesforce', 'hubspot']), expression('amount_not_negative', 'amount IS NULL OR amount >= 0')],
  query: ({ asOf }) => sqlWithAsOf(QUERY, asOf),
});
