import type { ExtractedRecord, RawColumn, StreamDescription } from '../extract-types.ts';
import { sourceFieldOf } from './salesforce-describe.ts';

/** REST JSON datetimes look like `2024-04-01T10:20:30.000+0000`; Bulk CSV ones like `…000Z`. */
const SF_DATETIME = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?)(Z|[+-]\d{2}:?\d{2})$/;

/** A Salesforce datetime as UTC ISO (`2024-04-01T10:20:30.000Z`), or undefined when it is not one. */
export function parseSfDateTime(text: string): string | undefined {
  const match = SF_DATETIME.exec(text);
  if (!match) return undefined;
  const zone = match[2] === 'Z' ? 'Z' : `${match[2]!.slice(0, 3)}:${match[2]!.slice(-2)}`;
  const instant = new Date(`${match[1]}${zone}`);
  return Number.isNaN(instant.getTime()) ? undefined : instant.toISOString();
}

/**
 * The typed value of one field. REST gives JSON types, Bulk API 2.0 gives strings with '' for null;
 * both end up the same. A value that does not parse is passed through unchanged so the lander can
 * land it raw and record a dq exception.
 */
export function typedValue(column: RawColumn, value: unknown): unknown {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value !== 'string') return value;
  switch (column.type) {
    case 'BOOLEAN':
      return value === 'true' ? true : value === 'false' ? false : value;
    case 'BIGINT':
    case 'DOUBLE':
    case 'DECIMAL(18,2)': {
      const number = Number(value);
      return value.trim() !== '' && Number.isFinite(number) ? number : value;
    }
    case 'TIMESTAMP':
      return parseSfDateTime(value) ?? value;
    default:
      return value;
  }
}

/** One API record (REST or Bulk) as an ExtractedRecord with typed values keyed by column name. */
export function toExtractedRecord(stream: StreamDescription, record: Record<string, unknown>): ExtractedRecord {
  const values: Record<string, unknown> = {};
  for (const column of stream.columns) values[column.name] = typedValue(column, record[sourceFieldOf(column)]);
  const id = record.Id;
  if (typeof id !== 'string' || id === '') {
    throw new Error(`Salesforce ${stream.stream}: a record came back without an Id (${JSON.stringify(record).slice(0, 200)}); the query must select Id`);
  }
  const version = typeof values.systemmodstamp === 'string' ? values.systemmodstamp : undefined;
  return { id, deleted: record.IsDeleted === true || record.IsDeleted === 'true', raw: record, values, ...(version && { version }) };
}
