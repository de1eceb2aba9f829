import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import { migrateWarehouse } from '../../warehouse/migrate.ts';
import { openWarehouse, type Warehouse } from '../../warehouse/warehouse.ts';
import { makeTempDir } from '../support/dataset-files.ts';

/*
 * The marts the leakage report reads, with exactly the contract's columns (issue 5), filled with a
 * small realistic company: October 2026 findings of every category, a prior month, older months for
 * the trend, the matching deals in mart.deal_billing, AR aging, the customer xref and quarantined records.
 */
const MONEY = 'DECIMAL(18,2)';

const DDL: Record<string, string> = {
  'mart.leakage': `finding_id VARCHAR, period VARCHAR, category VARCHAR, is_leakage BOOLEAN, system VARCHAR, opportunity_id VARCHAR,
    opportunity_name VARCHAR, crm_account_id VARCHAR, master_id VARCHAR, customer_name VARCHAR, erp_customer_id VARCHAR,
    erp_transaction_id VARCHAR, close_date DATE, first_invoice_date DATE, days_since_close INTEGER, days_to_invoice INTEGER,
    currency VARCHAR, deal_amount ${MONEY}, invoiced_amount ${MONEY}, credited_amount ${MONEY}, gap_amount ${MONEY},
    invoice_currency VARCHAR, reporting_currency VARCHAR, deal_amount_reporting ${MONEY}, invoiced_amount_reporting ${MONEY},
    gap_amount_reporting ${MONEY}, owner VARCHAR, match_method VARCHAR, evidence VARCHAR`,
  'mart.deal_billing': `system VARCHAR, opportunity_id VARCHAR, opportunity_name VARCHAR, crm_account_id VARCHAR, master_id VARCHAR,
    erp_customer_id VARCHAR, close_date DATE, currency VARCHAR, deal_amount ${MONEY}, invoiced_amount ${MONEY}, credited_amount ${MONEY},
    paid_amount ${MONEY}, invoice_currency VARCHAR, first_invoice_date DATE, invoice_ids VARCHAR[], sales_order_id VARCHAR,
    match_method VARCHAR, reporting_currency VARCHAR, deal_amount_reporting ${MONEY}, invoiced_amount_reporting ${MONEY}, owner VARCHAR`,
  'mart.ar_aging': `master_id VARCHAR, erp_customer_id VARCHAR, customer_name VARCHAR, currency VARCHAR, current_amount ${MONEY},
    days_1_30 ${MONEY}, days_31_60 ${MONEY}, days_61_90 ${MONEY}, days_over_90 ${MONEY}, total_open ${MONEY}, overdue_amount ${MONEY},
    oldest_overdue_due_date DATE, open_invoices INTEGER`,
  'mart.customer_xref': `master_id VARCHAR, system VARCHAR, source_id VARCHAR, match_status VARCHAR, match_rule VARCHAR, match_score DOUBLE,
    matched_system VARCHAR, matched_id VARCHAR, review_pairs INTEGER, master_records INTEGER`,
};

/** finding_id, period, category, is_leakage, system, opportunity_id, opportunity_name, crm_account_id, master_id, customer_name,
 * erp_customer_id, erp_transaction_id, close_date, first_invoice_date, days_since_close, days_to_invoice, currency, deal_amount,
 * invoiced_amount, credited_amount, gap_amount, invoice_currency, reporting_currency, deal_amount_reporting,
 * invoiced_amount_reporting, gap_amount_reporting, owner, match_method, evidence */
