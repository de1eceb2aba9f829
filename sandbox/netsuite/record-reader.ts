import { tableName } from '../dataset/dataset-schema.ts';
import { quoteIdent, type Row, type SandboxTx, type SqlParam } from '../store/sandbox-db.ts';
import { TRANSACTION_STATUSES, type NsColumnSpec, type NsTableSchema } from './netsuite-tables.ts';
import { recordTypeOfTable, type RecordType } from './record-mapping.ts';
import { recordJsonValue } from './record-values.ts';

/** What the record endpoints share: the effective tables and the record types over them. */
export interface RecordContext {
  tables: ReadonlyMap<string, NsTableSchema>;
  types: ReadonlyMap<string, RecordType>;
}

/** `107` or `eid:ABC-1` from the URL. */
export type RecordKey = { id: string } | { externalId: string };

export function parseRecordKey(raw: string): RecordKey | undefined {
  if (raw.startsWith('eid:')) return raw.length > 4 ? { externalId: raw.slice(4) } : undefined;
  return /^\d+$/.test(raw) ? { id: raw } : undefined;
}

/** WHERE clause (alias `r`) selecting one record of a type by internal or external id. */
export function keyFilter(type: RecordType, key: RecordKey): { sql: string; params: SqlParam[] } {
  const params: SqlParam[] = [];
  let sql = 'id' in key ? `r.${quoteIdent(type.table.key)} = CAST(? AS BIGINT)` : 'r."externalid" = ?';
  params.push('id' in key ? key.id : key.externalId);
  if (type.transactionType) {
    sql += ' AND r."type" = ?';
    params.push(type.transactionType);
  }
  return { sql, params };
}

/** The stored row of a record, or undefined. */
export async function findRow(tx: SandboxTx, type: RecordType, key: RecordKey): Promise<Row | undefined> {
  const filter = keyFilter(type, key);
  const rows = await tx.all(`SELECT * FROM ${tableName(type.table)} r WHERE ${filter.sql} LIMIT 1`, filter.params);
  return rows[0];
}

/** A record as `GET /record/v1/{type}/{id}` returns it, or undefined when it does not exist. */
export async function readRecord(
  tx: SandboxTx,
  rc: RecordContext,
  type: RecordType,
  key: RecordKey,
  origin: string,
  only?: ReadonlySet<string>,
): Promise<Record<string, unknown> | undefined> {
  const fields = type.ordered.filter((f) => !only || only.has(f.name.toLowerCase()));
  const refs = fields.flatMap((f) => {
    const target = f.column.references && rc.tables.get(f.column.references);
    if (!target) return [];
    const display = `(SELECT CAST(d.${quoteIdent(target.displayColumn)} AS VARCHAR) FROM ${tableName(target)} d WHERE d.${quoteIdent(target.key)} = r.${quoteIdent(f.column.name)})`;
    return [`${display} AS ${quoteIdent(`__ref_${f.column.name}`)}`];
  });
  const filter = keyFilter(type, key);
  const [row] = await tx.all(`SELECT r.*${refs.map((r) => `, ${r}`).join('')} FROM ${tableName(type.table)} r WHERE ${filter.sql} LIMIT 1`, filter.params);
  if (!row) return undefined;
  const id = String(row[type.table.key]);
  const record: Record<string, unknown> = { links: [selfLink(origin, type.urlName, id)], id };
  for (const field of fields) {
    const value = fieldValue(row, field.column, rc, origin);
    if (field.column.name === 'status' && type.transactionType && typeof value === 'string') {
      record[field.name] = { id: value, refName: TRANSACTION_STATUSES[type.transactionType]?.statuses[value] ?? value };
    } else if (value !== undefined) record[field.name] = value;
  }
  return record;
}

/** A column's value in a record: natively typed, or a reference `{links, id, refName}`. */
function fieldValue(row: Row, column: NsColumnSpec, rc: RecordContext, origin: string): unknown {
  const value = row[column.name];
  if (column.type !== 'select') return recordJsonValue(value, column.type);
  if (value === null || value === undefined) return undefined;
  const id = String(value);
  const linkType = column.references ? recordTypeOfTable(rc.types, column.references) : undefined;
  const refName = row[`__ref_${column.name}`];
  return {
    links: linkType ? [selfLink(origin, linkType, id)] : [],
    id,
    ...(typeof refName === 'string' && { refName }),
  };
}

export function recordUrl(origin: string, type: string, id: string): string {
  return `${origin}/services/rest/record/v1/${type}/${id}`;
}

function selfLink(origin: string, type: string, id: string): { rel: string; href: string } {
  return { rel: 'self', href: recordUrl(origin, type, id) };
}
