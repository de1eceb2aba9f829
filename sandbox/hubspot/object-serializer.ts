import type { Row } from '../store/sandbox-db.ts';
import type { HsObjectSchema } from './hubspot-objects.ts';
import type { PropertyRegistry } from './property-registry.ts';

/** Properties HubSpot returns with every record, whatever was asked for. */
export const SYSTEM_PROPERTIES = ['createdate', 'hs_lastmodifieddate', 'hs_object_id'] as const;

/** One record as the CRM object APIs send it. */
export interface WireObject {
  id: string;
  properties: Record<string, string | null>;
  createdAt: string | null;
  updatedAt: string | null;
  archived: boolean;
  archivedAt?: string;
  associations?: Record<string, { results: { id: string; type: string }[] }>;
  new?: boolean;
}

/**
 * The properties a response carries: the object's defaults when none are named, otherwise the
 * named ones that exist (unknown names are ignored, as HubSpot does) plus the system properties.
 */
export function responseProperties(registry: PropertyRegistry, schema: HsObjectSchema, requested: readonly string[]): string[] {
  const names = new Set<string>();
  const wanted = requested.length === 0 ? schema.defaultProperties : [...requested, ...SYSTEM_PROPERTIES];
  for (const name of wanted) if (registry.property(schema.name, name)) names.add(name);
  return [...names];
}

/** Turns a row selected with `selectList` into the wire shape. Values stay strings or null. */
export function toWireObject(row: Row, properties: readonly string[]): WireObject {
  const values: Record<string, string | null> = {};
  for (const name of properties) values[name] = (row[name] as string | null | undefined) ?? null;
  const archived = row.__archived === true;
  const object: WireObject = {
    id: String(row.__id),
    properties: values,
    createdAt: (row.__createdAt as string | null) ?? null,
    updatedAt: (row.__updatedAt as string | null) ?? null,
    archived,
  };
  if (archived && row.__archivedAt) object.archivedAt = row.__archivedAt as string;
  return object;
}
