import { sql, type Kysely } from 'kysely';
import { MODEL_LAYERS } from './model-definition.ts';

/** Tables outside the model layers (raw, meta, ...) that models may read, as `schema.table`. */
export async function readSourceTables<DB>(db: Kysely<DB>): Promise<Set<string>> {
  const result = await sql<{ name: string }>`
    SELECT table_schema || '.' || table_name AS name FROM information_schema.tables
    WHERE table_schema NOT IN (${sql.join(MODEL_LAYERS.map((layer) => sql.lit(layer)))})`.execute(db);
  return new Set(result.rows.map((row) => row.name));
}

/** Column name → DuckDB type, per `schema.table`, for the given tables that exist. */
export async function readColumnTypes<DB>(db: Kysely<DB>, tables: readonly string[]): Promise<Map<string, Map<string, string>>> {
  const types = new Map<string, Map<string, string>>();
  if (tables.length === 0) return types;
  const result = await sql<{ name: string; column_name: string; data_type: string }>`
    SELECT table_schema || '.' || table_name AS name, column_name, data_type FROM information_schema.columns
    WHERE table_schema || '.' || table_name IN (${sql.join([...tables])})
    ORDER BY ordinal_position`.execute(db);
  for (const row of result.rows) {
    const columns = types.get(row.name) ?? new Map<string, string>();
    columns.set(row.column_name, row.data_type);
    types.set(row.name, columns);
  }
  return types;
}
