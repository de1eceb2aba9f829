import type { RawColumn, RawColumnType, ExtractedRecord } from '../extract-types.ts';

/** A property as the properties API describes it (only what typing needs). */
export interface HubspotPropertyInfo {
  name: string;
  type: string;
}

/** A record as the SDK hands it over (list, search and batch answers share this shape). */
export interface HubspotObject {
  id: string;
  properties: Record<string, string | null>;
  createdAt?: Date | string | null;
  updatedAt?: Date | string | null;
  archived?: boolean;
  archivedAt?: Date | string | null;
  associations?: Record<string, { results: { id: string; type: string }[] }>;
}

/** Number properties holding money: landed as exact decimals rather than doubles. */
const MONEY_PROPERTIES = new Set(['amount', 'price', 'amount_in_home_currency']);
export const COMPANY_IDS_COLUMN = 'associated_company_ids';
const RECORD_COLUMNS: readonly RawColumn[] = [
  { name: 'created_at', type: 'TIMESTAMP', sourceField: 'createdAt' },
  { name: 'updated_at', type: 'TIMESTAMP', sourceField: 'updatedAt' },
  { name: 'archived', type: 'BOOLEAN' },
  { name: 'archived_at', type: 'TIMESTAMP', sourceField: 'archivedAt' },
];
const NON_PROPERTY_COLUMNS = new Set(['id', COMPANY_IDS_COLUMN, ...RECORD_COLUMNS.map((c) => c.name)]);

export function columnType(property: HubspotPropertyInfo): RawColumnType {
  switch (property.type) {
    case 'number': return MONEY_PROPERTIES.has(property.name.toLowerCase()) ? 'DECIMAL(18,2)' : 'DOUBLE';
    case 'datetime': return 'TIMESTAMP';
    case 'date': return 'DATE';
    case 'bool': return 'BOOLEAN';
    default: return 'VARCHAR';
  }
}

/** `id`, one column per property, the record's own timestamps and flags; deals add their company ids. */
export function streamColumns(objectType: string, properties: readonly HubspotPropertyInfo[]): RawColumn[] {
  const columns: RawColumn[] = [{ name: 'id', type: 'VARCHAR' }];
  const seen = new Set(NON_PROPERTY_COLUMNS);
  for (const property of properties) {
    const name = property.name.toLowerCase();
    if (seen.has(name)) continue;
    seen.add(name);
    columns.push({ name, type: columnType(property), ...(name !== property.name ? { sourceField: property.name } : {}) });
  }
  columns.push(...RECORD_COLUMNS);
  if (objectType === 'deals') columns.push({ name: COMPANY_IDS_COLUMN, type: 'VARCHAR' });
  return columns;
}

/** The property columns of a stream, as (column, HubSpot property name, column type). */
export function propertyColumns(columns: readonly RawColumn[]): RawColumn[] {
  return columns.filter((c) => !NON_PROPERTY_COLUMNS.has(c.name));
}

/** One HubSpot record as an extracted record: values stay the API's strings except datetimes (ISO). */
export function toExtracted(object: HubspotObject, columns: readonly RawColumn[], deleted: boolean): ExtractedRecord {
  const values: Record<string, unknown> = {
    id: object.id,
    created_at: isoOrNull(object.createdAt),
    updated_at: isoOrNull(object.updatedAt),
    archived: object.archived === true,
    archived_at: isoOrNull(object.archivedAt),
  };
  for (const column of propertyColumns(columns)) {
    const value = object.properties[column.sourceField ?? column.name];
    if (value === undefined) continue;
    values[column.name] = column.type === 'TIMESTAMP' ? datetimeText(value) : value;
  }
  if (columns.some((c) => c.name === COMPANY_IDS_COLUMN)) values[COMPANY_IDS_COLUMN] = companyIds(object);
  return { id: object.id, deleted, raw: object, values, ...versionOf(values, deleted) };
}

/**
 * The version of this state: the modification time, or the archive time for an archived record.
 * Association changes need not move hs_lastmodifieddate, so a deal's companies are part of it.
 */
function versionOf(values: Record<string, unknown>, deleted: boolean): { version?: string } {
  const stamp = deleted ? values.archived_at : (values.hs_lastmodifieddate ?? values.updated_at);
  if (typeof stamp !== 'string') return {};
  const companies = values[COMPANY_IDS_COLUMN];
  return { version: `${deleted ? 'archived ' : ''}${stamp}${typeof companies === 'string' ? ` companies ${companies}` : ''}` };
}

/** hs_lastmodifieddate (falling back to updatedAt) in epoch ms; null when neither parses. */
export function modifiedAt(object: HubspotObject): number | null {
  return epochMs(object.properties.hs_lastmodifieddate) ?? epochMs(object.updatedAt);
}

export function epochMs(value: Date | string | null | undefined): number | null {
  if (value === null || value === undefined || value === '') return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.getTime();
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

/** Sorted, comma-separated; empty when the deal has no company (the list omits `associations` then). */
function companyIds(object: HubspotObject): string {
  const results = object.associations?.companies?.results ?? [];
  const ids = [...new Set(results.map((r) => String(r.id)))].sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
  return ids.join(',');
}

/** HubSpot sends datetimes as ISO text, older integrations wrote epoch ms: both land as ISO. Bad text passes through for the lander to flag. */
function datetimeText(value: string | null): string | null {
  if (value === null || !/^\d+$/.test(value)) return value;
  return new Date(Number(value)).toISOString();
}

function isoOrNull(value: Date | string | null | undefined): string | null {
  const ms = epochMs(value);
  return ms === null ? null : new Date(ms).toISOString();
}
