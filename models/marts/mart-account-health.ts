import { acceptedValues, expression, relationship } from '../runner/data-tests.ts';
import { defineModel } from '../runner/model-definition.ts';
import { sqlWithAsOf } from '../runner/as-of-sql.ts';
import { CREDIT_HOLD_CAP, HEALTH_BANDS, healthBandSql, overdueDeductionSql } from './health-score.ts';

export const PAYMENT_STATUSES = ['credit_hold', 'no_invoices', 'overdue', 'open', 'paid'] as const;

/**
 * A CRM account takes the NetSuite customer of its master customer. When the master holds several
 * (duplicates in NetSuite), it takes, in order: the one it shares a verified stored reference with
 * (int.existing_xrefs, either direction), an active one, the one with the latest transaction, the
 * lowest id. erp_customers says how many there were to choose from.
 */
const CHOSEN_CUSTOMER = `
crm AS (SELECT master_id, system, source_id AS crm_id FROM mart.customer_xref WHERE system IN ('salesforce', 'hubspot')),
erp AS (SELECT master_id, source_id AS erp_customer_id FROM mart.customer_xref WHERE system = 'netsuite'),
activity AS (
  SELECT CAST(customer_id AS VARCHAR) AS erp_customer_id,
    count(*) FILTER (WHERE type = 'CustInvc') AS invoice_count,
    max(transaction_date) FILTER (WHERE type = 'CustPymt') AS last_payment_date,
    max(transaction_date) AS last_transaction_date
  FROM stg.netsuite_transaction WHERE NOT coalesce(is_voided, false) GROUP BY customer_id
),
referenced AS (
  SELECT from_system AS system, from_id AS crm_id, resolved_to_id AS erp_customer_id FROM int.existing_xrefs
  WHERE status = 'verified' AND to_system = 'netsuite' AND from_system IN ('salesforce', 'hubspot')
  UNION
  SELECT to_system, resolved_to_id, from_id FROM int.existing_xrefs
  WHERE status = 'verified' AND from_system = 'netsuite' AND to_system IN ('salesforce', 'hubspot')
),
chosen AS (
  SELECT c.system, c.crm_id, c.master_id, e.erp_customer_id, count(*) OVER (PARTITION BY c.system, c.crm_id) AS erp_customers
  FROM crm c JOIN erp e USING (master_id)
  LEFT JOIN referenced r ON r.system = c.system AND r.crm_id = c.crm_id AND r.erp_customer_id = e.erp_customer_id
  LEFT JOIN stg.netsuite_customer n ON CAST(n.id AS VARCHAR) = e.erp_customer_id
  LEFT JOIN activity a ON a.erp_customer_id = e.erp_customer_id
  QUALIFY row_number() OVER (PARTITION BY c.system, c.crm_id ORDER BY r.erp_customer_id IS NOT NULL DESC,
    coalesce(n.is_inactive, false) ASC, a.last_transaction_date DESC NULLS LAST, e.erp_customer_id) = 1
)`;

/** A balance in the CRM account's currency: as is when it matches (or the CRM keeps none), else at NetSuite's rates on the as-of date. */
function inCrmCurrency(column: string): string {
  return `CAST(CASE WHEN crm_currency IS NULL OR crm_currency = currency THEN ${column} ELSE round(${column} * rate_from / rate_to, 2) END AS DECIMAL(18,2))`;
}

const QUERY = `
${CHOSEN_CUSTOMER},
inputs AS (
  SELECT ch.*, ag.total_open AS open_balance, ag.overdue_amount AS overdue_balance, ag.currency, ag.oldest_overdue_due_date,
    coalesce(n.on_credit_hold, false) AS credit_hold, a.last_payment_date, n.credit_limit,
    CAST(coalesce(a.invoice_count, 0) AS INTEGER) AS invoice_count,
    CAST(p.as_of - ag.oldest_overdue_due_date AS INTEGER) AS days_overdue,
    coalesce(ag.total_open > n.credit_limit, false) AS over_credit_limit,
    sa.currency_code AS crm_currency, rate_from.rate AS rate_from, rate_to.rate AS rate_to
  FROM chosen ch CROSS JOIN params p
  JOIN mart.ar_aging ag ON ag.erp_customer_id = ch.erp_customer_id
  LEFT JOIN stg.netsuite_customer n ON CAST(n.id AS VARCHAR) = ch.erp_customer_id
  LEFT JOIN activity a ON a.erp_customer_id = ch.erp_customer_id
  LEFT JOIN stg.salesforce_account sa ON ch.system = 'salesforce' AND sa.id = ch.crm_id
  ASOF LEFT JOIN int.currency_rates rate_from ON rate_from.currency = ag.currency AND p.as_of >= rate_from.effective_date
  ASOF LEFT JOIN int.currency_rates rate_to ON rate_to.currency = sa.currency_code AND p.as_of >= rate_to.effective_date
),
deductions AS (
  SELECT *, CAST(${overdueDeductionSql('days_overdue')} AS INTEGER) AS overdue_deduction,
    CAST(CASE WHEN over_credit_limit THEN 10 ELSE 0 END AS INTEGER) AS credit_limit_deduction
  FROM inputs
),
scored AS (
  SELECT *, CAST(CASE WHEN credit_hold THEN least(100 - overdue_deduction - credit_limit_deduction, ${CREDIT_HOLD_CAP})
    ELSE 100 - overdue_deduction - credit_limit_deduction END AS INTEGER) AS health_score
  FROM deductions
)
SELECT system, crm_id, master_id, erp_customer_id, erp_customers,
  CASE WHEN credit_hold THEN 'credit_hold' WHEN invoice_count = 0 THEN 'no_invoices' WHEN overdue_balance > 0 THEN 'overdue'
    WHEN open_balance > 0 THEN 'open' ELSE 'paid' END AS payment_status,
  open_balance, overdue_balance, currency, crm_currency,
  ${inCrmCurrency('open_balance')} AS open_balance_crm_currency, ${inCrmCurrency('overdue_balance')} AS overdue_balance_crm_currency,
  oldest_overdue_due_date, credit_hold, last_payment_date, credit_limit,
  invoice_count, days_overdue, over_credit_limit, overdue_deduction, credit_limit_deduction, health_score,
  ${healthBandSql('health_score')} AS health,
  concat_ws(' ', '100',
    CASE WHEN overdue_deduction > 0 THEN '- ' || overdue_deduction || ' (oldest overdue invoice ' || days_overdue || ' days past due)' END,
    CASE WHEN over_credit_limit THEN '- 10 (open ' || open_balance || ' ' || coalesce(currency, '') || ' above credit limit ' || credit_limit || ')' END,
    CASE WHEN credit_hold THEN 'capped at ${CREDIT_HOLD_CAP} (on credit hold)' END,
    '= ' || health_score || ' ' || ${healthBandSql('health_score')}) AS score_explanation
FROM scored`;

