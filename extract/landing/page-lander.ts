import { DuckDBDateValue, DuckDBDecimalValue, DuckDBTimestampValue, listValue, type DuckDBAppender, type DuckDBConnection } from '@duckdb/node-api';
import type { Warehouse } from '../../warehouse/warehouse.ts';
import type { ApiCallRow } from '../../systems/api/api-caller.ts';
import { appendApiCalls } from '../../systems/api/api-call-log.ts';
import { withAppender } from '../../warehouse/with-appender.ts';
import type { ExtractedRecord, StreamDescription, StreamPage } from '../extract-types.ts';
import { writeCursor } from '../state/cursor-store.ts';
import { ensureRawTable, type TableColumn } from './raw-table.ts';
import { quoteIdent } from '../../warehouse/sql-text.ts';
import { convertValue, DEFAULT_CONVERSION, type CellValue, type ConversionOptions, type DqReason } from './value-conversion.ts';

export interface LandPageInput {
  runId: string;
  stream: StreamDescription;
  page: StreamPage;
  /** API calls made since the last landed page; they commit with this page. */
  apiCalls: readonly ApiCallRow[];
  extractedAt: Date;
  conversion?: ConversionOptions;
}

export interface LandedPage {
  records: number;
  deleted: number;
  dqExceptions: number;
}

interface DqRow {
  recordId: string;
  field: string;
  reason: DqReason;
  detail: string;
  raw: string;
}

/**
 * Lands one page in ONE transaction on one raw connection: the records (Appender into
 * `raw.<table>`), their dq exceptions, the API calls that fetched them and the stream's new cursor.
 * Either all of it commits or none of it does, so a run killed anywhere resumes from the last
 * committed page, and the api_calls of a page that rolled back stay with the caller (which writes
 * them on their own with `recordApiCalls`) instead of vanishing.
 * New columns are added before the transaction starts (an empty column is harmless if it rolls back).
 */
export async function landPage(warehouse: Warehouse, input: LandPageInput): Promise<LandedPage> {
  return warehouse.withConnection(async (connection) => {
    const columns = await ensureRawTable(connection, input.stream);
    await connection.run('BEGIN TRANSACTION');
    try {
      const landed = await appendPage(connection, columns, input);
      await appendApiCalls(connection, input.apiCalls);
      await writeCursor(connection, { source: input.stream.source, stream: input.stream.stream, cursor: input.page.cursor, runId: input.runId });
      await connection.run('COMMIT');
      return landed;
    } catch (error) {
      await connection.run('ROLLBACK').catch(() => undefined);
      throw new Error(`Landing a page of ${input.stream.source}/${input.stream.stream} into raw.${input.stream.table} failed, so nothing of it was kept and its cursor did not move: ${(error as Error).message}`, { cause: error });
    }
  });
}

/** Writes API calls outside any page (calls of a failed or empty read, connection tests). */
export async function recordApiCalls(warehouse: Warehouse, calls: readonly ApiCallRow[]): Promise<void> {
  if (calls.length === 0) return;
  await warehouse.withConnection((connection) => appendApiCalls(connection, calls));
}

async function appendPage(connection: DuckDBConnection, columns: TableColumn[], input: LandPageInput): Promise<LandedPage> {
  const dq: DqRow[] = [];
  const extractedAt = timestamp(input.extractedAt);
  const options = input.conversion ?? DEFAULT_CONVERSION;
  const records = await withoutLandedVersions(connection, input.stream.table, input.page.records);
  await withAppender(connection, input.stream.table, 'raw', (appender) => {
    for (const record of records) {
      const raw = rawJson(record);
      for (const column of columns) {
        if (column.system) {
          appendSystemCell(appender, column.name, { runId: input.runId, extractedAt, record, raw });
          continue;
        }
        const converted = convertValue(record.values[column.name], column.type as Exclude<TableColumn['type'], 'JSON'>, options);
        if (converted.ok) appendCell(appender, column, converted.value);
        else {
          appender.appendNull();
          dq.push({ recordId: record.id, field: column.name, reason: converted.reason, detail: converted.detail, raw });
        }
      }
      appender.endRow();
    }
  });
  await appendDqRows(connection, input, dq);
  return { records: records.length, deleted: records.filter((r) => r.deleted).length, dqExceptions: dq.length };
}

