// Synthetic source marts for the reverse benchmark: one mart.account_health row per CRM account the
// sandbox serves (Salesforce Accounts and HubSpot companies of a generated dataset), with deterministic
// values of every column the reverse stage writes; mart.deal_billing stays empty (accounts only).
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';

const literal = (text: string): string => `'${text.replaceAll("'", "''")}'`;

/** The dataset's CRM accounts that exist (not deleted or archived), numbered 1… in (system, id) order. */
function accountIdsSql(dataDir: string): string {
  const salesforce = literal(path.join(dataDir, 'salesforce', 'Account.ndjson'));
  const hubspot = literal(path.join(dataDir, 'hubspot', 'companies.ndjson'));
  return `
    SELECT 'salesforce' AS system, Id AS crm_id FROM read_json(${salesforce}, format = 'newline_delimited', columns = {Id: 'VARCHAR', IsDeleted: 'BOOLEAN'})
    WHERE NOT coalesce(IsDeleted, false)
    UNION ALL
    SELECT 'hubspot', id FROM read_json(${hubspot}, format = 'newline_delimited', columns = {id: 'VARCHAR', archived: 'BOOLEAN'})
    WHERE NOT coalesce(archived, false)`;
}

function accountHealthSql(dataDir: string): string {
  return `
    CREATE OR REPLACE TABLE mart.account_health AS
    WITH ids AS (SELECT *, row_number() OVER (ORDER BY system, crm_id) AS i FROM (${accountIdsSql(dataDir)}))
    SELECT system::VARCHAR AS system, crm_id::VARCHAR AS crm_id, ('BENCH-' || i)::VARCHAR AS erp_customer_id,
      ['no_invoices', 'paid', 'open', 'overdue', 'credit_hold'][1 + i % 5]::VARCHAR AS payment_status,
      ((i * 7919) % 5000000 / 100.0)::DECIMAL(18,2) AS open_balance_crm_currency,
      CASE WHEN i % 5 IN (3, 4) THEN (i * 104729) % 1000000 / 100.0 ELSE 0 END::DECIMAL(18,2) AS overdue_balance_crm_currency,
      CASE WHEN i % 5 IN (3, 4) THEN DATE '2026-11-01' - CAST(10 + i % 120 AS INTEGER) END::DATE AS oldest_overdue_due_date,
      (i % 5 = 4)::BOOLEAN AS credit_hold,
      CASE WHEN i % 5 <> 0 THEN DATE '2026-11-01' - CAST(i % 60 AS INTEGER) END::DATE AS last_payment_date,
      ['green', 'yellow', 'red'][1 + i % 3]::VARCHAR AS health,
      (i % 101)::INTEGER AS health_score
    FROM ids`;
}

const DEAL_BILLING_SQL = `
  CREATE OR REPLACE TABLE mart.deal_billing (system VARCHAR, opportunity_id VARCHAR, erp_customer_id VARCHAR, invoice_status VARCHAR,
    invoiced_amount_deal_currency DECIMAL(18,2), sales_order_number VARCHAR)`;

/** Creates the two source marts; returns the accounts per system. */
export async function fillReverseMarts(connection: DuckDBConnection, dataDir: string): Promise<Record<string, number>> {
  await connection.run(accountHealthSql(dataDir));
  await connection.run(DEAL_BILLING_SQL);
  return countsBySystem(connection, 'SELECT system, count(*) AS n FROM mart.account_health GROUP BY system');
}

/**
 * Changes one field (payment_status) of every hundredth account of each system, in id order:
 * 1% of the accounts. Returns the changed accounts per system.
 */
export async function changeOnePercent(connection: DuckDBConnection): Promise<Record<string, number>> {
  await connection.run(`
    UPDATE mart.account_health h SET payment_status = CASE h.payment_status WHEN 'paid' THEN 'overdue' ELSE 'paid' END
    FROM (SELECT system, crm_id FROM mart.account_health QUALIFY row_number() OVER (PARTITION BY system ORDER BY crm_id) % 100 = 0) c
    WHERE h.system = c.system AND h.crm_id = c.crm_id`);
  return countsBySystem(connection, `SELECT system, count(*) FILTER (WHERE n % 100 = 0) AS n
    FROM (SELECT system, row_number() OVER (PARTITION BY system ORDER BY crm_id) AS n FROM mart.account_health) GROUP BY system`);
}

async function countsBySystem(connection: DuckDBConnection, sql: string): Promise<Record<string, number>> {
  const rows = (await connection.runAndReadAll(sql)).getRows();
  return Object.fromEntries(rows.map(([system, n]) => [String(system), Number(n)]));
}
