import type { DuckDBConnection } from '@duckdb/node-api';

export type DetailKind = 'text' | 'money' | 'integer' | 'date' | 'boolean';

/** The columns of mart.leakage, in contract order, with how a spreadsheet shows them. */
export const DETAIL_COLUMNS: readonly { name: string; kind: DetailKind; currencyColumn?: string }[] = [
  { name: 'finding_id', kind: 'text' },
  { name: 'period', kind: 'text' },
  { name: 'category', kind: 'text' },
  { name: 'is_leakage', kind: 'boolean' },
  { name: 'system', kind: 'text' },
  { name: 'opportunity_id', kind: 'text' },
  { name: 'opportunity_name', kind: 'text' },
  { name: 'crm_account_id', kind: 'text' },
  { name: 'master_id', kind: 'text' },
  { name: 'customer_name', kind: 'text' },
  { name: 'erp_customer_id', kind: 'text' },
  { name: 'erp_transaction_id', kind: 'text' },
  { name: 'close_date', kind: 'date' },
  { name: 'first_invoice_date', kind: 'date' },
  { name: 'days_since_close', kind: 'integer' },
  { name: 'days_to_invoice', kind: 'integer' },
  { name: 'currency', kind: 'text' },
  { name: 'deal_amount', kind: 'money', currencyColumn: 'currency' },
  { name: 'invoiced_amount', kind: 'money', currencyColumn: 'invoice_currency' },
  { name: 'credited_amount', kind: 'money', currencyColumn: 'invoice_currency' },
  { name: 'gap_amount', kind: 'money', currencyColumn: 'currency' },
  { name: 'invoice_currency', kind: 'text' },
  { name: 'reporting_currency', kind: 'text' },
  { name: 'deal_amount_reporting', kind: 'money', currencyColumn: 'reporting_currency' },
  { name: 'invoiced_amount_reporting', kind: 'money', currencyColumn: 'reporting_currency' },
  { name: 'gap_amount_reporting', kind: 'money', currencyColumn: 'reporting_currency' },
  { name: 'owner', kind: 'text' },
  { name: 'match_method', kind: 'text' },
  { name: 'evidence', kind: 'text' },
];

/** A detail row: every column as the warehouse's exact text (DECIMALs keep their cents), or null. */
export type DetailRow = (string | null)[];

/** The month's findings, by category then finding id; every value selected as VARCHAR. */
export function detailSql(): string {
  const columns = DETAIL_COLUMNS.map((c) => `${c.name}::VARCHAR AS ${c.name}`).join(', ');
  return `SELECT ${columns} FROM mart.leakage WHERE period = $1 ORDER BY category, finding_id`;
}

/** Streams the month's findings chunk by chunk (DuckDB's result stream), never holding them all. */
export async function* streamDetailRows(connection: DuckDBConnection, month: string): AsyncGenerator<DetailRow> {
  yield* streamRows(connection, detailSql(), [month]);
}

/** Streams any query's rows as text values. */
export async function* streamRows(connection: DuckDBConnection, query: string, values: string[] = []): AsyncGenerator<DetailRow> {
  const result = await connection.stream(query, values);
  for await (const chunk of result.yieldRowsJson()) {
    for (const row of chunk) yield row.map((value) => (value === null ? null : String(value)));
  }
}
