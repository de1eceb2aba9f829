import { tableName } from '../dataset/dataset-schema.ts';
import { logChanges, type Change } from '../store/change-log.ts';
import { quoteIdent, type Row, type SandboxTx, type SqlParam } from '../store/sandbox-db.ts';
import { nonexistentId, nsFail } from './netsuite-errors.ts';
import type { NsColumnSpec, NsTableSchema } from './netsuite-tables.ts';
import type { RecordField, RecordType } from './record-mapping.ts';
import { findRow, type RecordContext, type RecordKey } from './record-reader.ts';
import { canonicalText, parseBodyValue } from './record-values.ts';

/** Column → new stored text (null clears the field), from a validated request body. */
type ColumnValues = Map<NsColumnSpec, string | null>;

/** Fields a create must set, per record type, with the label NetSuite's message uses. */
const REQUIRED_ON_CREATE: Record<string, [column: string, label: string][]> = {
  customer: [['companyname', 'Company Name']],
  subsidiary: [['name', 'Name']],
  currency: [['name', 'Name'], ['symbol', 'ISO Code']],
};

/** PATCH (and the update half of an upsert): only the fields sent change. Returns the internal id. */
export async function updateRecord(
  tx: SandboxTx, rc: RecordContext, type: RecordType, key: RecordKey, body: unknown, now: Date, urlPath: string, upsert = false,
): Promise<string> {
  const row = await findRow(tx, type, key);
  if (!row) return nonexistentId(urlPath);
  const id = String(row[type.table.key]);
  const values = await bodyValues(tx, rc, type, body, upsert ? 'upsert' : 'update');
  await refuseTakenExternalId(tx, type, values, id);
  const changes: Change[] = [];
  for (const [column, text] of values) {
    const oldText = storedText(row, column);
    const newText = text === null ? null : canonicalNew(text, column);
    if (oldText !== newText) changes.push(change(type, id, 'update', column.name, oldText, newText));
  }
  const stamp = type.table.fields.find((f) => f.name === 'lastmodifieddate');
  if (stamp) values.set(stamp, now.toISOString());
  const assignments = [...values.keys()].map((c) => `${quoteIdent(c.name)} = CAST(? AS ${c.storage})`);
  if (assignments.length > 0) {
    await tx.run(`UPDATE ${tableName(type.table)} SET ${assignments.join(', ')} WHERE ${quoteIdent(type.table.key)} = CAST(? AS BIGINT)`, [...values.values(), id]);
  }
  await logChanges(tx, changes, now);
  return id;
}

/** POST, or the create half of an upsert. Returns the new internal id. */
export async function createRecord(tx: SandboxTx, rc: RecordContext, type: RecordType, body: unknown, now: Date, externalId?: string): Promise<string> {
  if (type.transactionType) nsFail(400, 'USER_ERROR', 'You must enter at least one line item for this transaction.');
  const values = await bodyValues(tx, rc, type, body, externalId === undefined ? 'create' : 'upsert');
  const column = (name: string): NsColumnSpec | undefined => type.table.fields.find((f) => f.name === name);
  if (externalId !== undefined) values.set(column('externalid')!, externalId);
  await refuseTakenExternalId(tx, type, values, undefined);
  const missing = (REQUIRED_ON_CREATE[type.name] ?? []).filter(([name]) => !values.get(column(name)!));
  if (missing.length > 0) nsFail(400, 'USER_ERROR', `Please enter value(s) for: ${missing.map(([, label]) => label).join(', ')}`);
  const [next] = await tx.all<{ id: bigint }>(`SELECT coalesce(max(${quoteIdent(type.table.key)}), 0) + 1 AS id FROM ${tableName(type.table)}`);
  const id = String(next!.id);
  values.set(column(type.table.key)!, id);
  for (const name of ['datecreated', 'createddate', 'lastmodifieddate']) {
    const stamp = column(name);
    if (stamp) values.set(stamp, now.toISOString());
  }
  const entityId = column('entityid');
  if (entityId && !values.get(entityId)) values.set(entityId, values.get(column('companyname')!) ?? id);
  for (const f of type.table.fields) if (f.type === 'boolean' && !values.has(f)) values.set(f, 'false');
  const columns = [...values.keys()];
  await tx.run(
    `INSERT INTO ${tableName(type.table)} (${columns.map((c) => quoteIdent(c.name)).join(', ')}) VALUES (${columns.map((c) => `CAST(? AS ${c.storage})`).join(', ')})`,
    [...values.values()],
  );
  const changes = columns.flatMap((c) => {
    const text = values.get(c) ?? null;
    return text === null ? [] : [change(type, id, 'create', c.name, null, canonicalNew(text, c))];
  });
  await logChanges(tx, changes, now);
  return id;
}

