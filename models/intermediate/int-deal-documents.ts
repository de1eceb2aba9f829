import { acceptedValues } from '../runner/data-tests.ts';
import { sqlWithAsOf } from '../runner/as-of-sql.ts';
import { defineModel } from '../runner/model-definition.ts';

/** Documents dated at most this many days before the close date, or this many after, can bill a deal by customer and date. */
export const WINDOW_DAYS_BEFORE = 7;
export const WINDOW_DAYS_AFTER = 90;
/** A billing unit is a candidate for a deal when its amount is within this ratio of the deal's (in the base currency). */
export const MIN_AMOUNT_RATIO = 0.1;
export const MAX_AMOUNT_RATIO = 2.5;

export const MATCH_METHODS = ['explicit_reference', 'order_memo', 'customer_window'] as const;

/**
 * NetSuite documents grouped into billing units: a sales order with the invoices created from it, or
 * an invoice without an order; a credit memo follows the invoice it was created from. Each unit bills
 * at most one deal, found by passes in order (each consumes what it matched):
 *  1. explicit_reference: a document of the unit names the deal (custbody_crm_opportunity_id or
 *     externalid; Salesforce ids compared on their first 15 characters);
 *  2. order_memo: for deals with nothing yet, an order of the deal's NetSuite customer whose memo is
 *     the deal's name (the nearest in date when several deals share the name);
 *  3. customer_window: for deals with nothing yet, units of the deal's customer dated from 7 days
 *     before to 90 days after the close, amount (base currency) within 0.1–2.5× the deal's. Deal and
 *     unit must be each other's closest (amount ratio, then date); further units of the same customer
 *     whose closest deal is that one join it while the total stays within tolerance (instalments), or
 *     when they bill the same amount again (a duplicate invoice).
 * A deal whose account has no NetSuite customer through the customer master takes the customer its
 * account's explicitly referenced documents belong to.
 * What is left bills no deal: orphan invoices of CRM customers become invoiced_without_deal findings.
 */
