// Synthetic marts for the report benchmark, generated in SQL (DuckDB range(N)): the tables the
// month-end leakage report reads, with the columns and types the real models build
// (docs/data-dictionary.md). The report does not read mart.customer_master or mart.account_health.
import type { DuckDBConnection } from '@duckdb/node-api';

/** `realistic`: 30% of deals are findings, spread evenly over 12 months. `every-deal`: every deal is a finding, half of them in the report month. */
export type ReportScenario = 'realistic' | 'every-deal';
export const REPORT_SCENARIOS: readonly ReportScenario[] = ['realistic', 'every-deal'];

/** The report month of the synthetic marts (the last of the 12 months) and its month-end as-of. */
export const BENCH_MONTH = '2026-10';
export const BENCH_AS_OF = new Date('2026-11-01T00:00:00Z');
const FIRST_MONTH = "DATE '2025-11-01'";
const AS_OF_DATE = "DATE '2026-11-01'";

const CATEGORIES = ['unmatched_customer', 'not_invoiced', 'pending', 'under_invoiced', 'over_invoiced', 'currency_mismatch', 'late_invoice', 'invoiced_without_deal'];

/** Month index 0–11 (11 = the report month) and whether the deal is a finding, per scenario. */
function dealShape(scenario: ReportScenario): { month: string; finding: string } {
  if (scenario === 'realistic') return { month: 'i % 12', finding: 'hash(i) % 10 < 3' };
  return { month: 'CASE WHEN i % 2 = 0 THEN 11 ELSE (i // 2) % 11 END', finding: 'true' };
}

/** One row per deal with everything both marts derive from it. */
function dealsSql(deals: number, scenario: ReportScenario): string {
  const shape = dealShape(scenario);
  const categories = `[${CATEGORIES.map((c) => `'${c}'`).join(', ')}]`;
  return `
    CREATE OR REPLACE TEMP TABLE bench_deals AS
    WITH base AS (
      SELECT i, ${shape.month} AS m, ${shape.finding} AS is_finding,
        ${categories}[1 + (i // 7) % ${CATEGORIES.length}] AS category,
        ['USD', 'EUR', 'GBP'][1 + (i // 5) % 3] AS currency,
        ((1000 + (i * 7919) % 9000000) / 100.0 + 500)::DECIMAL(18,2) AS deal_amount
      FROM range(${Math.trunc(deals)}) t(i)
    ), shaped AS (
      SELECT *, CAST(${FIRST_MONTH} + to_months(CAST(m AS INTEGER)) + to_days(CAST(i % 28 AS INTEGER)) AS DATE) AS close_date,
        CASE currency WHEN 'EUR' THEN 1.08 WHEN 'GBP' THEN 1.27 ELSE 1.00 END AS rate,
        CASE WHEN NOT is_finding THEN deal_amount
          WHEN category IN ('unmatched_customer', 'not_invoiced', 'pending') THEN 0.00
          WHEN category = 'under_invoiced' THEN round(deal_amount * 0.8, 2)
          WHEN category = 'over_invoiced' THEN round(deal_amount * 1.1, 2)
          ELSE deal_amount END::DECIMAL(18,2) AS invoiced_amount,
        CASE WHEN is_finding AND category = 'under_invoiced' THEN round(deal_amount * 0.05, 2) ELSE 0 END::DECIMAL(18,2) AS credited_amount,
        CASE WHEN NOT is_finding THEN 3 + i % 20 WHEN category = 'late_invoice' THEN 45 + i % 60
          WHEN category IN ('unmatched_customer', 'not_invoiced', 'pending') THEN NULL ELSE 2 + i % 25 END AS days_to_invoice
      FROM base
    )
    SELECT *, CASE WHEN is_finding AND category = 'currency_mismatch' THEN 'EUR' ELSE currency END AS invoice_currency
    FROM shaped`;
}

