import type { HsObjectSchema } from './hubspot-objects.ts';

/** `companies` → `company`, `line_items` → `line_item`. */
export function singularName(schema: Pick<HsObjectSchema, 'name'>): string {
  return schema.name.endsWith('ies') ? `${schema.name.slice(0, -3)}y` : schema.name.replace(/s$/, '');
}

/** How HubSpot names an object type in error messages: `DEAL`, `COMPANY`, `LINE_ITEM`. */
export function upperName(schema: Pick<HsObjectSchema, 'name'>): string {
  return singularName(schema).toUpperCase();
}

/** Resolves a path segment (`deals`, `deal`, `0-3`) to the object's schema. */
export function findObjectType(schemas: readonly HsObjectSchema[], segment: string): HsObjectSchema | undefined {
  const wanted = segment.toLowerCase();
  return schemas.find((s) => s.name === wanted || s.objectTypeId === wanted || singularName(s) === wanted);
}

/** The property HubSpot's free-text `query` searches, per object. */
export const SEARCHABLE_PROPERTIES: Record<string, readonly string[]> = {
  companies: ['name', 'domain', 'website'],
  deals: ['dealname'],
  line_items: ['name', 'hs_sku'],
};
