import type { SystemName } from './dataset-schema.ts';
import { ASSOCIATION_TYPES } from '../hubspot/hubspot-objects.ts';

/** One association as stored in `hubspot.associations` (one row per direction). */
export interface AssociationRow {
  from_type: string;
  from_id: string;
  to_type: string;
  to_id: string;
  category: string;
  type_id: number;
  label: string | null;
}

export interface FlatRecord {
  /** Column name → raw value, before type coercion. */
  values: Record<string, unknown>;
  associations: AssociationRow[];
}

/** Turns one dataset record into column values, per the system's wire shape. */
export function flattenRecord(system: SystemName, object: string, record: Record<string, unknown>): FlatRecord {
  if (system === 'hubspot') return flattenHubspot(object, record);
  const values: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    // Salesforce exports carry `attributes` and parent-relationship objects; they are not columns.
    if (system === 'salesforce' && value !== null && typeof value === 'object') continue;
    values[system === 'netsuite' ? key.toLowerCase() : key] = value;
  }
  return { values, associations: [] };
}

const META_COLUMNS = ['id', 'createdAt', 'updatedAt', 'archived', 'archivedAt'] as const;

function flattenHubspot(object: string, record: Record<string, unknown>): FlatRecord {
  const properties = (record.properties ?? {}) as Record<string, unknown>;
  if (typeof properties !== 'object' || Array.isArray(properties)) throw new ShapeError('properties', 'expected an object of property values');
  const values: Record<string, unknown> = { ...properties };
  for (const column of META_COLUMNS) values[column] = record[column];
  values.id ??= properties.hs_object_id;
  values.hs_object_id ??= values.id;
  values.createdAt ??= properties.createdate;
  values.createdate ??= values.createdAt;
  values.updatedAt ??= properties.hs_lastmodifieddate ?? values.createdAt;
  values.hs_lastmodifieddate ??= values.updatedAt;
  values.archived ??= false;
  return { values, associations: hubspotAssociations(object, String(values.id), record.associations) };
}

function hubspotAssociations(object: string, id: string, raw: unknown): AssociationRow[] {
  if (raw === undefined || raw === null) return [];
  if (typeof raw !== 'object') throw new ShapeError('associations', 'expected an object keyed by object type');
  const rows: AssociationRow[] = [];
  for (const [toType, group] of Object.entries(raw as Record<string, { results?: { id?: unknown; type?: unknown }[] }>)) {
    for (const link of group?.results ?? []) {
      const typeName = String(link.type ?? '');
      const known = ASSOCIATION_TYPES[typeName as keyof typeof ASSOCIATION_TYPES];
      if (!known || known.from !== object || known.to !== toType) {
        throw new ShapeError('associations', `unknown association type "${typeName}" from ${object} to ${toType}`);
      }
      const label = 'label' in known ? known.label : null;
      const toId = String(link.id);
      rows.push({ from_type: object, from_id: id, to_type: toType, to_id: toId, category: 'HUBSPOT_DEFINED', type_id: known.typeId, label });
      const reverse = Object.values(ASSOCIATION_TYPES).find((t) => t.from === toType && t.to === object && ('label' in t ? t.label : null) === label);
      if (reverse) rows.push({ from_type: toType, from_id: toId, to_type: object, to_id: id, category: 'HUBSPOT_DEFINED', type_id: reverse.typeId, label });
    }
  }
  return rows;
}

/** A record whose shape (not a single value) is wrong. */
export class ShapeError extends Error {
  readonly field: string;
  constructor(field: string, message: string) {
    super(message);
    this.field = field;
  }
}
