import type { DuckDBConnection } from '@duckdb/node-api';
import type { RawColumnType, StreamDescription } from '../extract-types.ts';
import { quoteIdent } from '../../warehouse/sql-text.ts';

export type SystemColumnType = 'VARCHAR' | 'TIMESTAMP' | 'BOOLEAN' | 'JSON';

export interface TableColumn {
  name: string;
  /** A typed column's type as it exists in the table (which wins over what the connector describes). */
  type: RawColumnType | SystemColumnType;
  system: boolean;
}

/** Columns every raw table starts with, in this order. */
export const SYSTEM_COLUMNS: readonly TableColumn[] = [
  { name: '_run_id', type: 'VARCHAR', system: true },
  { name: '_extracted_at', type: 'TIMESTAMP', system: true },
  { name: '_deleted', type: 'BOOLEAN', system: true },
  { name: '_record_id', type: 'VARCHAR', system: true },
  { name: '_raw', type: 'JSON', system: true },
  { name: '_version', type: 'VARCHAR', system: true },
];

const TYPED: ReadonlySet<string> = new Set<RawColumnType>(['VARCHAR', 'BOOLEAN', 'BIGINT', 'DOUBLE', 'DECIMAL(18,2)', 'DATE', 'TIMESTAMP']);

export function rawTableName(stream: StreamDescription): string {
  return `raw.${quoteIdent(stream.table)}`;
}

/**
 * Makes `raw.<table>` ready for the stream's columns and returns its columns in table order.
 * Creates the table when missing, adds a column for each new field, and never changes an existing
 * column's type: a connector that now describes a field differently gets the old type, and values
 * that do not fit it land NULL with a dq exception (see the lander).
 */
export async function ensureRawTable(connection: DuckDBConnection, stream: StreamDescription): Promise<TableColumn[]> {
  let columns = await readColumns(connection, stream.table);
  if (columns.length === 0) {
    const definitions = [...SYSTEM_COLUMNS, ...uniqueColumns(stream)].map((c) => `${quoteIdent(c.name)} ${c.type}`);
    await connection.run(`CREATE TABLE IF NOT EXISTS ${rawTableName(stream)} (${definitions.join(', ')})`);
    columns = await readColumns(connection, stream.table);
  }
  const existing = new Set(columns.map((c) => c.name));
  // System columns a newer release introduced come first, then fields the source added.
  const added = [...SYSTEM_COLUMNS, ...uniqueColumns(stream)].filter((c) => !existing.has(c.name));
  for (const column of added) {
    await connection.run(`ALTER TABLE ${rawTableName(stream)} ADD COLUMN IF NOT EXISTS ${quoteIdent(column.name)} ${column.type}`);
  }
  return added.length > 0 ? readColumns(connection, stream.table) : columns;
}

function uniqueColumns(stream: StreamDescription): TableColumn[] {
  const seen = new Set(SYSTEM_COLUMNS.map((c) => c.name));
  const columns: TableColumn[] = [];
  for (const column of stream.columns) {
    if (seen.has(column.name)) continue;
    seen.add(column.name);
    columns.push({ name: column.name, type: column.type, system: false });
  }
  return columns;
}

async function readColumns(connection: DuckDBConnection, table: string): Promise<TableColumn[]> {
  const reader = await connection.runAndReadAll(
    `SELECT column_name, data_type FROM information_schema.columns
     WHERE table_schema = 'raw' AND table_name = $1 ORDER BY ordinal_position`,
    [table],
  );
  return reader.getRowObjectsJS().map((row) => toColumn(String(row.column_name), String(row.data_type), table));
}

function toColumn(name: string, dataType: string, table: string): TableColumn {
  const system = SYSTEM_COLUMNS.find((c) => c.name === name);
  if (system) return system;
  if (!TYPED.has(dataType)) {
    throw new Error(`Column ${name} of raw.${table} has type ${dataType}, which the lander cannot fill. Change it back to one of ${[...TYPED].join(', ')} (or drop the column) and run again.`);
  }
  return { name, type: dataType as RawColumnType, system: false };
}