function dealBillingSql(): string {
  return `
    CREATE OR REPLACE TABLE mart.deal_billing AS SELECT
      CASE WHEN i % 3 = 0 THEN 'hubspot' ELSE 'salesforce' END::VARCHAR AS system,
      printf('OPP%010d', i)::VARCHAR AS opportunity_id,
      ('Deal ' || i || ' annual subscription')::VARCHAR AS opportunity_name,
      printf('ACC%09d', i // 3)::VARCHAR AS crm_account_id,
      printf('M%08d', i // 3)::VARCHAR AS master_id,
      CAST(100000 + i // 3 AS VARCHAR) AS erp_customer_id,
      close_date::DATE AS close_date,
      currency::VARCHAR AS currency,
      deal_amount::DECIMAL(18,2) AS deal_amount,
      invoiced_amount::DECIMAL(18,2) AS invoiced_amount,
      (invoiced_amount + credited_amount)::DECIMAL(18,2) AS gross_invoiced_amount,
      credited_amount::DECIMAL(18,2) AS credited_amount,
      CASE WHEN i % 4 = 0 THEN 0 ELSE invoiced_amount END::DECIMAL(18,2) AS paid_amount,
      invoice_currency::VARCHAR AS invoice_currency,
      CAST(close_date + to_days(CAST(days_to_invoice AS INTEGER)) AS DATE) AS first_invoice_date,
      CASE WHEN days_to_invoice IS NULL THEN []::VARCHAR[] ELSE ['INV' || i]::VARCHAR[] END AS invoice_ids,
      CASE WHEN credited_amount > 0 THEN ['CM' || i] ELSE [] END::VARCHAR[] AS credit_memo_ids,
      CASE WHEN i % 2 = 0 THEN 'SO' || i END::VARCHAR AS sales_order_id,
      CASE WHEN days_to_invoice IS NULL THEN 'unlinked' WHEN i % 2 = 0 THEN 'explicit_reference' ELSE 'customer_window' END::VARCHAR AS match_method,
      'USD'::VARCHAR AS reporting_currency,
      round(deal_amount * rate, 2)::DECIMAL(18,2) AS deal_amount_reporting,
      round(invoiced_amount * rate, 2)::DECIMAL(18,2) AS invoiced_amount_reporting,
      ('Owner ' || i % 250)::VARCHAR AS owner
    FROM bench_deals`;
}

function leakageSql(): string {
  return `
    CREATE OR REPLACE TABLE mart.leakage AS
    WITH f AS (
      SELECT b.*, d.category, d.days_to_invoice, d.is_finding, (d.category = 'invoiced_without_deal') AS orphan
      FROM mart.deal_billing b JOIN bench_deals d ON b.opportunity_id = printf('OPP%010d', d.i)
      WHERE d.is_finding
    ), amounts AS (
      SELECT *, CASE WHEN orphan THEN 0 ELSE deal_amount END::DECIMAL(18,2) AS finding_deal,
        CASE WHEN orphan THEN 0 ELSE deal_amount_reporting END::DECIMAL(18,2) AS finding_deal_reporting
      FROM f
    )
    SELECT
      (category || ':' || CASE WHEN orphan THEN 'netsuite:INV' || opportunity_id ELSE system || ':' || opportunity_id END)::VARCHAR AS finding_id,
      strftime(close_date, '%Y-%m')::VARCHAR AS period,
      category::VARCHAR AS category,
      (category <> 'pending')::BOOLEAN AS is_leakage,
      CASE WHEN orphan THEN 'netsuite' ELSE system END::VARCHAR AS system,
      CASE WHEN NOT orphan THEN opportunity_id END::VARCHAR AS opportunity_id,
      CASE WHEN NOT orphan THEN opportunity_name END::VARCHAR AS opportunity_name,
      CASE WHEN NOT orphan THEN crm_account_id END::VARCHAR AS crm_account_id,
      master_id::VARCHAR AS master_id,
      ('Customer ' || master_id || ' GmbH')::VARCHAR AS customer_name,
      CASE WHEN category <> 'unmatched_customer' THEN erp_customer_id END::VARCHAR AS erp_customer_id,
      invoice_ids[1]::VARCHAR AS erp_transaction_id,
      CASE WHEN NOT orphan THEN close_date END::DATE AS close_date,
      first_invoice_date::DATE AS first_invoice_date,
      date_diff('day', close_date, ${AS_OF_DATE})::BIGINT AS days_since_close,
      days_to_invoice::BIGINT AS days_to_invoice,
      currency::VARCHAR AS currency,
      finding_deal AS deal_amount,
      invoiced_amount::DECIMAL(18,2) AS invoiced_amount,
      credited_amount::DECIMAL(18,2) AS credited_amount,
      (finding_deal - invoiced_amount)::DECIMAL(18,2) AS gap_amount,
      invoice_currency::VARCHAR AS invoice_currency,
      reporting_currency::VARCHAR AS reporting_currency,
      finding_deal_reporting AS deal_amount_reporting,
      invoiced_amount_reporting::DECIMAL(18,2) AS invoiced_amount_reporting,
      (finding_deal_reporting - invoiced_amount_reporting)::DECIMAL(18,2) AS gap_amount_reporting,
      owner::VARCHAR AS owner,
      match_method::VARCHAR AS match_method,
      printf('%s: deal %s %s, net invoiced %s %s by %s; matched by %s', category, currency, deal_amount::VARCHAR, invoice_currency,
        invoiced_amount::VARCHAR, COALESCE(first_invoice_date::VARCHAR, 'the as-of date'), match_method)::VARCHAR AS evidence
    FROM amounts`;
}