const LEAKAGE = `
  ('F-001', '2026-10', 'not_invoiced', true, 'salesforce', '006A000001', 'Acme renewal 2027', '001A01', 'M00000001', 'Acme Corporation', '1043', NULL, DATE '2026-10-02', NULL, 30, NULL, 'USD', 12000.00, NULL, NULL, 12000.00, NULL, 'USD', 12000.00, NULL, 12000.00, 'Dana Reyes', 'unlinked', 'closed 30 days before as-of; no order or invoice for customer 1043'),
  ('F-002', '2026-10', 'not_invoiced', true, 'hubspot', '9001', 'Globex expansion', '5012', 'M00000002', 'Globex LLC', '2001', NULL, DATE '2026-10-01', NULL, 31, NULL, 'USD', 4999.99, NULL, NULL, 4999.99, NULL, 'USD', 4999.99, NULL, 4999.99, 'Sam Patel', 'unlinked', 'no invoice within the window'),
  ('F-003', '2026-10', 'under_invoiced', true, 'salesforce', '006A000003', 'Initech platform', '001A03', 'M00000003', 'Initech Inc', '987', 'INV-1001', DATE '2026-10-05', DATE '2026-10-09', 27, 4, 'USD', 10000.00, 9000.50, 999.50, 999.50, 'USD', 'USD', 10000.00, 9000.50, 999.50, 'Dana Reyes', 'explicit_reference', 'order SO-77 carries the opportunity id; credit memo CM-12 999.50'),
  ('F-004', '2026-10', 'over_invoiced', true, 'hubspot', '9004', 'Umbrella add-on', '5014', 'M00000004', 'Umbrella Corp', '3001', 'INV-1002', DATE '2026-10-12', DATE '2026-10-14', 20, 2, 'USD', 5000.00, 5600.10, NULL, -600.10, 'USD', 'USD', 5000.00, 5600.10, -600.10, 'Sam Patel', 'customer_window', 'invoice 2 days after close, 12.0% over'),
  ('F-005', '2026-10', 'currency_mismatch', true, 'salesforce', '006A000005', 'Stark EU licences', '001A05', 'M00000005', 'Stark GmbH', '4100', 'INV-1003', DATE '2026-10-15', DATE '2026-10-20', 17, 5, 'EUR', 8000.00, 8000.00, NULL, NULL, 'USD', 'USD', 8640.00, 8000.00, 640.00, 'Lee Chen', 'explicit_reference', 'deal in EUR, invoiced in USD'),
  ('F-006', '2026-10', 'late_invoice', true, 'salesforce', '006A000006', 'Wayne services', '001A06', 'M00000006', 'Wayne Enterprises', '4200', 'INV-1004', DATE '2026-10-01', DATE '2026-10-31', 31, 30, 'USD', 3000.00, 3000.00, NULL, 0.00, 'USD', 'USD', 3000.00, 3000.00, 0.00, 'Lee Chen', 'customer_window', 'first invoice 30 days after close (SLA 30)'),
  ('F-007', '2026-10', 'pending', false, 'salesforce', '006A000007', 'Hooli pilot', '001A07', 'M00000007', 'Hooli', '4300', NULL, DATE '2026-10-28', NULL, 4, NULL, 'USD', 7500.25, NULL, NULL, 7500.25, NULL, 'USD', 7500.25, NULL, 7500.25, 'Dana Reyes', 'unlinked', 'within the 30-day invoicing SLA'),
  ('F-008', '2026-10', 'unmatched_customer', true, 'hubspot', '9008', 'Vandelay import deal', '5020', 'M00000008', 'Vandelay Industries', NULL, NULL, DATE '2026-10-07', NULL, 25, NULL, 'USD', 2200.00, NULL, NULL, 2200.00, NULL, 'USD', 2200.00, NULL, 2200.00, 'Sam Patel', 'unlinked', 'company 5020 has no ERP customer'),
  ('F-009', '2026-10', 'invoiced_without_deal', true, 'netsuite', NULL, NULL, NULL, 'M00000001', 'Acme Corporation', '1043', 'INV-1005', NULL, DATE '2026-10-21', NULL, NULL, NULL, 0.00, 1500.00, 0.00, -1500.00, 'USD', 'USD', 0.00, 1500.00, -1500.00, NULL, 'unlinked', 'invoice for a CRM-linked customer, no deal in the window'),
  ('F-101', '2026-09', 'not_invoiced', true, 'salesforce', '006A000101', 'Acme support', '001A01', 'M00000001', 'Acme Corporation', '1043', NULL, DATE '2026-09-10', NULL, 52, NULL, 'USD', 3000.00, NULL, NULL, 3000.00, NULL, 'USD', 3000.00, NULL, 3000.00, 'Dana Reyes', 'unlinked', 'no invoice'),
  ('F-102', '2026-09', 'under_invoiced', true, 'hubspot', '9102', 'Globex seats', '5012', 'M00000002', 'Globex LLC', '2001', 'INV-0901', DATE '2026-09-03', DATE '2026-09-05', 59, 2, 'USD', 2000.00, 1800.00, NULL, 200.00, 'USD', 'USD', 2000.00, 1800.00, 200.00, 'Sam Patel', 'customer_window', 'invoiced 10% less'),
  ('F-201', '2026-06', 'not_invoiced', true, 'salesforce', '006A000201', 'Initech training', '001A03', 'M00000003', 'Initech Inc', '987', NULL, DATE '2026-06-15', NULL, 138, NULL, 'USD', 1000.00, NULL, NULL, 1000.00, NULL, 'USD', 1000.00, NULL, 1000.00, 'Lee Chen', 'unlinked', 'no invoice')`;

/** system, opportunity_id, opportunity_name, crm_account_id, master_id, erp_customer_id, close_date, currency, deal_amount,
 * invoiced_amount, credited_amount, paid_amount, invoice_currency, first_invoice_date, invoice_ids, sales_order_id, match_method,
 * reporting_currency, deal_amount_reporting, invoiced_amount_reporting, owner */
