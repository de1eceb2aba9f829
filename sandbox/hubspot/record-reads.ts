import type { SandboxTx } from '../store/sandbox-db.ts';
import type { HsObjectSchema } from './hubspot-objects.ts';
import type { HubspotState } from './hubspot-state.ts';
import { findObjectType } from './object-types.ts';
import { toWireObject, type WireObject } from './object-serializer.ts';
import { readByIds, type ArchivedFilter } from './record-store.ts';
import { associationTypeName, linksFrom } from './association-store.ts';
import { listParam } from './query-params.ts';

/** The object types named by `associations=` (repeated or comma-separated); unknown names are ignored. */
export function associationTargets(state: HubspotState, url: URL): HsObjectSchema[] {
  const targets = listParam(url, 'associations').map((name) => findObjectType(state.registry.schemas, name));
  return [...new Set(targets.filter((t): t is HsObjectSchema => t !== undefined))];
}

/** Records by id in wire form, in the order of `ids` (missing ids are skipped). */
export async function loadWireObjects(
  tx: SandboxTx, schema: HsObjectSchema, ids: readonly string[], properties: readonly string[],
  options: { archived?: ArchivedFilter; associations?: readonly HsObjectSchema[] } = {},
): Promise<WireObject[]> {
  const rows = await readByIds(tx, schema, ids, properties, options.archived ?? false);
  const objects = ids.map((id) => rows.get(id)).filter((r) => r !== undefined).map((r) => toWireObject(r, properties));
  await attachAssociations(tx, schema, objects, options.associations ?? []);
  return objects;
}

/** Adds `associations: {companies: {results: [{id, type}]}}` for each target that has links. */
export async function attachAssociations(
  tx: SandboxTx, schema: HsObjectSchema, objects: WireObject[], targets: readonly HsObjectSchema[],
): Promise<void> {
  if (targets.length === 0 || objects.length === 0) return;
  const byId = new Map(objects.map((o) => [o.id, o]));
  for (const target of targets) {
    for (const link of await linksFrom(tx, schema.name, [...byId.keys()], target.name)) {
      const object = byId.get(link.fromId)!;
      object.associations ??= {};
      const group = (object.associations[target.name] ??= { results: [] });
      group.results.push({ id: link.toId, type: associationTypeName(link) });
    }
  }
}
