import { existsSync } from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { StreamDescription } from '../../extract/extract-types.ts';
import { streamColumns, type HubspotPropertyInfo } from '../../extract/hubspot/hubspot-columns.ts';
import { ensureRawTable, rawTableName, type TableColumn } from '../../extract/landing/raw-table.ts';
import { quoteIdent, sqlString } from '../../warehouse/sql-text.ts';
import { describeStream as describeNetsuiteStream } from '../../extract/netsuite/netsuite-connector.ts';
import { NETSUITE_STREAMS } from '../../extract/netsuite/netsuite-streams.ts';
import { describeStream as describeSalesforceStream, sourceFieldOf, type DescribedField } from '../../extract/salesforce/salesforce-describe.ts';
import type { Warehouse } from '../../warehouse/warehouse.ts';
import { HUBSPOT_OBJECTS } from '../hubspot/hubspot-objects.ts';
import { SALESFORCE_OBJECTS } from '../salesforce/salesforce-objects.ts';
import { defaultSandboxOptions } from '../sandbox-options.ts';
import { accountClockRoundTripSql, convertTextSql, isoMillisSql } from './raw-value-sql.ts';

/** The dataset objects the direct load knows: the customer records of the three systems. */
export const RAW_LOAD_OBJECTS = ['salesforce/Account', 'hubspot/companies', 'netsuite/customer'] as const;
export type RawLoadObject = (typeof RAW_LOAD_OBJECTS)[number];

export interface RawLoadOptions {
  /** Lands in `_run_id`. */
  runId: string;
  /** Lands in `_extracted_at` (UTC). */
  extractedAt: Date;
  /** Default: all of RAW_LOAD_OBJECTS. */
  objects?: readonly RawLoadObject[];
  /** The NetSuite account's time zone (default: the sandbox's), whose clock datetimes pass through. */
  netsuiteTimeZone?: string;
}

export interface RawLoadFigure {
  object: RawLoadObject;
  table: string;
  /** Rows landed (versions already in the table are not landed again). */
  records: number;
  deleted: number;
  seconds: number;
}

/** How one object's file becomes rows of its raw table. */
interface ObjectLoad {
  object: RawLoadObject;
  stream: StreamDescription;
  /** A relation with `_raw` (JSON), `_deleted`, `_record_id` and one text column per stream column. */
  source: string;
  /** `_version`, over the typed columns and the source's own columns. */
  version: string;
  /** The typed value as the API hands it over (e.g. the precision it keeps); undefined when unchanged. */
  finish?: (column: TableColumn, typed: string) => string | undefined;
}

/**
 * Loads a dataset folder's customer objects straight into the warehouse's raw tables, as the extract
 * stage lands them from the sandbox serving that folder: the same tables, typed columns and types
 * (the connectors' own column lists; an existing table's types win), and meta columns. Each file is
 * read by DuckDB (`read_json_objects`), with no per-record JavaScript, so a million records take
 * seconds. For benchmarks and large evaluations only: the pipeline always extracts through the APIs.
 * Differences from the extract: `_raw` holds the dataset record rather than the API's rendering of
 * it, NetSuite's `_version` digests that record, and values that do not fit their column land NULL
 * without a meta.dq_exceptions row. Needs a UTC session (any warehouse connection is one).
 */
export async function loadDatasetIntoRaw(target: Warehouse | DuckDBConnection, datasetDir: string, options: RawLoadOptions): Promise<RawLoadFigure[]> {
  if ('withConnection' in target) return target.withConnection((connection) => loadAll(connection, datasetDir, options));
  return loadAll(target, datasetDir, options);
}

async function loadAll(connection: DuckDBConnection, datasetDir: string, options: RawLoadOptions): Promise<RawLoadFigure[]> {
  const objects = options.objects ?? RAW_LOAD_OBJECTS;
  checkFiles(datasetDir, objects);
  await checkUtcSession(connection);
  await connection.run('CREATE SCHEMA IF NOT EXISTS raw');
  const figures: RawLoadFigure[] = [];
  for (const object of objects) {
    const started = performance.now();
    const load = await planObject(connection, datasetDir, object, options);
    const landed = await landObject(connection, load, options);
    figures.push({ object, table: rawTableName(load.stream), ...landed, seconds: (performance.now() - started) / 1000 });
  }
  return figures;
}