const DEAL_BILLING = `
  ('salesforce', '006A000001', 'Acme renewal 2027', '001A01', 'M00000001', '1043', DATE '2026-10-02', 'USD', 12000.00, 0.00, 0.00, 0.00, NULL, NULL, [], NULL, 'unlinked', 'USD', 12000.00, 0.00, 'Dana Reyes'),
  ('hubspot', '9001', 'Globex expansion', '5012', 'M00000002', '2001', DATE '2026-10-01', 'USD', 4999.99, NULL, NULL, NULL, NULL, NULL, [], NULL, 'unlinked', 'USD', 4999.99, NULL, 'Sam Patel'),
  ('salesforce', '006A000003', 'Initech platform', '001A03', 'M00000003', '987', DATE '2026-10-05', 'USD', 10000.00, 9000.50, 999.50, 5000.00, 'USD', DATE '2026-10-09', ['INV-1001'], 'SO-77', 'explicit_reference', 'USD', 10000.00, 9000.50, 'Dana Reyes'),
  ('hubspot', '9004', 'Umbrella add-on', '5014', 'M00000004', '3001', DATE '2026-10-12', 'USD', 5000.00, 5600.10, 0.00, 0.00, 'USD', DATE '2026-10-14', ['INV-1002'], NULL, 'customer_window', 'USD', 5000.00, 5600.10, 'Sam Patel'),
  ('salesforce', '006A000005', 'Stark EU licences', '001A05', 'M00000005', '4100', DATE '2026-10-15', 'EUR', 8000.00, 8000.00, 0.00, 8000.00, 'USD', DATE '2026-10-20', ['INV-1003'], 'SO-80', 'explicit_reference', 'USD', 8640.00, 8000.00, 'Lee Chen'),
  ('salesforce', '006A000006', 'Wayne services', '001A06', 'M00000006', '4200', DATE '2026-10-01', 'USD', 3000.00, 3000.00, 0.00, 3000.00, 'USD', DATE '2026-10-31', ['INV-1004'], NULL, 'customer_window', 'USD', 3000.00, 3000.00, 'Lee Chen'),
  ('salesforce', '006A000007', 'Hooli pilot', '001A07', 'M00000007', '4300', DATE '2026-10-28', 'USD', 7500.25, 0.00, 0.00, 0.00, NULL, NULL, [], NULL, 'unlinked', 'USD', 7500.25, 0.00, 'Dana Reyes'),
  ('hubspot', '9008', 'Vandelay import deal', '5020', 'M00000008', NULL, DATE '2026-10-07', 'USD', 2200.00, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'unlinked', 'USD', 2200.00, NULL, 'Sam Patel'),
  ('salesforce', '006A000009', 'Acme analytics', '001A01', 'M00000001', '1043', DATE '2026-10-19', 'EUR', 18518.52, 18518.52, 0.00, 13888.89, 'EUR', DATE '2026-10-22', ['INV-1006', 'INV-1007'], 'SO-81', 'explicit_reference', 'USD', 20000.00, 20000.00, 'Dana Reyes'),
  ('salesforce', '006A000101', 'Acme support', '001A01', 'M00000001', '1043', DATE '2026-09-10', 'USD', 3000.00, 0.00, 0.00, 0.00, NULL, NULL, [], NULL, 'unlinked', 'USD', 3000.00, 0.00, 'Dana Reyes')`;

/** The bridge the rows above must give for October 2026 (worked out by hand). */
export const OCTOBER_BRIDGE = {
  bookings: '73340.24',
  pending: '-7500.25',
  not_invoiced: '-19199.99',
  under_over: '-39.90',
  invoiced: '46600.10',
  credits: '-999.50',
  unpaid: '-14600.60',
  collected: '31000.00',
};

const AR_AGING = `
  ('M00000001', '1043', 'ACME Corp', 'USD', 1500.00, 0.00, 0.00, 0.00, 0.00, 1500.00, 0.00, NULL, 1),
  ('M00000003', '987', 'Initech Inc', 'USD', 0.00, 4000.50, 0.00, 0.00, 0.00, 4000.50, 4000.50, DATE '2026-10-20', 1),
  ('M00000004', '3001', 'Umbrella Corporation', 'USD', 5600.10, 0.00, 0.00, 1200.00, 800.33, 7600.43, 2000.33, DATE '2026-06-30', 3),
  ('M00000005', '4100', 'Stark GmbH', 'EUR', 0.00, 0.00, 2500.00, 0.00, 0.00, 2500.00, 2500.00, DATE '2026-09-15', 1)`;

