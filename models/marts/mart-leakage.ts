import { acceptedValues, expression } from '../runner/data-tests.ts';
import { sqlWithAsOf } from '../runner/as-of-sql.ts';
import { defineModel, type ModelContext } from '../runner/model-definition.ts';
import { leakageParameter as parameter, toleranceSql } from './leakage-parameters.ts';

export const LEAKAGE_CATEGORIES = [
  'unmatched_customer', 'not_invoiced', 'pending', 'under_invoiced', 'over_invoiced', 'currency_mismatch', 'late_invoice', 'invoiced_without_deal',
] as const;

/**
 * Rules for a closed-won deal, in order (the first that holds is its finding; none: the deal is clean):
 *  unmatched_customer  its customer has no NetSuite customer;
 *  not_invoiced        no invoice, closed at least SLA days before the as-of date (pending: inside the SLA, not leakage);
 *  currency_mismatch   an invoice in another currency than the deal;
 *  under/over_invoiced invoiced minus credited outside ± max(tolerance % of the deal, tolerance floor);
 *  late_invoice        first invoice more than SLA days after the close.
 * And for NetSuite: invoiced_without_deal, an invoice of a customer the CRM knows that bills no deal.
 */
function query(ctx: ModelContext): string {
  const sla = parameter(ctx, 'invoicingSlaDays');
  const tolerance = toleranceSql(ctx, 'b.deal_amount');
  return `
WITH as_of AS (SELECT CAST(:as_of AS DATE) AS day),
deal_findings AS (
  SELECT b.*, CASE
      WHEN b.erp_customer_id IS NULL THEN 'unmatched_customer'
      WHEN len(b.invoice_ids) = 0 THEN CASE WHEN b.close_date <= (SELECT day FROM as_of) - ${sla} THEN 'not_invoiced' ELSE 'pending' END
      WHEN b.invoice_currency <> b.currency THEN 'currency_mismatch'
      WHEN b.invoiced_amount < b.deal_amount - ${tolerance} THEN 'under_invoiced'
      WHEN b.invoiced_amount > b.deal_amount + ${tolerance} THEN 'over_invoiced'
      WHEN b.first_invoice_date - b.close_date > ${sla} THEN 'late_invoice'
    END AS category,
    ${tolerance} AS tolerance
  FROM mart.deal_billing b
),
deals AS (
  SELECT category || ':' || system || ':' || opportunity_id AS finding_id, strftime(close_date, '%Y-%m') AS period, category,
    system, opportunity_id, opportunity_name, crm_account_id, master_id, erp_customer_id, invoice_ids[1] AS erp_transaction_id,
    close_date, first_invoice_date, (SELECT day FROM as_of) - close_date AS days_since_close, first_invoice_date - close_date AS days_to_invoice,
    currency, deal_amount, invoiced_amount, credited_amount, CAST(deal_amount - invoiced_amount AS DECIMAL(18,2)) AS gap_amount, invoice_currency,
    reporting_currency, deal_amount_reporting, invoiced_amount_reporting,
    CAST(deal_amount_reporting - invoiced_amount_reporting AS DECIMAL(18,2)) AS gap_amount_reporting, owner, match_method,
    CASE category
      WHEN 'unmatched_customer' THEN 'the account ' || coalesce(crm_account_id, '(none)') || ' has no NetSuite customer (mart.customer_xref)'
      WHEN 'not_invoiced' THEN 'no invoice ' || ((SELECT day FROM as_of) - close_date) || ' days after the close (SLA ${sla})'
      WHEN 'pending' THEN 'no invoice yet, ' || ((SELECT day FROM as_of) - close_date) || ' days after the close: inside the ${sla}-day SLA'
      WHEN 'currency_mismatch' THEN 'deal in ' || currency || ', invoiced in ' || invoice_currency
      WHEN 'under_invoiced' THEN 'invoiced ' || invoiced_amount || ' of ' || deal_amount || ' ' || currency || ' (tolerance ' || round(tolerance, 2) || ')'
      WHEN 'over_invoiced' THEN 'invoiced ' || invoiced_amount || ' for ' || deal_amount || ' ' || currency || ' (tolerance ' || round(tolerance, 2) || ')'
      WHEN 'late_invoice' THEN 'first invoice ' || (first_invoice_date - close_date) || ' days after the close (SLA ${sla})'
    END || CASE WHEN len(invoice_ids) > 0 THEN '; invoices ' || array_to_string(invoice_ids, ', ') || ' matched by ' || match_method ELSE '' END AS evidence
  FROM deal_findings WHERE category IS NOT NULL
),
crm_customers AS (
  SELECT DISTINCT n.source_id AS erp_customer_id, n.master_id FROM mart.customer_xref n
  JOIN mart.customer_xref c ON c.master_id = n.master_id AND c.system IN ('salesforce', 'hubspot')
  WHERE n.system = 'netsuite'
),
orphans AS (
  SELECT 'invoiced_without_deal:netsuite:' || CAST(t.id AS VARCHAR) AS finding_id, strftime(t.transaction_date, '%Y-%m') AS period,
    'invoiced_without_deal' AS category, 'netsuite' AS system, NULL AS opportunity_id, NULL AS opportunity_name, NULL AS crm_account_id,
    k.master_id, CAST(t.customer_id AS VARCHAR) AS erp_customer_id, CAST(t.id AS VARCHAR) AS erp_transaction_id,
    NULL::DATE AS close_date, t.transaction_date AS first_invoice_date, NULL::INTEGER AS days_since_close, NULL::INTEGER AS days_to_invoice,
    upper(c.symbol) AS currency, CAST(0 AS DECIMAL(18,2)) AS deal_amount, t.total_amount AS invoiced_amount, CAST(0 AS DECIMAL(18,2)) AS credited_amount,
    CAST(-t.total_amount AS DECIMAL(18,2)) AS gap_amount, upper(c.symbol) AS invoice_currency,
    r.reporting_currency, CAST(0 AS DECIMAL(18,2)) AS deal_amount_reporting, CAST(t.total_amount * r.rate AS DECIMAL(18,2)) AS invoiced_amount_reporting,
    CAST(-t.total_amount * r.rate AS DECIMAL(18,2)) AS gap_amount_reporting, NULL AS owner, 'unlinked' AS match_method,
    'invoice ' || coalesce(t.transaction_number, CAST(t.id AS VARCHAR)) || ' of a customer the CRM knows bills no closed-won deal' AS evidence
  FROM stg.netsuite_transaction t
  JOIN crm_customers k ON k.erp_customer_id = CAST(t.customer_id AS VARCHAR)
  LEFT JOIN stg.netsuite_currency c ON c.id = t.currency_id
  ASOF LEFT JOIN int.currency_rates r ON r.currency = upper(c.symbol) AND t.transaction_date >= r.effective_date
  WHERE t.type = 'CustInvc' AND t.transaction_date < (SELECT day FROM as_of) AND NOT coalesce(t.is_voided, false)
    AND CAST(t.id AS VARCHAR) NOT IN (SELECT transaction_id FROM int.deal_documents)
),
findings AS (SELECT * FROM deals UNION ALL SELECT * FROM orphans)
SELECT f.finding_id, f.period, f.category, f.category <> 'pending' AS is_leakage, f.system, f.opportunity_id, f.opportunity_name, f.crm_account_id,
  f.master_id, m.name AS customer_name, f.erp_customer_id, f.erp_transaction_id, f.close_date, f.first_invoice_date, f.days_since_close, f.days_to_invoice,
  f.currency, f.deal_amount, f.invoiced_amount, f.credited_amount, f.gap_amount, f.invoice_currency, f.reporting_currency,
  f.deal_amount_reporting, f.invoiced_amount_reporting, f.gap_amount_reporting, f.owner, f.match_method, f.evidence
FROM findings f LEFT JOIN mart.customer_master m ON m.master_id = f.master_id`;
}