/** DELETE: removes the record (a transaction with its lines) and lists it in `deletedrecord`. */
export async function deleteRecord(tx: SandboxTx, rc: RecordContext, type: RecordType, key: RecordKey, now: Date, urlPath: string): Promise<void> {
  const row = await findRow(tx, type, key);
  if (!row) return nonexistentId(urlPath);
  const id = String(row[type.table.key]);
  await refuseIfReferenced(tx, rc, type.table, id);
  if (type.table.name === 'transaction' && rc.tables.has('transactionline')) {
    await tx.run('DELETE FROM netsuite."transactionline" WHERE "transaction" = CAST(? AS BIGINT)', [id]);
  }
  await tx.run(`DELETE FROM ${tableName(type.table)} WHERE ${quoteIdent(type.table.key)} = CAST(? AS BIGINT)`, [id]);
  const name = row[type.table.displayColumn];
  if (rc.tables.has('deletedrecord')) {
    await tx.run(
      `INSERT INTO netsuite."deletedrecord" ("recordid", "type", "name", "deleteddate", "context", "iscustomrecord") VALUES (CAST(? AS BIGINT), ?, ?, CAST(? AS TIMESTAMP), 'RESTWEBSERVICES', false)`,
      [id, type.name, name === null || name === undefined ? null : String(name), now.toISOString()],
    );
  }
  const snapshot = Object.fromEntries(type.table.fields.map((f) => [f.name, canonicalText(row[f.name], f.type)]));
  await logChanges(tx, [change(type, id, 'delete', '*', JSON.stringify(snapshot), null)], now);
}

/** External ids are unique per record type. */
async function refuseTakenExternalId(tx: SandboxTx, type: RecordType, values: ColumnValues, ownId: string | undefined): Promise<void> {
  const column = [...values.keys()].find((c) => c.name === 'externalid');
  const externalId = column && values.get(column);
  if (!externalId) return;
  const params: SqlParam[] = [externalId, ownId ?? '-1'];
  let sql = `SELECT 1 FROM ${tableName(type.table)} WHERE "externalid" = ? AND ${quoteIdent(type.table.key)} <> CAST(? AS BIGINT)`;
  if (type.transactionType) {
    sql += ' AND "type" = ?';
    params.push(type.transactionType);
  }
  if ((await tx.all(`${sql} LIMIT 1`, params)).length > 0) {
    nsFail(400, 'USER_ERROR', `A ${type.urlName} record with the external ID '${externalId}' already exists. External IDs must be unique.`, { 'o:errorPath': 'externalId' });
  }
}

/** NetSuite refuses to delete a record other records still point at (its own lines aside). */
async function refuseIfReferenced(tx: SandboxTx, rc: RecordContext, table: NsTableSchema, id: string): Promise<void> {
  for (const other of rc.tables.values()) {
    for (const column of other.fields) {
      if (column.references !== table.name) continue;
      if (other.name === 'transactionline' && column.name === 'transaction') continue;
      const exclude = other.name === table.name ? ` AND ${quoteIdent(other.key)} <> CAST(? AS BIGINT)` : '';
      const params: SqlParam[] = other.name === table.name ? [id, id] : [id];
      const rows = await tx.all(`SELECT 1 FROM ${tableName(other)} WHERE ${quoteIdent(column.name)} = CAST(? AS BIGINT)${exclude} LIMIT 1`, params);
      if (rows.length > 0) nsFail(400, 'USER_ERROR', `This record cannot be deleted because it has dependent records (${other.name}.${column.name}).`);
    }
  }
}

