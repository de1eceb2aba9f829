import type { DuckDBConnection, DuckDBValue, Json } from '@duckdb/node-api';

export type ReportRow = Record<string, Json>;

/** Runs a report query and returns its rows as JSON values (DECIMALs are selected as VARCHAR). */
export async function queryRows(connection: DuckDBConnection, text: string, values: DuckDBValue[] = []): Promise<ReportRow[]> {
  const reader = await connection.runAndReadAll(text, values);
  return reader.getRowObjectsJson();
}

/** A text column (null stays null). */
export function text(row: ReportRow, key: string): string | null {
  const value = row[key];
  return value === null || value === undefined ? null : String(value);
}

/** A money column selected as DECIMAL text; empty sums read as "0.00". */
export function money(row: ReportRow, key: string): string {
  return text(row, key) ?? '0.00';
}

/** A count column. */
export function count(row: ReportRow, key: string): number {
  const value = row[key];
  return value === null || value === undefined ? 0 : Number(value);
}