export const martAccountHealth = defineModel({
  name: 'mart.account_health',
  description:
    'One row per CRM account (Salesforce Account, HubSpot company) whose master customer has a NetSuite customer: '
    + 'payment status, balances, credit hold and a 0–100 payment health score at the run\'s as-of date, with the score\'s inputs.',
  key: ['system', 'crm_id'],
  dependsOn: ['mart.customer_xref', 'mart.ar_aging', 'int.existing_xrefs', 'stg.netsuite_customer', 'stg.netsuite_transaction', 'stg.salesforce_account', 'int.currency_rates'],
  columns: {
    system: 'salesforce or hubspot.',
    crm_id: 'Salesforce Account id or HubSpot company id.',
    master_id: 'Master customer id (mart.customer_master).',
    erp_customer_id: 'The NetSuite customer the account takes its figures from (rule for several in models/marts/mart-account-health.ts).',
    erp_customers: 'NetSuite customers of the master customer (more than 1: duplicates in NetSuite, one was chosen).',
    payment_status: 'credit_hold, else no_invoices, overdue (something past due), open (balance not yet due) or paid.',
    open_balance: 'Open invoices in the customer\'s currency (mart.ar_aging.total_open).',
    overdue_balance: 'Open invoices past their due date (mart.ar_aging.overdue_amount).',
    currency: 'The NetSuite customer\'s currency (ISO code).',
    crm_currency: 'The Salesforce Account\'s currency (CurrencyIsoCode); NULL for HubSpot companies (the portal\'s currency).',
    open_balance_crm_currency: 'open_balance in crm_currency at NetSuite\'s rates on the as-of date (as is when the currencies agree); written back to the CRM.',
    overdue_balance_crm_currency: 'overdue_balance in crm_currency, converted the same way; written back to the CRM.',
    oldest_overdue_due_date: 'Due date of the oldest overdue open invoice; NULL when nothing is overdue.',
    credit_hold: 'NetSuite oncredithold: the override is ON, or AUTO with the hold in effect.',
    last_payment_date: 'Date of the customer\'s latest payment; NULL when it never paid.',
    credit_limit: 'NetSuite credit limit, customer\'s currency; NULL when none is set.',
    invoice_count: 'Invoices the customer ever received (voided ones left out).',
    days_overdue: 'Score input: days the oldest overdue invoice is past due at the as-of date; NULL when nothing is overdue.',
    over_credit_limit: 'Score input: the open balance is above the credit limit.',
    overdue_deduction: 'Score input: 10, 25, 40 or 60 when the oldest overdue invoice is 1–30, 31–60, 61–90 or over 90 days past due.',
    credit_limit_deduction: 'Score input: 10 when over the credit limit.',
    health_score: 'Payment health 0–100: 100 less the deductions, capped at 20 on credit hold.',
    health: 'green (71–100), yellow (36–70) or red (0–35); a credit hold is always red.',
    score_explanation: 'How the score was reached, e.g. "100 - 25 (oldest overdue invoice 45 days past due) = 75 green".',
  },
  tests: [
    acceptedValues('system', ['salesforce', 'hubspot']),
    acceptedValues('payment_status', [...PAYMENT_STATUSES]),
    acceptedValues('health', [...HEALTH_BANDS]),
    relationship('erp_customer_id', 'mart.ar_aging', 'erp_customer_id'),
    expression('score_in_range', 'health_score BETWEEN 0 AND 100'),
    expression('score_is_its_inputs', `health_score = CASE WHEN credit_hold THEN least(100 - overdue_deduction - credit_limit_deduction, ${CREDIT_HOLD_CAP}) ELSE 100 - overdue_deduction - credit_limit_deduction END`),
    expression('health_band_follows_score', `health = ${healthBandSql('health_score')}`),
    expression('credit_hold_is_red', `NOT credit_hold OR (health = 'red' AND payment_status = 'credit_hold')`),
    expression('overdue_within_open', 'overdue_balance BETWEEN 0 AND open_balance'),
    expression('crm_balance_as_is_in_same_currency', 'crm_currency IS DISTINCT FROM currency OR (open_balance_crm_currency = open_balance AND overdue_balance_crm_currency = overdue_balance)'),
    expression('overdue_status_iff_overdue_balance', `payment_status IN ('credit_hold', 'no_invoices') OR (payment_status = 'overdue') = (overdue_balance > 0)`),
  ],
  query: ({ asOf }) => sqlWithAsOf(`WITH params AS (SELECT CAST(:as_of AS DATE) AS as_of),${QUERY}`, asOf),
});