const MAIN_FILES: Record<RawLoadObject, string> = {
  'salesforce/Account': 'salesforce/Account.ndjson',
  'hubspot/companies': 'hubspot/companies.ndjson',
  'netsuite/customer': 'netsuite/customer.ndjson',
};
const ADDRESS_FILE = 'netsuite/entityaddress.ndjson';
const DELETED_FILE = 'netsuite/deletedrecord.ndjson';

function checkFiles(datasetDir: string, objects: readonly RawLoadObject[]): void {
  if (!existsSync(datasetDir)) {
    throw new Error(`Dataset folder ${datasetDir} does not exist. Create one with: closeloop sandbox generate --out ${datasetDir}`);
  }
  for (const object of objects) {
    if (!RAW_LOAD_OBJECTS.includes(object)) throw new Error(`The direct raw load knows ${RAW_LOAD_OBJECTS.join(', ')}, not ${String(object)}.`);
    if (!existsSync(path.join(datasetDir, MAIN_FILES[object]))) {
      throw new Error(`Dataset folder ${datasetDir} has no ${MAIN_FILES[object]}, so raw ${object} cannot be loaded; generate the dataset again or leave ${object} out of objects.`);
    }
  }
}

async function checkUtcSession(connection: DuckDBConnection): Promise<void> {
  const reader = await connection.runAndReadAll(`SELECT current_setting('TimeZone')`);
  const zone = String(reader.getRows()[0]?.[0]);
  if (zone !== 'UTC') {
    throw new Error(`The direct raw load reads datetimes without an offset as UTC, but this connection's TimeZone is ${zone}; use a warehouse connection or SET TimeZone = 'UTC' first.`);
  }
}

function planObject(connection: DuckDBConnection, datasetDir: string, object: RawLoadObject, options: RawLoadOptions): Promise<ObjectLoad> {
  switch (object) {
    case 'salesforce/Account': return salesforceAccount(connection, datasetDir);
    case 'hubspot/companies': return hubspotCompanies(connection, datasetDir);
    case 'netsuite/customer': return Promise.resolve(netsuiteCustomer(datasetDir, options.netsuiteTimeZone ?? defaultSandboxOptions().netsuite.timeZone));
  }
}

async function landObject(connection: DuckDBConnection, load: ObjectLoad, options: RawLoadOptions): Promise<{ records: number; deleted: number }> {
  const tableColumns = await ensureRawTable(connection, load.stream);
  const typeOf = new Map(tableColumns.map((c) => [c.name, c]));
  const columns = [...new Set(load.stream.columns.map((c) => c.name))].map((name) => typeOf.get(name)!);
  const table = rawTableName(load.stream);
  const empty = (await connection.runAndReadAll(`SELECT NOT EXISTS (SELECT 1 FROM ${table})`)).getRows()[0]?.[0] === true;
  try {
    const result = await connection.run(insertSql(load, table, columns, !empty), [options.runId, options.extractedAt.toISOString()]);
    const deleted = await connection.runAndReadAll(`SELECT count(*) FROM ${table} WHERE _run_id = $1 AND _deleted`, [options.runId]);
    return { records: result.rowsChanged, deleted: Number(deleted.getRows()[0]?.[0] ?? 0) };
  } catch (error) {
    throw new Error(`Loading ${load.object} into ${table} failed, nothing of it was landed: ${(error as Error).message}`, { cause: error });
  }
}

