import { expression, relationship } from '../runner/data-tests.ts';
import { defineModel } from '../runner/model-definition.ts';
import { sqlWithAsOf } from '../runner/as-of-sql.ts';

/** Aging buckets by days past the due date at the as-of date; an invoice without a due date is current. */
export const AGING_BUCKETS = ['current_amount', 'days_1_30', 'days_31_60', 'days_61_90', 'days_over_90'] as const;

/**
 * Open = a live, unvoided invoice with an unpaid amount. Each invoice's unpaid amount is converted to
 * the customer's (subsidiary's) currency at the invoice's own rate and rounded to cents before summing,
 * as NetSuite builds balancesearch, so totals agree with NetSuite to the cent. Exact decimal arithmetic.
 */
const QUERY = `
open_invoices AS (
  SELECT t.customer_id, t.due_date,
    CASE WHEN t.due_date IS NULL OR t.due_date >= p.as_of THEN 0 ELSE p.as_of - t.due_date END AS days_past_due,
    CAST(round(t.amount_unpaid * CAST(coalesce(t.exchange_rate, 1) AS DECIMAL(18,10)), 2) AS DECIMAL(18,2)) AS amount
  FROM stg.netsuite_transaction t CROSS JOIN params p
  WHERE t.type = 'CustInvc' AND t.amount_unpaid > 0 AND NOT coalesce(t.is_voided, false)
),
aged AS (
  SELECT customer_id,
    sum(amount) FILTER (WHERE days_past_due = 0) AS current_amount,
    sum(amount) FILTER (WHERE days_past_due BETWEEN 1 AND 30) AS days_1_30,
    sum(amount) FILTER (WHERE days_past_due BETWEEN 31 AND 60) AS days_31_60,
    sum(amount) FILTER (WHERE days_past_due BETWEEN 61 AND 90) AS days_61_90,
    sum(amount) FILTER (WHERE days_past_due > 90) AS days_over_90,
    sum(amount) AS total_open,
    sum(amount) FILTER (WHERE days_past_due > 0) AS overdue_amount,
    min(due_date) FILTER (WHERE days_past_due > 0) AS oldest_overdue_due_date,
    count(*) AS open_invoices
  FROM open_invoices GROUP BY customer_id
)
SELECT x.master_id, CAST(c.id AS VARCHAR) AS erp_customer_id, coalesce(c.company_name, c.entity_id) AS customer_name,
  cur.symbol AS currency,
  CAST(coalesce(a.current_amount, 0) AS DECIMAL(18,2)) AS current_amount,
  CAST(coalesce(a.days_1_30, 0) AS DECIMAL(18,2)) AS days_1_30,
  CAST(coalesce(a.days_31_60, 0) AS DECIMAL(18,2)) AS days_31_60,
  CAST(coalesce(a.days_61_90, 0) AS DECIMAL(18,2)) AS days_61_90,
  CAST(coalesce(a.days_over_90, 0) AS DECIMAL(18,2)) AS days_over_90,
  CAST(coalesce(a.total_open, 0) AS DECIMAL(18,2)) AS total_open,
  CAST(coalesce(a.overdue_amount, 0) AS DECIMAL(18,2)) AS overdue_amount,
  a.oldest_overdue_due_date,
  CAST(coalesce(a.open_invoices, 0) AS INTEGER) AS open_invoices
FROM stg.netsuite_customer c
LEFT JOIN mart.customer_xref x ON x.system = 'netsuite' AND x.source_id = CAST(c.id AS VARCHAR)
LEFT JOIN stg.netsuite_currency cur ON cur.id = c.currency_id
LEFT JOIN aged a ON a.customer_id = c.id`;

export const martArAging = defineModel({
  name: 'mart.ar_aging',
  description:
    'One row per NetSuite customer: its open receivables at the run\'s as-of date in the customer\'s currency, '
    + 'aged by days past the invoices\' due dates (current = not yet due).',
  key: ['erp_customer_id'],
  dependsOn: ['stg.netsuite_transaction', 'stg.netsuite_customer', 'stg.netsuite_currency', 'mart.customer_xref'],
  columns: {
    master_id: 'Master customer id (mart.customer_master).',
    erp_customer_id: 'NetSuite customer id.',
    customer_name: 'NetSuite company name (entity id when blank).',
    currency: 'The customer\'s currency (ISO code); every amount of the row is in it.',
    current_amount: 'Open amount not yet due (due on or after the as-of date, or no due date).',
    days_1_30: 'Open amount 1–30 days past due.',
    days_31_60: 'Open amount 31–60 days past due.',
    days_61_90: 'Open amount 61–90 days past due.',
    days_over_90: 'Open amount more than 90 days past due.',
    total_open: 'All open invoices: unpaid amount × exchange rate, each rounded to cents (NetSuite\'s balance); the sum of the buckets.',
    overdue_amount: 'Open amount past due (due before the as-of date): the buckets except current.',
    oldest_overdue_due_date: 'Due date of the oldest overdue open invoice; NULL when nothing is overdue.',
    open_invoices: 'Number of open invoices.',
  },
  tests: [
    relationship('master_id', 'mart.customer_xref', 'master_id'),
    expression('buckets_sum_to_total', 'current_amount + days_1_30 + days_31_60 + days_61_90 + days_over_90 = total_open'),
    expression('overdue_is_total_less_current', 'overdue_amount = total_open - current_amount'),
    expression('oldest_overdue_date_iff_overdue', '(oldest_overdue_due_date IS NULL) = (overdue_amount = 0)'),
    expression('amounts_not_negative', 'least(current_amount, days_1_30, days_31_60, days_61_90, days_over_90) >= 0'),
  ],
  query: ({ asOf }) => sqlWithAsOf(`WITH params AS (SELECT CAST(:as_of AS DATE) AS as_of),${QUERY}`, asOf),
});
