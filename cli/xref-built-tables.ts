import { sql, type Kysely } from 'kysely';

/** The matching tables `closeloop build` produces and the xref commands read. */
export type MatchTable = 'int.customer_records' | 'int.match_pairs';

/** Which of the given `schema.table` names exist in the warehouse. */
export async function existingTables<DB>(db: Kysely<DB>, tables: readonly MatchTable[]): Promise<Set<string>> {
  const result = await sql<{ name: string }>`
    SELECT table_schema || '.' || table_name AS name FROM information_schema.tables
    WHERE table_schema || '.' || table_name IN (${sql.join([...tables])})`.execute(db);
  return new Set(result.rows.map((row) => row.name));
}

/** Fails with the build hint when a matching table has not been built into this warehouse yet. */
export async function assertBuilt<DB>(db: Kysely<DB>, tables: readonly MatchTable[], warehousePath: string): Promise<void> {
  const present = await existingTables(db, tables);
  const missing = tables.filter((table) => !present.has(table));
  if (missing.length === 0) return;
  throw new Error(`${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} not in the warehouse ${warehousePath} yet: run \`closeloop build\` first (it scores the customer match candidates).`);
}
