import { createReadStream, existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { DuckDBAppender } from '@duckdb/node-api';
import type { FieldSpec, ObjectSchema, StorageType, SystemName } from './dataset-schema.ts';
import { tableName } from './dataset-schema.ts';
import { DatasetError } from './dataset-error.ts';
import { coerceValue } from './value-coercion.ts';
import { flattenRecord, ShapeError, type AssociationRow } from './record-shapes.ts';
import { quoteIdent, type SandboxDb, type SandboxTx } from '../store/sandbox-db.ts';
import { CHANGE_LOG_DDL } from '../store/change-log.ts';
import { SALESFORCE_OBJECTS, sfField, type SfObjectSchema } from '../salesforce/salesforce-objects.ts';
import { HUBSPOT_OBJECTS, ASSOCIATIONS_DDL, hsProperty, type HsObjectSchema } from '../hubspot/hubspot-objects.ts';
import { NETSUITE_TABLES, nsColumn, type NsTableSchema } from '../netsuite/netsuite-tables.ts';

/** The state the sandbox serves: effective schemas (standard fields plus any found in the data). */
export interface LoadedDataset {
  dir: string;
  salesforce: SfObjectSchema[];
  hubspot: HsObjectSchema[];
  netsuite: NsTableSchema[];
  /** `<system>/<object>` → rows loaded. */
  rowCounts: Record<string, number>;
}

interface Column {
  name: string;
  storage: StorageType;
}

/** HubSpot objects keep their envelope fields beside one column per property. */
export const HUBSPOT_META_COLUMNS: readonly Column[] = [
  { name: 'id', storage: 'VARCHAR' },
  { name: 'createdAt', storage: 'TIMESTAMP' },
  { name: 'updatedAt', storage: 'TIMESTAMP' },
  { name: 'archived', storage: 'BOOLEAN' },
  { name: 'archivedAt', storage: 'TIMESTAMP' },
];

export function tableColumns(schema: ObjectSchema): Column[] {
  return schema.system === 'hubspot' ? [...HUBSPOT_META_COLUMNS, ...schema.fields] : schema.fields;
}

/**
 * Loads a dataset folder into the sandbox database: every `<system>/<object>.ndjson` file becomes
 * `<system>."<object>"`. A missing file is an empty object; a malformed line stops the load with an
 * error naming the file, line and field.
 */
export async function loadDataset(db: SandboxDb, dir: string): Promise<LoadedDataset> {
  if (!existsSync(dir)) throw new Error(`Dataset folder ${dir} does not exist. Create one with: closeloop sandbox generate --out ${dir}`);
  const dataset: LoadedDataset = {
    dir,
    salesforce: structuredClone([...SALESFORCE_OBJECTS]),
    hubspot: structuredClone([...HUBSPOT_OBJECTS]),
    netsuite: structuredClone([...NETSUITE_TABLES]),
    rowCounts: {},
  };
  await db.exclusive(async (tx) => {
    await tx.run('CREATE SCHEMA IF NOT EXISTS salesforce; CREATE SCHEMA IF NOT EXISTS hubspot; CREATE SCHEMA IF NOT EXISTS netsuite;');
    await tx.run(CHANGE_LOG_DDL);
    await tx.run(ASSOCIATIONS_DDL);
    for (const schema of [...dataset.salesforce, ...dataset.hubspot, ...dataset.netsuite]) {
      dataset.rowCounts[`${schema.system}/${schema.name}`] = await loadObject(tx, dir, schema);
    }
    await tx.run('CREATE OR REPLACE TABLE hubspot.associations AS SELECT DISTINCT * FROM hubspot.associations');
  });
  return dataset;
}

async function loadObject(tx: SandboxTx, dir: string, schema: ObjectSchema): Promise<number> {
  await tx.run(`CREATE TABLE ${tableName(schema)} (${tableColumns(schema).map((c) => `${quoteIdent(c.name)} ${c.storage}`).join(', ')})`);
  const file = path.join(dir, schema.file);
  if (!existsSync(file)) return 0;
  const writer = new ObjectWriter(tx, schema);
  await writer.open();
  const keys = new Set<string>();
  let lineNumber = 0;
  try {
    for await (const line of createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity })) {
      lineNumber += 1;
      if (line.trim() === '') continue;
      const fail = (field: string | undefined, problem: string): DatasetError => new DatasetError(schema.file, lineNumber, field, problem);
      await writer.write(parseLine(line, fail), keys, fail);
    }
  } finally {
    writer.close();
  }
  await writer.flushAssociations();
  return keys.size;
}