/** One NetSuite customer per three deals; a third of them with something overdue. */
function arAgingSql(deals: number): string {
  return `
    CREATE OR REPLACE TABLE mart.ar_aging AS
    WITH c AS (
      SELECT k, ['USD', 'EUR', 'GBP'][1 + k % 3] AS currency,
        ((k * 104729) % 5000000 / 100.0)::DECIMAL(18,2) AS current_amount,
        CASE WHEN k % 3 = 0 THEN ((k * 7907) % 2000000 / 100.0) ELSE 0 END::DECIMAL(18,2) AS days_1_30,
        CASE WHEN k % 6 = 0 THEN ((k * 6007) % 1000000 / 100.0) ELSE 0 END::DECIMAL(18,2) AS days_31_60,
        CASE WHEN k % 12 = 0 THEN ((k * 5003) % 800000 / 100.0) ELSE 0 END::DECIMAL(18,2) AS days_61_90,
        CASE WHEN k % 24 = 0 THEN ((k * 4001) % 600000 / 100.0) ELSE 0 END::DECIMAL(18,2) AS days_over_90
      FROM range(${Math.max(1, Math.trunc(deals / 3))}) t(k)
    )
    SELECT printf('M%08d', k)::VARCHAR AS master_id, CAST(100000 + k AS VARCHAR) AS erp_customer_id,
      ('Customer ' || k || ' GmbH')::VARCHAR AS customer_name, currency::VARCHAR AS currency,
      current_amount, days_1_30, days_31_60, days_61_90, days_over_90,
      (current_amount + days_1_30 + days_31_60 + days_61_90 + days_over_90)::DECIMAL(18,2) AS total_open,
      (days_1_30 + days_31_60 + days_61_90 + days_over_90)::DECIMAL(18,2) AS overdue_amount,
      CASE WHEN k % 24 = 0 THEN ${AS_OF_DATE} - 120 WHEN k % 12 = 0 THEN ${AS_OF_DATE} - 75
        WHEN k % 6 = 0 THEN ${AS_OF_DATE} - 45 WHEN k % 3 = 0 THEN ${AS_OF_DATE} - 10 END::DATE AS oldest_overdue_due_date,
      (1 + k % 7)::INTEGER AS open_invoices
    FROM c`;
}

/** Three records per master customer (Salesforce, HubSpot, NetSuite): 90% linked, 5% review, 5% unmatched. */
function customerXrefSql(deals: number): string {
  return `
    CREATE OR REPLACE TABLE mart.customer_xref AS
    SELECT printf('M%08d', i // 3)::VARCHAR AS master_id,
      ['salesforce', 'hubspot', 'netsuite'][1 + i % 3]::VARCHAR AS system,
      CASE i % 3 WHEN 2 THEN CAST(100000 + i // 3 AS VARCHAR) ELSE printf('ACC%09d', i // 3) END::VARCHAR AS source_id,
      CASE WHEN i % 20 < 18 THEN 'linked' WHEN i % 20 = 18 THEN 'review' ELSE 'unmatched' END::VARCHAR AS match_status,
      CASE WHEN i % 20 < 18 THEN 'score' END::VARCHAR AS match_rule,
      CASE WHEN i % 20 < 19 THEN 0.9 + (i % 10) / 100.0 END::DOUBLE AS match_score,
      CASE WHEN i % 20 < 19 THEN 'netsuite' END::VARCHAR AS matched_system,
      CASE WHEN i % 20 < 19 THEN CAST(100000 + i // 3 AS VARCHAR) END::VARCHAR AS matched_id,
      (CASE WHEN i % 20 = 18 THEN 1 ELSE 0 END)::BIGINT AS review_pairs,
      (CASE WHEN i % 20 < 18 THEN 3 ELSE 1 END)::BIGINT AS master_records
    FROM range(${Math.trunc(deals)}) t(i)`;
}

/** One quarantined record per thousand deals. */
function dqExceptionsSql(deals: number): string {
  return `
    INSERT INTO meta.dq_exceptions (run_id, source, stream, record_id, field, reason_code, detail, raw, detected_at)
    SELECT 'bench', 'netsuite', 'transaction', 'T' || i, 'amount', 'invalid_amount', 'amount is not a number',
      '{"amount": "n/a"}'::JSON, TIMESTAMP '2026-10-31 02:00:00'
    FROM range(${Math.max(1, Math.trunc(deals / 1000))}) t(i)`;
}

/** Fills the marts the report reads; returns their row counts. */
export async function fillReportTables(connection: DuckDBConnection, deals: number, scenario: ReportScenario): Promise<Record<string, number>> {
  for (const statement of [dealsSql(deals, scenario), dealBillingSql(), leakageSql(), arAgingSql(deals), customerXrefSql(deals), dqExceptionsSql(deals)]) {
    await connection.run(statement);
  }
  await connection.run('DROP TABLE bench_deals');
  const counts: Record<string, number> = {};
  for (const table of ['mart.deal_billing', 'mart.leakage', 'mart.ar_aging', 'mart.customer_xref', 'meta.dq_exceptions']) {
    counts[table] = Number((await connection.runAndReadAll(`SELECT count(*) FROM ${table}`)).getRows()[0]?.[0] ?? 0);
  }
  counts.detailRows = Number((await connection.runAndReadAll('SELECT count(*) FROM mart.leakage WHERE period = $1', [BENCH_MONTH])).getRows()[0]?.[0] ?? 0);
  return counts;
}
