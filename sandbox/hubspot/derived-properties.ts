import type { HsObjectSchema } from './hubspot-objects.ts';
import type { PropertyValues } from './property-values.ts';

const CLOSED_STAGES = new Set(['closedwon', 'closedlost']);

/** Values HubSpot computes from a write: a deal's closed flags follow its stage. */
export function withDerivedValues(schema: HsObjectSchema, values: PropertyValues): PropertyValues {
  if (schema.name !== 'deals' || !('dealstage' in values)) return values;
  const stage = values.dealstage ?? null;
  const derived: PropertyValues = { ...values };
  const has = (name: string): boolean => schema.fields.some((f) => f.name === name);
  if (has('hs_is_closed_won')) derived.hs_is_closed_won = String(stage === 'closedwon');
  if (has('hs_is_closed')) derived.hs_is_closed = String(stage !== null && CLOSED_STAGES.has(stage));
  return derived;
}
