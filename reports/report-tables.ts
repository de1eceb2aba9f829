import type { DuckDBConnection } from '@duckdb/node-api';
import { queryRows } from './report-rows.ts';

/** The marts (and meta tables) the leakage report reads. */
export const REPORT_TABLES = ['mart.leakage', 'mart.deal_billing', 'mart.ar_aging', 'mart.customer_xref', 'meta.dq_exceptions'] as const;

/** Fails with the build hint when a table the report reads is not in the warehouse yet. */
export async function assertReportTables(connection: DuckDBConnection, warehousePath: string): Promise<void> {
  const rows = await queryRows(connection, `
    SELECT table_schema || '.' || table_name AS name FROM information_schema.tables
    WHERE table_schema || '.' || table_name IN (${REPORT_TABLES.map((t) => `'${t}'`).join(', ')})`);
  const present = new Set(rows.map((row) => String(row.name)));
  const missing = REPORT_TABLES.filter((table) => !present.has(table));
  if (missing.length === 0) return;
  throw new Error(`${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not in the warehouse ${warehousePath} yet: `
    + 'run `closeloop build` first (the report reads the marts; it does not build them).');
}
