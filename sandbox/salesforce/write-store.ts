import type { SandboxTx, SqlParam } from '../store/sandbox-db.ts';
import { quoteIdent } from '../store/sandbox-db.ts';
import { tableName } from '../dataset/dataset-schema.ts';
import type { OrgObject } from './org-schema.ts';
import type { SfFieldSpec } from './salesforce-objects.ts';
import { fromDb } from './field-values.ts';
import type { RecordValues } from './validation-rules.ts';
import type { PlannedWrite } from './write-planner.ts';
import { SqlParams } from './sql-params.ts';

const CHUNK = 200;

/** Current rows of records by id (a 15-character id finds its 18-character record), keyed by the given id. */
export async function loadById(tx: SandboxTx, object: OrgObject, ids: string[]): Promise<Map<string, RecordValues>> {
  const found = new Map<string, RecordValues>();
  for (const chunk of chunks([...new Set(ids)], CHUNK)) {
    const params = new SqlParams();
    const list = chunk.map((id) => params.add(id)).join(', ');
    const rows = await tx.all(`SELECT * FROM ${tableName(object.schema)} WHERE "Id" IN (${list}) OR left("Id", 15) IN (${list})`, params.values);
    for (const raw of rows) {
      const row = toValues(object, raw);
      const id = String(row.Id);
      for (const key of chunk) if (key === id || (key.length === 15 && id.startsWith(key))) found.set(key, row);
    }
  }
  return found;
}

/** Live (not deleted) rows whose `field` equals one of the values, case-insensitively, keyed by lower-cased value. */
export async function loadByField(tx: SandboxTx, object: OrgObject, field: SfFieldSpec, values: string[]): Promise<Map<string, RecordValues[]>> {
  const found = new Map<string, RecordValues[]>();
  const column = quoteIdent(field.name);
  const live = object.hasField('IsDeleted') ? ' AND NOT COALESCE("IsDeleted", false)' : '';
  for (const chunk of chunks([...new Set(values.map((v) => v.toLowerCase()))], CHUNK)) {
    const params = new SqlParams();
    const list = chunk.map((v) => params.add(v)).join(', ');
    const rows = await tx.all(`SELECT * FROM ${tableName(object.schema)} WHERE lower(${column}::VARCHAR) IN (${list})${live}`, params.values);
    for (const raw of rows) {
      const row = toValues(object, raw);
      const key = String(row[field.name]).toLowerCase();
      found.set(key, [...(found.get(key) ?? []), row]);
    }
  }
  return found;
}

function toValues(object: OrgObject, raw: Record<string, unknown>): RecordValues {
  const row: RecordValues = {};
  for (const field of object.schema.fields) row[field.name] = fromDb(field, raw[field.name]);
  return row;
}

/** Writes the planned inserts, updates and soft deletes with a few multi-row statements. */
export async function applyWrites(tx: SandboxTx, object: OrgObject, plans: PlannedWrite[], audit: { at: string; userId: string }): Promise<void> {
  const inserts = plans.flatMap((p) => (p.kind === 'insert' ? [p] : []));
  const updates = plans.flatMap((p) => (p.kind === 'update' ? [p] : []));
  const deletes = plans.flatMap((p) => (p.kind === 'delete' ? [p.id] : []));
  const fields = object.schema.fields;
  for (const chunk of chunks(inserts, CHUNK)) {
    const params = new SqlParams();
    const rows = chunk.map((p) => `(${fields.map((f) => cast(params, f, p.row[f.name] ?? null)).join(', ')})`);
    await tx.run(`INSERT INTO ${tableName(object.schema)} (${fields.map((f) => quoteIdent(f.name)).join(', ')}) VALUES ${rows.join(', ')}`, params.values);
  }
  for (const chunk of chunks(updates, CHUNK)) await updateChunk(tx, object, chunk);
  for (const chunk of chunks(deletes, CHUNK)) {
    const params = new SqlParams();
    const sets = [`"IsDeleted" = true`, `"SystemModstamp" = ${params.add(audit.at)}::TIMESTAMP`];
    if (object.hasField('LastModifiedDate')) sets.push(`"LastModifiedDate" = ${params.add(audit.at)}::TIMESTAMP`);
    if (object.hasField('LastModifiedById')) sets.push(`"LastModifiedById" = ${params.add(audit.userId)}`);
    const list = chunk.map((id) => params.add(id)).join(', ');
    await tx.run(`UPDATE ${tableName(object.schema)} SET ${sets.join(', ')} WHERE "Id" IN (${list})`, params.values);
  }
}

async function updateChunk(tx: SandboxTx, object: OrgObject, chunk: Extract<PlannedWrite, { kind: 'update' }>[]): Promise<void> {
  const columns = [...new Set(chunk.flatMap((p) => p.columns))].filter((c) => c !== 'Id');
  const fields = columns.map((name) => object.schema.fields.find((f) => f.name === name)!);
  const idField = object.schema.fields.find((f) => f.name === 'Id')!;
  const params = new SqlParams();
  const rows = chunk.map((p) => `(${[cast(params, idField, p.id), ...fields.map((f) => cast(params, f, p.row[f.name] ?? null))].join(', ')})`);
  const names = ['Id', ...columns].map(quoteIdent);
  const sets = columns.map((c) => `${quoteIdent(c)} = v.${quoteIdent(c)}`).join(', ');
  await tx.run(
    `UPDATE ${tableName(object.schema)} AS t SET ${sets} FROM (VALUES ${rows.join(', ')}) AS v(${names.join(', ')}) WHERE t."Id" = v."Id"`,
    params.values,
  );
}

function cast(params: SqlParams, field: SfFieldSpec, value: SqlParam): string {
  return `${params.add(value)}::${field.storage}`;
}

function chunks<T>(items: T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}