export const martLeakage = defineModel({
  name: 'mart.leakage',
  description: 'One row per finding of the closed-won versus invoiced comparison: each deal that is not clean, and each invoice of a CRM customer that bills no deal (rules in models/marts/mart-leakage.ts).',
  key: ['finding_id'],
  dependsOn: ['mart.deal_billing', 'int.deal_documents', 'int.currency_rates', 'mart.customer_xref', 'mart.customer_master', 'stg.netsuite_transaction', 'stg.netsuite_currency'],
  columns: {
    finding_id: 'category:system:opportunity id (or NetSuite transaction id for invoices without a deal).',
    period: 'Month of the finding (YYYY-MM): the close month, or the invoice month for invoices without a deal.',
    category: 'unmatched_customer, not_invoiced, pending, under_invoiced, over_invoiced, currency_mismatch, late_invoice or invoiced_without_deal.',
    is_leakage: 'False for pending (inside the invoicing SLA: shown, not leakage).',
    system: 'salesforce or hubspot for deals, netsuite for invoices without a deal.',
    opportunity_id: 'The deal.',
    opportunity_name: 'Its name.',
    crm_account_id: 'The deal\'s CRM account.',
    master_id: 'Master customer.',
    customer_name: 'Master customer name (mart.customer_master).',
    erp_customer_id: 'NetSuite customer.',
    erp_transaction_id: 'First invoice of the deal, or the invoice without a deal.',
    close_date: 'Deal close date.',
    first_invoice_date: 'First invoice date (the invoice date for invoices without a deal).',
    days_since_close: 'Days from the close to the as-of date.',
    days_to_invoice: 'Days from the close to the first invoice.',
    currency: 'Deal currency (the invoice currency for invoices without a deal).',
    deal_amount: 'Deal amount (0 for invoices without a deal).',
    invoiced_amount: 'Invoiced minus credited, in the invoices\' currency.',
    credited_amount: 'Credit memos against the deal\'s invoices.',
    gap_amount: 'deal_amount − invoiced_amount (negative: more invoiced than sold).',
    invoice_currency: 'Currency of the invoices.',
    reporting_currency: 'Reporting currency (NetSuite base currency).',
    deal_amount_reporting: 'Deal amount in the reporting currency.',
    invoiced_amount_reporting: 'Net invoiced amount in the reporting currency.',
    gap_amount_reporting: 'Gap in the reporting currency.',
    owner: 'Deal owner.',
    match_method: 'How the deal\'s documents were matched (mart.deal_billing).',
    evidence: 'Why the finding was given.',
  },
  tests: [
    acceptedValues('category', [...LEAKAGE_CATEGORIES]),
    expression('period_is_a_month', "regexp_full_match(period, '[0-9]{4}-[0-9]{2}')"),
    expression('pending_is_not_leakage', "(category = 'pending') = (NOT is_leakage)"),
  ],
  query: (ctx) => sqlWithAsOf(query(ctx), ctx.asOf),
});