/** Source text → typed columns → finished as the API hands them over → versioned, without versions already landed. */
function insertSql(load: ObjectLoad, table: string, columns: readonly TableColumn[], skipLanded: boolean): string {
  const names = columns.map((c) => quoteIdent(c.name)).join(', ');
  const typed = columns.map((c) => `${convertTextSql(quoteIdent(c.name), c.type as Exclude<TableColumn['type'], 'JSON'>)} AS ${quoteIdent(c.name)}`);
  const finished = columns.flatMap((c) => {
    const expression = load.finish?.(c, quoteIdent(c.name));
    return expression === undefined ? [] : [`${expression} AS ${quoteIdent(c.name)}`];
  });
  const finishedLayer = finished.length === 0 ? 'typed' : `(SELECT * REPLACE (${finished.join(', ')}) FROM typed)`;
  return `
    INSERT INTO ${table} BY NAME
    WITH typed AS (SELECT src.* EXCLUDE (${names}), ${typed.join(',\n      ')} FROM (${load.source}) AS src),
    versions AS (
      SELECT $1 AS _run_id, CAST($2 AS TIMESTAMP) AS _extracted_at, _deleted, _record_id, _raw, ${load.version} AS _version, ${names}
      FROM ${finishedLayer} AS finished
    )
    SELECT * FROM versions${skipLanded ? `
    WHERE NOT EXISTS (SELECT 1 FROM ${table} AS landed WHERE landed._record_id = versions._record_id AND landed._version = versions._version)` : ''}`;
}

// ---------------------------------------------------------------------------------------------
// Sources: one relation per object, text values named as the raw columns.

function readObjects(file: string): string {
  return `read_json_objects(${sqlString(file)}, format = 'newline_delimited')`;
}

/** A file that may be missing (the dataset format's empty object). */
function readOptionalObjects(file: string): string {
  return existsSync(file) ? readObjects(file) : `(SELECT CAST(NULL AS JSON) AS json WHERE false)`;
}

/** `json_transform` target: every key as text. */
function textStruct(keys: Iterable<string>): string {
  return sqlString(JSON.stringify(Object.fromEntries([...keys].map((k) => [k, 'VARCHAR']))));
}

function fieldOf(struct: string, key: string): string {
  return `${struct}.${quoteIdent(key)}`;
}

/** The record's id, or an error naming the file: the extract refuses records without one. */
function requiredId(expression: string, file: string, field: string): string {
  return `CASE WHEN ${expression} IS NULL OR ${expression} = '' THEN error(${sqlString(`${file}: a record has no ${field}; every record needs its id.`)}) ELSE ${expression} END`;
}

/**
 * Top-level keys of a file the standard schema lacks, with the JSON type of their first value (the
 * sandbox turns these into custom fields typed by that value). Key lists are compared whole, so a
 * generated file costs one pass.
 */
async function extraKeys(connection: DuckDBConnection, file: string, known: ReadonlySet<string>, container?: string): Promise<Map<string, string>> {
  const json = container ? `json -> ${sqlString(container)}` : 'json';
  const reader = await connection.runAndReadAll(`SELECT DISTINCT unnest(keys) FROM (SELECT DISTINCT json_keys(${json}) AS keys FROM ${readObjects(file)})`);
  const unknown = reader.getRows().map(([key]) => String(key)).filter((key) => !known.has(key));
  const types = new Map<string, string>();
  for (const key of unknown) {
    const path = sqlString(`$.${JSON.stringify(key)}`);
    const first = await connection.runAndReadAll(`SELECT json_type(${json}, ${path}) FROM ${readObjects(file)}
      WHERE json_type(${json}, ${path}) IS NOT NULL AND json_type(${json}, ${path}) NOT IN ('OBJECT', 'ARRAY') LIMIT 1`);
    const type = first.getRows()[0]?.[0];
    if (type !== undefined) types.set(key, String(type));
  }
  return types;
}

