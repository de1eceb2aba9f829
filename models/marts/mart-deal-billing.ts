import { acceptedValues, expression } from '../runner/data-tests.ts';
import { sqlWithAsOf } from '../runner/as-of-sql.ts';
import { defineModel, type ModelContext } from '../runner/model-definition.ts';
import { toleranceSql } from './leakage-parameters.ts';

export const INVOICE_STATUSES = ['not_invoiced', 'partially_invoiced', 'invoiced', 'paid'] as const;

/**
 * One row per closed-won deal with what NetSuite billed for it (int.deal_documents): invoices, credit
 * memos (they reduce the invoiced amount) and what was paid, in the invoices' currency and in the
 * reporting currency (NetSuite's base currency, at each document's date).
 */
function query(ctx: ModelContext): string {
  return `
WITH billed AS (
  SELECT system, opportunity_id, any_value(match_method) AS match_method, mode(erp_customer_id ORDER BY erp_customer_id) AS documents_customer_id,
    coalesce(sum(total_amount) FILTER (WHERE type = 'CustInvc'), 0) AS gross_invoiced,
    coalesce(sum(total_amount) FILTER (WHERE type = 'CustCred'), 0) AS credited,
    coalesce(sum(total_amount - coalesce(amount_unpaid, 0)) FILTER (WHERE type = 'CustInvc'), 0) AS paid,
    coalesce(sum(amount_unpaid) FILTER (WHERE type = 'CustInvc'), 0) AS unpaid,
    coalesce(sum(total_amount * base_rate) FILTER (WHERE type = 'CustInvc'), 0)
      - coalesce(sum(total_amount * base_rate) FILTER (WHERE type = 'CustCred'), 0) AS invoiced_reporting,
    min(transaction_date) FILTER (WHERE type = 'CustInvc') AS first_invoice_date,
    list(transaction_id ORDER BY transaction_date, transaction_id) FILTER (WHERE type = 'CustInvc') AS invoice_ids,
    list(transaction_id ORDER BY transaction_date, transaction_id) FILTER (WHERE type = 'CustCred') AS credit_memo_ids,
    min(transaction_id) FILTER (WHERE type = 'SalesOrd') AS sales_order_id,
    list(DISTINCT currency ORDER BY currency) FILTER (WHERE type = 'CustInvc') AS invoice_currencies
  FROM int.deal_documents GROUP BY system, opportunity_id
),
reporting AS (SELECT any_value(reporting_currency) AS currency FROM int.currency_rates),
deals AS (
SELECT d.system, d.opportunity_id, d.opportunity_name, d.crm_account_id, d.master_id,
  coalesce(d.erp_customer_id, b.documents_customer_id) AS erp_customer_id, d.close_date,
  d.currency, d.amount AS deal_amount,
  CAST(coalesce(b.gross_invoiced, 0) - coalesce(b.credited, 0) AS DECIMAL(18,2)) AS invoiced_amount,
  CAST(coalesce(b.gross_invoiced, 0) AS DECIMAL(18,2)) AS gross_invoiced_amount,
  CAST(coalesce(b.credited, 0) AS DECIMAL(18,2)) AS credited_amount,
  CAST(coalesce(b.paid, 0) AS DECIMAL(18,2)) AS paid_amount,
  CASE WHEN list_contains(b.invoice_currencies, d.currency) AND len(b.invoice_currencies) = 1 THEN d.currency
    ELSE coalesce(list_filter(b.invoice_currencies, c -> c <> d.currency)[1], b.invoice_currencies[1]) END AS invoice_currency,
  b.first_invoice_date, coalesce(b.invoice_ids, []) AS invoice_ids, coalesce(b.credit_memo_ids, []) AS credit_memo_ids, b.sales_order_id,
  coalesce(b.match_method, 'unlinked') AS match_method,
  (SELECT currency FROM reporting) AS reporting_currency,
  CAST(d.amount * r.rate AS DECIMAL(18,2)) AS deal_amount_reporting,
  CAST(coalesce(b.invoiced_reporting, 0) AS DECIMAL(18,2)) AS invoiced_amount_reporting,
  d.owner, b.unpaid, r.rate AS deal_rate
FROM int.won_deals d
LEFT JOIN billed b USING (system, opportunity_id)
ASOF LEFT JOIN int.currency_rates r ON r.currency = d.currency AND d.close_date >= r.effective_date
),
in_deal_currency AS (
  SELECT *, CAST(CASE WHEN invoice_currency IS NULL OR invoice_currency = currency THEN invoiced_amount
      WHEN deal_rate > 0 THEN round(invoiced_amount_reporting / deal_rate, 2) END AS DECIMAL(18,2)) AS invoiced_amount_deal_currency
  FROM deals
)
SELECT * EXCLUDE (unpaid, deal_rate, sales_order_number), sales_order_number,
  CASE WHEN len(invoice_ids) = 0 THEN 'not_invoiced'
    WHEN invoiced_amount_deal_currency < deal_amount - ${toleranceSql(ctx, 'deal_amount')} THEN 'partially_invoiced'
    WHEN unpaid = 0 THEN 'paid'
    ELSE 'invoiced' END AS invoice_status
FROM in_deal_currency
LEFT JOIN (SELECT CAST(id AS VARCHAR) AS sales_order_id, transaction_number AS sales_order_number FROM stg.netsuite_transaction) USING (sales_order_id)`;
}

