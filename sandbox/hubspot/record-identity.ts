import type { SandboxTx } from '../store/sandbox-db.ts';
import type { HsObjectSchema } from './hubspot-objects.ts';
import type { HubspotState } from './hubspot-state.ts';
import { validationError } from './hubspot-errors.ts';
import { idsByPropertyValue, readByIds, type ArchivedFilter } from './record-store.ts';

/**
 * The property an `idProperty` names, checked as HubSpot does: it must exist and have unique
 * values. `undefined` (or `hs_object_id`) means the ids are record ids.
 */
export function uniqueIdProperty(state: HubspotState, schema: HsObjectSchema, idProperty: string | undefined): string | undefined {
  if (idProperty === undefined || idProperty === 'hs_object_id') return undefined;
  const spec = state.registry.property(schema.name, idProperty);
  if (!spec) throw validationError(`Property "${idProperty}" does not exist on ${schema.objectTypeId}; idProperty must name a property with unique values`);
  if (!spec.hasUniqueValue) {
    throw validationError(`Unable to perform update/upsert by non-unique ${schema.objectTypeId} property ${idProperty} in portal ID ${state.portalId}`);
  }
  return idProperty;
}

/** Maps each given key (a record id, or a value of `idProperty`) to the record id it finds. */
export async function resolveRecordIds(
  tx: SandboxTx, schema: HsObjectSchema, keys: readonly string[], idProperty: string | undefined, archived: ArchivedFilter = false,
): Promise<Map<string, string>> {
  const unique = [...new Set(keys)];
  if (idProperty !== undefined) return idsByPropertyValue(tx, schema, idProperty, unique);
  const found = await readByIds(tx, schema, unique, [], archived);
  return new Map([...found.keys()].map((id) => [id, id]));
}

/** Refuses a batch that names the same record twice (HubSpot answers 400 for the whole batch). */
export function rejectDuplicates(keys: readonly string[]): void {
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const key of keys) (seen.has(key) ? duplicates : seen).add(key);
  if (duplicates.size > 0) {
    throw validationError(`Duplicate IDs found in batch input: [${[...duplicates].join(', ')}]. IDs must be unique`, {
      context: { ids: [...duplicates] },
    });
  }
}