async function salesforceAccount(connection: DuckDBConnection, datasetDir: string): Promise<ObjectLoad> {
  const file = path.join(datasetDir, MAIN_FILES['salesforce/Account']);
  const schema = SALESFORCE_OBJECTS.find((o) => o.name === 'Account')!;
  const multiCurrency = defaultSandboxOptions().salesforce.multiCurrency;
  const fields: DescribedField[] = schema.fields.filter((f) => multiCurrency || f.name !== 'CurrencyIsoCode').map((f) => ({ name: f.name, type: f.type }));
  const extras = await extraKeys(connection, file, new Set(schema.fields.map((f) => f.name)));
  for (const [name, jsonType] of extras) {
    fields.push({ name, type: jsonType === 'BOOLEAN' ? 'boolean' : ['BIGINT', 'UBIGINT', 'DOUBLE'].includes(jsonType) ? 'double' : 'string' });
  }
  const stream = describeSalesforceStream('Account', fields);
  const values = stream.columns.map((c) => `${fieldOf('v', sourceFieldOf(c))} AS ${quoteIdent(c.name)}`);
  const source = `SELECT json AS _raw, ${requiredId(fieldOf('v', 'Id'), MAIN_FILES['salesforce/Account'], 'Id')} AS _record_id,
      coalesce(${convertTextSql(fieldOf('v', 'IsDeleted'), 'BOOLEAN')}, false) AS _deleted, ${values.join(', ')}
    FROM (SELECT json, json_transform(json, ${textStruct(stream.columns.map(sourceFieldOf))}) AS v FROM ${readObjects(file)})`;
  return {
    object: 'salesforce/Account', stream, source,
    version: isoMillisSql('systemmodstamp'),
    finish: (column, typed) => {
      // REST sends datetimes with milliseconds, and an empty checkbox as false.
      if (column.type === 'TIMESTAMP') return `date_trunc('millisecond', ${typed})`;
      return column.type === 'BOOLEAN' ? `coalesce(${typed}, false)` : undefined;
    },
  };
}

/** HubSpot's envelope fields and the properties the sandbox fills from them when a record lacks them. */
function hubspotValue(column: string, property: (name: string) => string): string {
  const createdAt = `coalesce(v."createdAt", ${property('createdate')})`;
  const updatedAt = `coalesce(v."updatedAt", ${property('hs_lastmodifieddate')}, ${createdAt})`;
  switch (column) {
    case 'id': return `coalesce(v."id", ${property('hs_object_id')})`;
    case 'created_at': return createdAt;
    case 'updated_at': return updatedAt;
    case 'archived': return `coalesce(v."archived", 'false')`;
    case 'archived_at': return `v."archivedAt"`;
    case 'hs_object_id': return `coalesce(${property('hs_object_id')}, v."id")`;
    case 'createdate': return `coalesce(${property('createdate')}, v."createdAt")`;
    case 'hs_lastmodifieddate': return `coalesce(${property('hs_lastmodifieddate')}, ${updatedAt})`;
    default: return property(column);
  }
}

const HUBSPOT_RECORD_TIMESTAMPS = new Set(['created_at', 'updated_at', 'archived_at']);

async function hubspotCompanies(connection: DuckDBConnection, datasetDir: string): Promise<ObjectLoad> {
  const file = path.join(datasetDir, MAIN_FILES['hubspot/companies']);
  const schema = HUBSPOT_OBJECTS.find((o) => o.name === 'companies')!;
  const properties: HubspotPropertyInfo[] = schema.fields.map((f) => ({ name: f.name, type: f.type }));
  const extras = await extraKeys(connection, file, new Set(schema.fields.map((f) => f.name)), 'properties');
  for (const name of extras.keys()) properties.push({ name, type: 'string' });
  const stream = { source: 'hubspot', stream: 'companies', table: 'hubspot__companies', primaryKey: 'id', columns: streamColumns('companies', properties) } satisfies StreamDescription;
  const sourceName = new Map(properties.map((p) => [p.name.toLowerCase(), p.name]));
  const property = (column: string): string => fieldOf('v.properties', sourceName.get(column) ?? column);
  const struct = `{"id":"VARCHAR","createdAt":"VARCHAR","updatedAt":"VARCHAR","archived":"VARCHAR","archivedAt":"VARCHAR","properties":${JSON.stringify(Object.fromEntries(properties.map((p) => [p.name, 'VARCHAR'])))}}`;
  const values = stream.columns.map((c) => `${hubspotValue(c.name, property)} AS ${quoteIdent(c.name)}`);
  const source = `SELECT json AS _raw, ${requiredId(hubspotValue('id', property), MAIN_FILES['hubspot/companies'], 'id')} AS _record_id,
      coalesce(${convertTextSql(`v."archived"`, 'BOOLEAN')}, false) AS _deleted, ${values.join(', ')}
    FROM (SELECT json, json_transform(json, ${sqlString(struct)}) AS v FROM ${readObjects(file)})`;
  return {
    object: 'hubspot/companies', stream, source,
    version: `CASE WHEN _deleted THEN 'archived ' || ${isoMillisSql('archived_at')} ELSE coalesce(${isoMillisSql('hs_lastmodifieddate')}, ${isoMillisSql('updated_at')}) END`,
    // The SDK hands the record's own timestamps over as Dates (milliseconds).
    finish: (column, typed) => (HUBSPOT_RECORD_TIMESTAMPS.has(column.name) ? `date_trunc('millisecond', ${typed})` : undefined),
  };
}