type BodyMode = 'update' | 'create' | 'upsert';

/** Validates a request body against the record type and resolves references to internal ids. */
async function bodyValues(tx: SandboxTx, rc: RecordContext, type: RecordType, body: unknown, mode: BodyMode): Promise<ColumnValues> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    nsFail(400, 'INVALID_CONTENT', 'Invalid content in the request body: expected a JSON object of record fields.');
  }
  const values: ColumnValues = new Map();
  for (const [name, raw] of Object.entries(body as Record<string, unknown>)) {
    if (name === 'links' || name === 'refName') continue;
    if (name === 'id') {
      if (mode === 'upsert') nsFail(400, 'INVALID_CONTENT', 'The request body of an upsert (PUT …/eid:<externalId>) must not contain the internal ID field "id".', { 'o:errorPath': 'id' });
      continue;
    }
    const field = type.fields.get(name.toLowerCase());
    if (!field) nsFail(400, 'INVALID_CONTENT', `Error while accessing resource: The field '${name}' does not exist on the record type '${type.name}'. Check the field ID.`, { 'o:errorPath': name });
    if (field.readOnly) nsFail(400, 'INVALID_CONTENT', `Error while accessing resource: The field '${field.name}' of record type '${type.name}' is read-only.`, { 'o:errorPath': field.name });
    if (mode === 'upsert' && field.column.name === 'externalid') continue;
    values.set(field.column, await resolveValue(tx, rc, field, raw));
  }
  return values;
}

async function resolveValue(tx: SandboxTx, rc: RecordContext, field: RecordField, raw: unknown): Promise<string | null> {
  const parsed = parseBodyValue(field, raw);
  if (parsed.kind === 'value') return parsed.text;
  const target = field.column.references ? rc.tables.get(field.column.references) : undefined;
  if (!target) {
    if (parsed.id !== undefined) return parsed.id;
    return nsFail(400, 'INVALID_CONTENT', `Error while accessing resource: references by external ID are not supported for the field '${field.name}'.`, { 'o:errorPath': field.name });
  }
  const byId = parsed.id !== undefined;
  if (!byId && !target.fields.some((f) => f.name === 'externalid')) {
    nsFail(400, 'INVALID_CONTENT', `Error while accessing resource: ${target.name} records have no external ID; reference them by {"id": …} in the field '${field.name}'.`, { 'o:errorPath': field.name });
  }
  const rows = await tx.all(
    `SELECT ${quoteIdent(target.key)} AS id FROM ${tableName(target)} WHERE ${byId ? `${quoteIdent(target.key)} = CAST(? AS BIGINT)` : '"externalid" = ?'} LIMIT 1`,
    [byId ? parsed.id! : parsed.externalId!],
  );
  if (rows.length === 0) {
    nsFail(400, 'INVALID_CONTENT', `Error while accessing resource: You have entered an Invalid Field Value ${parsed.id ?? parsed.externalId} for the following field: ${field.name}`, { 'o:errorPath': field.name });
  }
  return String(rows[0]!.id);
}

/** A stored cell as canonical text; an empty checkbox reads as unchecked. */
function storedText(row: Row, column: NsColumnSpec): string | null {
  const text = canonicalText(row[column.name], column.type);
  return text === null && column.type === 'boolean' ? 'false' : text;
}

/** A request value in the same canonical form as `storedText`. */
function canonicalNew(text: string, column: NsColumnSpec): string {
  if (['currency', 'float', 'integer', 'select', 'id'].includes(column.type)) return String(Number(text));
  return text;
}

function change(type: RecordType, recordId: string, operation: Change['operation'], field: string, oldValue: string | null, newValue: string | null): Change {
  return { system: 'netsuite', object: type.name, recordId, operation, field, oldValue, newValue };
}
