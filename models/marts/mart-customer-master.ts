import { sql } from 'kysely';
import { expression } from '../runner/data-tests.ts';
import { defineModel } from '../runner/model-definition.ts';

/**
 * The golden record: each field from its system of record. The CRM owns the name, website and owner
 * (Salesforce before HubSpot); the ERP owns the billing address, currency and subsidiary, with the
 * CRM's address as the fallback for customers not in the ERP. Within one system the most recently
 * modified record of the customer wins.
 */
const QUERY = `
WITH members AS (
  SELECT x.master_id, r.*, x.match_status,
    row_number() OVER (PARTITION BY x.master_id, r.system ORDER BY r.modified_at DESC NULLS LAST, r.source_id) AS recency
  FROM mart.customer_xref x JOIN int.customer_records r USING (system, source_id)
),
crm AS (
  SELECT * FROM members WHERE system IN ('salesforce', 'hubspot') AND recency = 1
  QUALIFY row_number() OVER (PARTITION BY master_id ORDER BY system = 'salesforce' DESC) = 1
),
erp AS (SELECT * FROM members WHERE system = 'netsuite' AND recency = 1),
ns AS (
  SELECT CAST(c.id AS VARCHAR) AS source_id, c.billing_address_1, c.billing_zip, cur.symbol AS currency, sub.name AS subsidiary
  FROM stg.netsuite_customer c
  LEFT JOIN stg.netsuite_currency cur ON cur.id = c.currency_id
  LEFT JOIN stg.netsuite_subsidiary sub ON sub.id = c.subsidiary_id
),
owners AS (
  SELECT a.id AS source_id, a.currency_code, u.name AS owner_name FROM stg.salesforce_account a LEFT JOIN stg.salesforce_user u ON u.id = a.owner_id
  UNION ALL
  SELECT id, NULL, CASE WHEN owner_id IS NOT NULL THEN 'HubSpot owner ' || owner_id END FROM stg.hubspot_companies
),
ids AS (
  SELECT master_id,
    list(source_id ORDER BY recency) FILTER (WHERE system = 'salesforce') AS salesforce_account_ids,
    list(source_id ORDER BY recency) FILTER (WHERE system = 'hubspot') AS hubspot_company_ids,
    list(source_id ORDER BY recency) FILTER (WHERE system = 'netsuite') AS netsuite_customer_ids,
    count(*) AS record_count,
    bool_or(match_status = 'review') AS has_review
  FROM members GROUP BY master_id
)
SELECT i.master_id,
  coalesce(crm.name, erp.name) AS name,
  coalesce(crm.domain, erp.domain) AS domain,
  coalesce(n.billing_address_1, crm.street) AS billing_street,
  coalesce(erp.city, crm.city) AS billing_city,
  coalesce(erp.state, crm.state) AS billing_state,
  coalesce(erp.postal_code, crm.postal_code) AS billing_postal_code,
  coalesce(erp.country, crm.country) AS country,
  coalesce(n.currency, o.currency_code) AS currency,
  n.subsidiary,
  o.owner_name AS owner,
  i.salesforce_account_ids[1] AS salesforce_account_id,
  i.hubspot_company_ids[1] AS hubspot_company_id,
  i.netsuite_customer_ids[1] AS netsuite_customer_id,
  coalesce(i.salesforce_account_ids, []) AS salesforce_account_ids,
  coalesce(i.hubspot_company_ids, []) AS hubspot_company_ids,
  coalesce(i.netsuite_customer_ids, []) AS netsuite_customer_ids,
  i.record_count,
  CASE WHEN crm.master_id IS NOT NULL AND erp.master_id IS NOT NULL THEN 'crm_and_erp' WHEN erp.master_id IS NOT NULL THEN 'erp_only' ELSE 'crm_only' END AS presence,
  i.has_review
FROM ids i
LEFT JOIN crm USING (master_id)
LEFT JOIN erp USING (master_id)
LEFT JOIN ns n ON n.source_id = erp.source_id
LEFT JOIN owners o ON o.source_id = crm.source_id`;

export const martCustomerMaster = defineModel({
  name: 'mart.customer_master',
  description: 'One row per master customer: the golden record across Salesforce, HubSpot and NetSuite, each field from its system of record, with every source id.',
  key: ['master_id'],
  dependsOn: [
    'mart.customer_xref', 'int.customer_records', 'stg.netsuite_customer', 'stg.netsuite_currency', 'stg.netsuite_subsidiary',
    'stg.salesforce_account', 'stg.salesforce_user', 'stg.hubspot_companies',
  ],
  columns: {
    master_id: 'Master customer id, stable across runs (see mart.customer_xref).',
    name: 'Customer name from the CRM (Salesforce, else HubSpot), else NetSuite.',
    domain: 'Registrable company domain (CRM first, else from the ERP website or e-mail).',
    billing_street: 'Billing street from NetSuite (the ERP owns billing), else the CRM.',
    billing_city: 'Billing city (normalised: lower case, no accents).',
    billing_state: 'Billing state code (US) or region.',
    billing_postal_code: 'Billing postal code (normalised).',
    country: 'ISO 3166-1 alpha-2 country.',
    currency: 'NetSuite currency of the customer, else the Salesforce account currency.',
    subsidiary: 'NetSuite subsidiary name.',
    owner: 'Account owner: the Salesforce user\'s name, else the HubSpot owner id.',
    salesforce_account_id: 'The most recently modified Salesforce Account of the customer.',
    hubspot_company_id: 'The most recently modified HubSpot company.',
    netsuite_customer_id: 'The most recently modified NetSuite customer.',
    salesforce_account_ids: 'All its Salesforce Accounts (more than one: duplicates in Salesforce).',
    hubspot_company_ids: 'All its HubSpot companies.',
    netsuite_customer_ids: 'All its NetSuite customers.',
    record_count: 'Source records of the customer.',
    presence: 'crm_and_erp, crm_only or erp_only.',
    has_review: 'Whether one of its records has a possible match waiting for review.',
  },
  tests: [expression('has_a_record', 'record_count >= 1'), expression('known_presence', "presence IN ('crm_and_erp', 'crm_only', 'erp_only')")],
  query: () => sql.raw(QUERY),
});