type Fail = (field: string | undefined, problem: string) => DatasetError;

function parseLine(line: string, fail: Fail): Record<string, unknown> {
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch (error) {
    throw fail(undefined, `not valid JSON (${(error as Error).message}); each line must hold one JSON object`);
  }
  if (record === null || typeof record !== 'object' || Array.isArray(record)) throw fail(undefined, 'expected a JSON object');
  return record as Record<string, unknown>;
}

/** Appends coerced rows to one table, adding a column when the data brings a field the schema lacks. */
class ObjectWriter {
  private appender: DuckDBAppender | undefined;
  private columns: Column[];
  private readonly associations: AssociationRow[] = [];
  private readonly tx: SandboxTx;
  private readonly schema: ObjectSchema;

  constructor(tx: SandboxTx, schema: ObjectSchema) {
    this.tx = tx;
    this.schema = schema;
    this.columns = tableColumns(schema);
  }

  async open(): Promise<void> {
    this.appender = await this.tx.connection.createAppender(this.schema.name, this.schema.system);
  }

  async write(record: Record<string, unknown>, keys: Set<string>, fail: Fail): Promise<void> {
    let flat;
    try {
      flat = flattenRecord(this.schema.system, this.schema.name, record);
    } catch (error) {
      if (error instanceof ShapeError) throw fail(error.field, error.message);
      throw error;
    }
    await this.addUnknownFields(flat.values);
    const row = this.columns.map((column) => {
      try {
        return coerceValue(flat.values[column.name], column.storage);
      } catch (error) {
        throw fail(column.name, (error as Error).message);
      }
    });
    const key = flat.values[this.schema.key];
    if (key === null || key === undefined || key === '') throw fail(this.schema.key, 'the record has no id');
    if (keys.has(String(key))) throw fail(this.schema.key, `duplicate id ${JSON.stringify(key)}; ids must be unique within a file`);
    keys.add(String(key));
    this.append(row);
    this.associations.push(...flat.associations);
  }

  private append(row: (string | null)[]): void {
    const appender = this.appender!;
    for (const value of row) {
      if (value === null) appender.appendNull();
      else appender.appendVarchar(value);
    }
    appender.endRow();
  }

  private async addUnknownFields(values: Record<string, unknown>): Promise<void> {
    const known = new Set(this.columns.map((c) => c.name));
    const unknown = Object.keys(values).filter((name) => !known.has(name) && values[name] !== undefined);
    if (unknown.length === 0) return;
    this.close();
    for (const name of unknown) {
      const field = extraField(this.schema, name, values[name]);
      (this.schema.fields as FieldSpec[]).push(field);
      await this.tx.run(`ALTER TABLE ${tableName(this.schema)} ADD COLUMN ${quoteIdent(name)} ${field.storage}`);
    }
    this.columns = tableColumns(this.schema);
    await this.open();
  }

  close(): void {
    if (!this.appender) return;
    this.appender.flushSync();
    this.appender.closeSync();
    this.appender = undefined;
  }

  async flushAssociations(): Promise<void> {
    if (this.associations.length === 0) return;
    const appender = await this.tx.connection.createAppender('associations', 'hubspot');
    for (const a of this.associations) {
      appender.appendVarchar(a.from_type);
      appender.appendVarchar(a.from_id);
      appender.appendVarchar(a.to_type);
      appender.appendVarchar(a.to_id);
      appender.appendVarchar(a.category);
      appender.appendInteger(a.type_id);
      if (a.label === null) appender.appendNull();
      else appender.appendVarchar(a.label);
      appender.endRow();
    }
    appender.flushSync();
    appender.closeSync();
  }
}

/** A field found in the data but not in the standard schema (e.g. a custom field of the user's org). */
function extraField(schema: ObjectSchema, name: string, sample: unknown): FieldSpec {
  const system: SystemName = schema.system;
  if (system === 'hubspot') {
    const group = (schema as HsObjectSchema).fields[0]?.groupName ?? 'companyinformation';
    return hsProperty(name, 'string', group, { hubspotDefined: false });
  }
  const kind = typeof sample === 'boolean' ? 'boolean' : typeof sample === 'number' ? 'number' : 'text';
  if (system === 'salesforce') return sfField(name, kind === 'boolean' ? 'boolean' : kind === 'number' ? 'double' : 'string');
  return nsColumn(name, kind === 'boolean' ? 'boolean' : kind === 'number' ? 'float' : 'text');
}