export const martDealBilling = defineModel({
  name: 'mart.deal_billing',
  description: 'One row per closed-won deal (Salesforce and HubSpot) with the NetSuite orders, invoices, credit memos and payments that bill it, and how they were matched.',
  key: ['system', 'opportunity_id'],
  dependsOn: ['int.won_deals', 'int.deal_documents', 'int.currency_rates', 'stg.netsuite_transaction'],
  columns: {
    system: 'salesforce or hubspot.',
    opportunity_id: 'Opportunity (Salesforce) or deal (HubSpot) id.',
    opportunity_name: 'Its name.',
    crm_account_id: 'The deal\'s CRM account.',
    master_id: 'Master customer (mart.customer_master).',
    erp_customer_id: 'NetSuite customer of the master customer; else the customer of the documents that bill the deal.',
    close_date: 'Close date.',
    currency: 'Deal currency (ISO).',
    deal_amount: 'Deal amount in the deal currency.',
    invoiced_amount: 'Invoiced minus credited, in the invoices\' currency.',
    gross_invoiced_amount: 'Sum of the invoices, before credit memos.',
    credited_amount: 'Sum of the credit memos against those invoices.',
    paid_amount: 'Paid (or credited) on those invoices so far: total minus unpaid.',
    invoice_currency: 'Currency of the invoices; when one differs from the deal currency, that one.',
    first_invoice_date: 'Date of the first invoice.',
    invoice_ids: 'NetSuite invoice ids, oldest first.',
    credit_memo_ids: 'NetSuite credit memo ids.',
    sales_order_id: 'NetSuite sales order id, if any.',
    match_method: 'How the documents were found: explicit_reference, order_memo, customer_window, or unlinked (none found).',
    reporting_currency: 'Reporting currency (NetSuite base currency).',
    deal_amount_reporting: 'Deal amount at the close-date rate, in the reporting currency.',
    invoiced_amount_reporting: 'Net invoiced amount at each document\'s date rate, in the reporting currency.',
    owner: 'Deal owner.',
    invoiced_amount_deal_currency: 'Net invoiced amount in the deal currency: invoiced_amount when the invoices are in it, else the reporting amount at the close-date rate.',
    sales_order_number: 'Document number (tranid) of the NetSuite sales order, if any.',
    invoice_status: 'not_invoiced (no invoice), partially_invoiced (below the deal amount beyond the leakage tolerance), paid (nothing unpaid) or invoiced. Written back to the CRM.',
  },
  tests: [
    acceptedValues('match_method', ['explicit_reference', 'order_memo', 'customer_window', 'unlinked']),
    acceptedValues('invoice_status', INVOICE_STATUSES),
    expression('not_invoiced_iff_no_invoice', "(invoice_status = 'not_invoiced') = (len(invoice_ids) = 0)"),
    expression('unlinked_has_no_invoices', "match_method <> 'unlinked' OR len(invoice_ids) = 0"),
  ],
  query: (ctx) => sqlWithAsOf(query(ctx), ctx.asOf),
});
