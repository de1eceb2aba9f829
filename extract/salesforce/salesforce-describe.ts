import type { RawColumn, RawColumnType, StreamDescription } from '../extract-types.ts';

/** The Salesforce objects closeloop extracts. */
export const SALESFORCE_STREAMS = ['Account', 'Opportunity', 'OpportunityLineItem', 'User'] as const;

const COLUMN_TYPES: Record<string, RawColumnType> = {
  id: 'VARCHAR', reference: 'VARCHAR', string: 'VARCHAR', textarea: 'VARCHAR', picklist: 'VARCHAR',
  multipicklist: 'VARCHAR', combobox: 'VARCHAR', url: 'VARCHAR', phone: 'VARCHAR', email: 'VARCHAR',
  encryptedstring: 'VARCHAR', boolean: 'BOOLEAN', int: 'BIGINT', long: 'BIGINT', double: 'DOUBLE',
  percent: 'DOUBLE', currency: 'DECIMAL(18,2)', date: 'DATE', datetime: 'TIMESTAMP', time: 'VARCHAR',
};

/** Compound and binary fields: Bulk API 2.0 cannot select them and their parts are separate fields. */
const SKIPPED_TYPES = new Set(['address', 'location', 'base64', 'anyType', 'complexvalue']);

export interface DescribedField {
  name: string;
  type: string;
}

/** Turns `describe(object)` fields into the stream's typed raw columns (unknown types land as VARCHAR). */
export function describeStream(object: string, fields: readonly DescribedField[]): StreamDescription {
  const columns: RawColumn[] = fields
    .filter((field) => !SKIPPED_TYPES.has(field.type))
    .map((field) => ({ name: field.name.toLowerCase(), type: COLUMN_TYPES[field.type] ?? 'VARCHAR', sourceField: field.name }));
  for (const required of ['Id', 'SystemModstamp']) {
    if (!columns.some((c) => c.sourceField === required)) {
      throw new Error(`Salesforce ${object}: describe lists no ${required} field, so it cannot be read incrementally; check the integration user's field-level security`);
    }
  }
  return { source: 'salesforce', stream: object, table: `salesforce__${object.toLowerCase()}`, primaryKey: 'id', columns };
}

/** The API name of a column (RawColumn.sourceField, else the column name). */
export function sourceFieldOf(column: RawColumn): string {
  return column.sourceField ?? column.name;
}