function netsuiteCustomer(datasetDir: string, timeZone: string): ObjectLoad {
  const spec = NETSUITE_STREAMS.find((s) => s.stream === 'customer')!;
  const stream = describeNetsuiteStream(spec);
  const own = spec.columns.filter((c) => !c.expression);
  const joined = spec.columns.flatMap((c) => (c.expression?.startsWith('ba.') ? [{ name: c.name, field: c.expression.slice(3) }] : []));
  const addressPatch = joined.flatMap((c) => [sqlString(c.name), fieldOf('a.v', c.field)]).join(', ');
  const live = `SELECT json_merge_patch(c.json, json_object(${addressPatch})) AS _raw, false AS _deleted,
      ${requiredId(fieldOf('c.v', 'id'), MAIN_FILES['netsuite/customer'], 'id')} AS _record_id, CAST(NULL AS VARCHAR) AS _deletion_version,
      ${[...own.map((c) => `${fieldOf('c.v', c.name)} AS ${quoteIdent(c.name)}`), ...joined.map((c) => `${fieldOf('a.v', c.field)} AS ${quoteIdent(c.name)}`)].join(', ')}
    FROM (SELECT json, json_transform(json, ${textStruct(own.map((c) => c.name))}) AS v FROM ${readObjects(path.join(datasetDir, MAIN_FILES['netsuite/customer']))}) AS c
    LEFT JOIN (SELECT json_transform(json, ${textStruct(['nkey', ...joined.map((c) => c.field)])}) AS v FROM ${readOptionalObjects(path.join(datasetDir, ADDRESS_FILE))}) AS a
      ON TRY_CAST(${fieldOf('c.v', 'defaultbillingaddress')} AS BIGINT) = TRY_CAST(${fieldOf('a.v', 'nkey')} AS BIGINT)`;
  const deletedTypes = spec.deletedTypes.map(sqlString).join(', ');
  const deletions = `SELECT json AS _raw, true AS _deleted, ${fieldOf('v', 'recordid')} AS _record_id,
      'deleted ' || ${fieldOf('v', 'deleteddate')} AS _deletion_version, ${fieldOf('v', 'recordid')} AS ${quoteIdent(spec.primaryKey)}
    FROM (SELECT json, json_transform(json, ${textStruct(['recordid', 'type', 'deleteddate'])}) AS v FROM ${readOptionalObjects(path.join(datasetDir, DELETED_FILE))})
    WHERE lower(${fieldOf('v', 'type')}) IN (${deletedTypes})`;
  return {
    object: 'netsuite/customer', stream,
    source: `${live} UNION ALL BY NAME ${deletions}`,
    version: `coalesce(_deletion_version, coalesce(strftime(lastmodifieddate, '%Y-%m-%dT%H:%M:%SZ'), 'null') || ' ' || left(md5(CAST(_raw AS VARCHAR)), 16))`,
    finish: (column, typed) => {
      if (column.type === 'TIMESTAMP') return accountClockRoundTripSql(typed, timeZone);
      // SuiteQL answers an empty checkbox with F; a deletion carries only the id.
      return column.type === 'BOOLEAN' ? `CASE WHEN _deleted THEN ${typed} ELSE coalesce(${typed}, false) END` : undefined;
    },
  };
}