const XREF = `
  ('M00000001', 'salesforce', '001A01', 'linked', 'score', 0.999, 'netsuite', '1043', 0, 3),
  ('M00000001', 'netsuite', '1043', 'linked', 'score', 0.999, 'salesforce', '001A01', 0, 3),
  ('M00000002', 'hubspot', '5012', 'linked', 'stored_xref', 1.0, 'netsuite', '2001', 0, 2),
  ('M00000002', 'netsuite', '2001', 'linked', 'stored_xref', 1.0, 'hubspot', '5012', 0, 2),
  ('M00000003', 'salesforce', '001A03', 'review', NULL, 0.71, 'netsuite', '987', 1, 1),
  ('M00000008', 'hubspot', '5020', 'unmatched', NULL, NULL, NULL, NULL, 0, 1),
  ('M00000009', 'netsuite', '5555', 'unmatched', NULL, NULL, NULL, NULL, 0, 1)`;

export interface ReportFixture {
  dir: string;
  config: string;
  warehouseFile: string;
}

export interface FixtureOptions {
  /** Create the tables but leave them empty. */
  empty?: boolean;
  /** Add this many generated October findings (cents that drift in floating point) to mart.leakage. */
  bulkFindings?: number;
  /** Leave these tables out (to test the missing-mart error). */
  without?: string[];
}

/** A temp folder with a config and a migrated warehouse holding the report's marts. */
export async function reportFixture(options: FixtureOptions = {}): Promise<ReportFixture> {
  const dir = await makeTempDir('closeloop-report-');
  const config = path.join(dir, 'closeloop.json');
  await writeFile(config, JSON.stringify({ warehouse: { path: 'warehouse.duckdb' }, sources: {} }));
  const warehouseFile = path.join(dir, 'warehouse.duckdb');
  await withWarehouse(warehouseFile, async (warehouse) => {
    await migrateWarehouse(warehouse.db);
    await sql.raw('CREATE SCHEMA IF NOT EXISTS mart').execute(warehouse.db);
    for (const [table, ddl] of Object.entries(DDL)) {
      if (!options.without?.includes(table)) await sql.raw(`CREATE TABLE ${table} (${ddl})`).execute(warehouse.db);
    }
    if (options.empty) return;
    const rows: [string, string][] = [['mart.leakage', LEAKAGE], ['mart.deal_billing', DEAL_BILLING], ['mart.ar_aging', AR_AGING], ['mart.customer_xref', XREF]];
    for (const [table, values] of rows) if (!options.without?.includes(table)) await sql.raw(`INSERT INTO ${table} VALUES ${values}`).execute(warehouse.db);
    await sql.raw(`INSERT INTO meta.dq_exceptions (run_id, source, stream, record_id, reason_code, detail)
      VALUES ('run-1', 'netsuite', 'transaction', 'T-9', 'invalid_date', 'trandate 2026-02-30'),
             ('run-1', 'hubspot', 'deals', '9999', 'missing_field', 'closedate is empty')`).execute(warehouse.db);
    if (options.bulkFindings) await addBulkFindings(warehouse, options.bulkFindings);
  });
  return { dir, config, warehouseFile };
}

/** Generated October findings with amounts such as 0.10 and 0.20 whose float sums drift. */
async function addBulkFindings(warehouse: Warehouse, count: number): Promise<void> {
  await sql.raw(`
    INSERT INTO mart.leakage
    SELECT printf('B-%07d', i), '2026-10',
      ['not_invoiced', 'under_invoiced', 'over_invoiced', 'late_invoice', 'pending'][(i % 5) + 1],
      i % 5 <> 4, 'salesforce', printf('006B%06d', i), printf('Generated deal %d, "quoted", with commas', i), printf('001B%05d', i % 300),
      printf('M%08d', 100 + i % 300), printf('Customer %d', i % 300), printf('%d', 7000 + i % 300), NULL,
      DATE '2026-10-01' + (i % 31)::INTEGER, NULL, 31 - (i % 31), NULL, 'USD',
      (100 + (i % 7) * 0.10)::DECIMAL(18,2), NULL, NULL, (0.10 + (i % 3) * 0.10)::DECIMAL(18,2), NULL, 'USD',
      (100 + (i % 7) * 0.10)::DECIMAL(18,2), NULL, (0.10 + (i % 3) * 0.10)::DECIMAL(18,2), 'Generated Owner', 'unlinked', 'generated'
    FROM range(${Math.trunc(count)}) t(i)`).execute(warehouse.db);
}

/** Opens the fixture's warehouse for a check and closes it again. */
export async function withWarehouse<T>(file: string, work: (warehouse: Warehouse) => Promise<T>): Promise<T> {
  const warehouse = await openWarehouse(file);
  try {
    return await work(warehouse);
  } finally {
    await warehouse.close();
  }
}
