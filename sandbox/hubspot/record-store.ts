import { quoteIdent, type Row, type SandboxTx, type SqlParam } from '../store/sandbox-db.ts';
import { tableName } from '../dataset/dataset-schema.ts';
import type { HsObjectSchema } from './hubspot-objects.ts';

const ISO = `'%Y-%m-%dT%H:%M:%S.%gZ'`;

/** Records in a stable id order: numeric ids sort numerically (shorter first), any others deterministically. */
export const ID_ORDER = 'length(id), id';

/** Keyset condition "after this id" in ID_ORDER; binds the id twice then once more. */
export const AFTER_ID = '(length(id) > length(?) OR (length(id) = length(?) AND id > ?))';

/**
 * `column IN (…)` over one JSON-array parameter (bind `jsonList(values)`): DuckDB hash-joins it,
 * which beats a long list of placeholders on large tables.
 */
export function inValues(column: string): string {
  return `${column} IN (SELECT unnest(?::JSON::VARCHAR[]))`;
}

export function jsonList(values: readonly string[]): string {
  return JSON.stringify(values);
}

export function placeholders(count: number): string {
  return Array.from({ length: count }, () => '?').join(', ');
}

/** The select list for `toWireObject`: envelope columns under `__` aliases, then the properties. */
export function selectList(properties: readonly string[]): string {
  return [
    'id AS __id',
    `strftime("createdAt", ${ISO}) AS "__createdAt"`,
    `strftime("updatedAt", ${ISO}) AS "__updatedAt"`,
    'coalesce(archived, false) AS __archived',
    `strftime("archivedAt", ${ISO}) AS "__archivedAt"`,
    ...properties.map(quoteIdent),
  ].join(', ');
}

export type ArchivedFilter = boolean | 'any';

function archivedCondition(archived: ArchivedFilter): string {
  return archived === 'any' ? 'true' : `coalesce(archived, false) = ${archived ? 'true' : 'false'}`;
}

/** Rows for the given ids (any order), keyed by id. A constant IN list lets DuckDB use the id index. */
export async function readByIds(
  tx: SandboxTx, schema: HsObjectSchema, ids: readonly string[], properties: readonly string[], archived: ArchivedFilter = false,
): Promise<Map<string, Row>> {
  const found = new Map<string, Row>();
  if (ids.length === 0) return found;
  const rows = await tx.all(
    `SELECT ${selectList(properties)} FROM ${tableName(schema)} WHERE id IN (${placeholders(ids.length)}) AND ${archivedCondition(archived)}`,
    [...ids],
  );
  for (const row of rows) found.set(String(row.__id), row);
  return found;
}

/** Record ids by the value of a (unique) property; the lowest id wins if the data holds duplicates. */
export async function idsByPropertyValue(
  tx: SandboxTx, schema: HsObjectSchema, property: string, values: readonly string[],
): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  if (values.length === 0) return found;
  const column = quoteIdent(property);
  const rows = await tx.all<{ id: string; value: string }>(
    `SELECT id, ${column} AS value FROM ${tableName(schema)}
      WHERE coalesce(archived, false) = false AND ${inValues(column)}
      ORDER BY ${ID_ORDER}`,
    [jsonList(values)],
  );
  for (const row of rows) if (!found.has(row.value)) found.set(row.value, row.id);
  return found;
}

/**
 * One page of records after a cursor id, in id order; asks for one extra row to know if more follow.
 * The page's rows are chosen first by rowid, so the projection runs for the page only, not for
 * every record after the cursor.
 */
export async function readPage(
  tx: SandboxTx, schema: HsObjectSchema, input: { after?: string; limit: number; archived: boolean; properties: readonly string[] },
): Promise<Row[]> {
  const params: SqlParam[] = [];
  let keyset = '';
  if (input.after !== undefined) {
    keyset = ` AND ${AFTER_ID}`;
    params.push(input.after, input.after, input.after);
  }
  const table = tableName(schema);
  return tx.all(
    `SELECT ${selectList(input.properties)} FROM ${table}
      WHERE rowid IN (SELECT rowid FROM ${table} WHERE ${archivedCondition(input.archived)}${keyset} ORDER BY ${ID_ORDER} LIMIT ${input.limit + 1})
      ORDER BY ${ID_ORDER}`,
    params,
  );
}