const QUERY = `
WITH deals AS (
  SELECT *, CASE WHEN system = 'salesforce' THEN left(opportunity_id, 15) ELSE opportunity_id END AS ref_key
  FROM int.won_deals
),
rates AS (SELECT currency, effective_date, rate FROM int.currency_rates),
docs AS (
  SELECT CAST(t.id AS VARCHAR) AS transaction_id, t.type, CAST(t.customer_id AS VARCHAR) AS erp_customer_id, t.transaction_date,
    t.total_amount, t.amount_unpaid, upper(c.symbol) AS currency, r.rate AS base_rate,
    CAST(t.created_from_id AS VARCHAR) AS created_from_id, t.memo,
    [nullif(trim(t.crm_opportunity_id), ''), nullif(trim(t.external_id), '')] AS refs
  FROM stg.netsuite_transaction t LEFT JOIN stg.netsuite_currency c ON c.id = t.currency_id
  ASOF LEFT JOIN rates r ON r.currency = upper(c.symbol) AND t.transaction_date >= r.effective_date
  WHERE t.type IN ('SalesOrd', 'CustInvc', 'CustCred') AND t.transaction_date < CAST(:as_of AS DATE) AND NOT coalesce(t.is_voided, false)
),
invoice_units AS (
  SELECT i.transaction_id, coalesce(o.transaction_id, i.transaction_id) AS unit_id
  FROM docs i LEFT JOIN docs o ON o.transaction_id = i.created_from_id AND o.type = 'SalesOrd' WHERE i.type = 'CustInvc'
),
unit_docs AS (
  SELECT * FROM (
    SELECT d.*, CASE d.type WHEN 'SalesOrd' THEN d.transaction_id WHEN 'CustInvc' THEN iu.unit_id ELSE cu.unit_id END AS unit_id
    FROM docs d
    LEFT JOIN invoice_units iu ON iu.transaction_id = d.transaction_id
    LEFT JOIN invoice_units cu ON cu.transaction_id = d.created_from_id AND d.type = 'CustCred'
  ) WHERE unit_id IS NOT NULL
),
unit_totals AS (
  SELECT unit_id, any_value(erp_customer_id) AS erp_customer_id, min(transaction_date) AS unit_date,
    coalesce(sum(total_amount * base_rate) FILTER (WHERE type = 'CustInvc'), sum(total_amount * base_rate) FILTER (WHERE type = 'SalesOrd')) AS base_amount,
    any_value(memo) FILTER (WHERE type = 'SalesOrd') AS order_memo
  FROM unit_docs GROUP BY unit_id
),
-- pass 1: a document names the deal
unit_refs AS (
  SELECT DISTINCT unit_id, CASE WHEN regexp_full_match(ref, '[0-9]+') THEN ref ELSE left(ref, 15) END AS ref_key,
    CASE WHEN regexp_full_match(ref, '[0-9]+') THEN 'hubspot' ELSE 'salesforce' END AS ref_system
  FROM (SELECT unit_id, unnest(refs) AS ref FROM unit_docs) WHERE ref IS NOT NULL
),
explicit AS (
  SELECT r.unit_id, min(d.system) AS system, min(d.opportunity_id) AS opportunity_id, 'explicit_reference' AS match_method
  FROM unit_refs r JOIN deals d ON d.ref_key = r.ref_key AND d.system = r.ref_system GROUP BY r.unit_id
),
-- an account whose deals are explicitly billed on a NetSuite customer belongs to that customer, even when matching missed it
account_customers AS (
  SELECT d.system, d.crm_account_id, mode(u.erp_customer_id ORDER BY u.erp_customer_id) AS erp_customer_id
  FROM explicit e JOIN deals d USING (system, opportunity_id) JOIN unit_totals u USING (unit_id)
  WHERE d.crm_account_id IS NOT NULL GROUP BY d.system, d.crm_account_id
),
open_deals_2 AS (
  SELECT d.* REPLACE (coalesce(d.erp_customer_id, a.erp_customer_id) AS erp_customer_id)
  FROM deals d LEFT JOIN account_customers a USING (system, crm_account_id)
  WHERE NOT EXISTS (SELECT 1 FROM explicit e WHERE e.system = d.system AND e.opportunity_id = d.opportunity_id)
),
-- pass 2: the order's memo is the deal's name
memo AS (
  SELECT u.unit_id, d.system, d.opportunity_id, 'order_memo' AS match_method
  FROM unit_totals u JOIN open_deals_2 d ON d.erp_customer_id = u.erp_customer_id AND lower(trim(u.order_memo)) = lower(trim(d.opportunity_name))
  WHERE u.unit_id NOT IN (SELECT unit_id FROM explicit)
  QUALIFY row_number() OVER (PARTITION BY u.unit_id ORDER BY abs(u.unit_date - d.close_date), d.opportunity_id) = 1
),
matched_12 AS (SELECT * FROM explicit UNION ALL SELECT * FROM memo),
open_deals_3 AS (
  SELECT d.*, d.amount * r.rate AS base_amount
  FROM open_deals_2 d ASOF LEFT JOIN rates r ON r.currency = d.currency AND d.close_date >= r.effective_date
  WHERE NOT EXISTS (SELECT 1 FROM memo m WHERE m.system = d.system AND m.opportunity_id = d.opportunity_id)
),
-- pass 3: same customer, date window, amount in range; deal and unit each other's closest
window_candidates AS (
  SELECT u.unit_id, d.system, d.opportunity_id, d.base_amount AS deal_base, u.base_amount AS unit_base,
    abs(ln(u.base_amount / d.base_amount)) AS amount_distance, abs(u.unit_date - d.close_date) AS day_distance
  FROM unit_totals u JOIN open_deals_3 d ON d.erp_customer_id = u.erp_customer_id
  WHERE u.unit_id NOT IN (SELECT unit_id FROM matched_12)
    AND u.unit_date BETWEEN d.close_date - ${WINDOW_DAYS_BEFORE} AND d.close_date + ${WINDOW_DAYS_AFTER}
    AND d.base_amount > 0 AND u.base_amount > 0
    AND u.base_amount BETWEEN d.base_amount * ${MIN_AMOUNT_RATIO} AND d.base_amount * ${MAX_AMOUNT_RATIO}
),
ranked AS (
  SELECT *,
    row_number() OVER (PARTITION BY unit_id ORDER BY amount_distance, day_distance, system, opportunity_id) AS rank_for_unit,
    row_number() OVER (PARTITION BY system, opportunity_id ORDER BY amount_distance, day_distance, unit_id) AS rank_for_deal
  FROM window_candidates
),
mutual AS (SELECT * FROM ranked WHERE rank_for_unit = 1 AND rank_for_deal = 1),
-- more units whose closest deal it is: instalments while the total stays within tolerance, and the
-- same amount billed again (a duplicate invoice: the deal is over-invoiced, not the invoice orphaned)
instalments AS (
  SELECT r.* FROM ranked r JOIN mutual m ON m.system = r.system AND m.opportunity_id = r.opportunity_id
  WHERE r.rank_for_unit = 1 AND r.rank_for_deal > 1
  QUALIFY m.unit_base + sum(r.unit_base) OVER (PARTITION BY r.system, r.opportunity_id ORDER BY r.day_distance, r.unit_id)
      <= r.deal_base + greatest(r.deal_base * 0.02, 50)
    OR abs(r.unit_base - m.unit_base) < 0.01
),
assigned AS (
  SELECT * FROM matched_12
  UNION ALL SELECT unit_id, system, opportunity_id, 'customer_window' FROM mutual
  UNION ALL SELECT unit_id, system, opportunity_id, 'customer_window' FROM instalments
)
SELECT d.transaction_id, d.type, d.unit_id, a.system, a.opportunity_id, a.match_method, d.erp_customer_id, d.transaction_date,
  d.total_amount, d.amount_unpaid, d.currency, d.base_rate
FROM unit_docs d JOIN assigned a USING (unit_id)`;

export const intDealDocuments = defineModel({
  name: 'int.deal_documents',
  description: 'Every NetSuite sales order, invoice and credit memo that bills a closed-won deal, with how it was matched (rules in models/intermediate/int-deal-documents.ts).',
  key: ['transaction_id'],
  dependsOn: ['int.won_deals', 'int.currency_rates', 'stg.netsuite_transaction', 'stg.netsuite_currency'],
  columns: {
    transaction_id: 'NetSuite transaction id.',
    type: 'SalesOrd, CustInvc or CustCred.',
    unit_id: 'The billing unit: the sales order an invoice was created from (a credit memo: its invoice\'s unit), else the invoice itself.',
    system: 'CRM of the deal it bills.',
    opportunity_id: 'The deal it bills.',
    match_method: 'explicit_reference, order_memo or customer_window.',
    erp_customer_id: 'NetSuite customer of the document.',
    transaction_date: 'Document date.',
    total_amount: 'Document total in its currency.',
    amount_unpaid: 'Still unpaid, in its currency (invoices).',
    currency: 'Document currency (ISO).',
    base_rate: 'Rate from the document currency to the reporting (NetSuite base) currency on its date (int.currency_rates).',
  },
  tests: [acceptedValues('match_method', [...MATCH_METHODS]), acceptedValues('type', ['SalesOrd', 'CustInvc', 'CustCred'])],
  query: ({ asOf }) => sqlWithAsOf(QUERY, asOf),
});