function appendSystemCell(
  appender: DuckDBAppender,
  name: string,
  row: { runId: string; extractedAt: DuckDBTimestampValue; record: ExtractedRecord; raw: string },
): void {
  switch (name) {
    case '_run_id': return appender.appendVarchar(row.runId);
    case '_extracted_at': return appender.appendTimestamp(row.extractedAt);
    case '_deleted': return appender.appendBoolean(row.record.deleted);
    case '_record_id': return appender.appendVarchar(row.record.id);
    case '_raw': return appender.appendVarchar(row.raw);
    case '_version': return row.record.version === undefined ? appender.appendNull() : appender.appendVarchar(row.record.version);
    default: throw new Error(`internal: no value for system column ${name}`);
  }
}

/**
 * Drops records whose version is already in the raw table: a lookback window, a retried page or a
 * resumed run re-reads versions it has landed, and each version lands once.
 */
async function withoutLandedVersions(connection: DuckDBConnection, table: string, records: readonly ExtractedRecord[]): Promise<readonly ExtractedRecord[]> {
  const ids = [...new Set(records.filter((r) => r.version !== undefined).map((r) => r.id))];
  if (ids.length === 0) return records;
  const reader = await connection.runAndReadAll(
    `SELECT _record_id, _version FROM raw.${quoteIdent(table)}
      WHERE _version IS NOT NULL AND _record_id IN (SELECT unnest($1::VARCHAR[]))`,
    [listValue(ids)],
  );
  const landed = new Set(reader.getRowObjectsJS().map((row) => `${String(row._record_id)}\u0000${String(row._version)}`));
  if (landed.size === 0) return records;
  return records.filter((r) => r.version === undefined || !landed.has(`${r.id}\u0000${r.version}`));
}

function appendCell(appender: DuckDBAppender, column: TableColumn, value: CellValue | null): void {
  if (value === null) appender.appendNull();
  else if (typeof value === 'string') appender.appendVarchar(value);
  else if (typeof value === 'boolean') appender.appendBoolean(value);
  else if (typeof value === 'bigint') appender.appendBigInt(value);
  else if (typeof value === 'number') appender.appendDouble(value);
  else if (value instanceof DuckDBDateValue) appender.appendDate(value);
  else if (value instanceof DuckDBTimestampValue) appender.appendTimestamp(value);
  else if (value instanceof DuckDBDecimalValue) appender.appendDecimal(value);
  else throw new Error(`internal: a ${column.type} value for column ${column.name} has an unexpected shape`);
}

async function appendDqRows(connection: DuckDBConnection, input: LandPageInput, rows: DqRow[]): Promise<void> {
  if (rows.length === 0) return;
  const detectedAt = timestamp(input.extractedAt);
  await withAppender(connection, 'dq_exceptions', 'meta', (appender) => {
    for (const row of rows) {
      appender.appendVarchar(input.runId);
      appender.appendVarchar(input.stream.source);
      appender.appendVarchar(input.stream.stream);
      appender.appendVarchar(row.recordId);
      appender.appendVarchar(row.field);
      appender.appendVarchar(row.reason);
      appender.appendVarchar(row.detail);
      appender.appendVarchar(row.raw);
      appender.appendTimestamp(detectedAt);
      appender.endRow();
    }
  });
}

/** The record as the API returned it; JSON.stringify keeps even broken characters (as \u escapes). */
function rawJson(record: ExtractedRecord): string {
  return JSON.stringify(record.raw ?? null);
}

function timestamp(date: Date): DuckDBTimestampValue {
  return new DuckDBTimestampValue(BigInt(date.getTime()) * 1000n);
}
