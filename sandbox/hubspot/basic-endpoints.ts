import { json, type ApiRequest, type ApiResponse } from '../http/api-types.ts';
import type { HsObjectSchema } from './hubspot-objects.ts';
import type { HubspotState } from './hubspot-state.ts';
import { objectNotFound, propertyValuesError } from './hubspot-errors.ts';
import { responseProperties, SYSTEM_PROPERTIES } from './object-serializer.ts';
import { checkPropertyValues } from './property-values.ts';
import { associationTargets, loadWireObjects } from './record-reads.ts';
import { resolveRecordIds, uniqueIdProperty } from './record-identity.ts';
import { archiveRecords, insertRecords, updateRecords } from './record-writer.ts';
import { checkLinkTargets, parseInlineAssociations } from './association-inputs.ts';
import { booleanParam, listParam } from './query-params.ts';
import { readBody } from './request-body.ts';

/** GET /crm/v3/objects/{type}/{id}[?idProperty=&archived=&properties=&associations=] */
export async function getRecord(state: HubspotState, req: ApiRequest): Promise<ApiResponse> {
  const schema = state.registry.objectType(req.params.objectType ?? '');
  const key = req.params.objectId ?? '';
  const idProperty = uniqueIdProperty(state, schema, req.url.searchParams.get('idProperty') ?? undefined);
  const archived = booleanParam(req.url, 'archived') ? 'any' : false;
  const properties = responseProperties(state.registry, schema, listParam(req.url, 'properties'));
  const object = await state.db.exclusive(async (tx) => {
    const id = (await resolveRecordIds(tx, schema, [key], idProperty, archived)).get(key);
    if (id === undefined) return undefined;
    const [found] = await loadWireObjects(tx, schema, [id], properties, { archived, associations: associationTargets(state, req.url) });
    return found;
  });
  if (!object) throw recordNotFound(key);
  return json(200, object);
}

/** POST /crm/v3/objects/{type}: `{properties, associations}` → 201 with the new record. */
export async function createRecord(state: HubspotState, req: ApiRequest): Promise<ApiResponse> {
  const schema = state.registry.objectType(req.params.objectType ?? '');
  const body = readBody(req);
  const { values, problems } = checkPropertyValues(state.registry, schema, body.properties);
  if (problems.length > 0) throw propertyValuesError(problems);
  const links = parseInlineAssociations(schema, body.associations, state.registry);
  const object = await state.db.transaction(async (tx) => {
    await checkLinkTargets(tx, state.registry, links);
    const [id] = await insertRecords(tx, state, schema, [{ values, links }], new Date());
    const [created] = await loadWireObjects(tx, schema, [id!], writtenProperties(state, schema, Object.keys(values)));
    return created;
  });
  return json(201, object!);
}

/** PATCH /crm/v3/objects/{type}/{id}[?idProperty=]: `{properties}` → 200 with the record. */
export async function updateRecord(state: HubspotState, req: ApiRequest): Promise<ApiResponse> {
  const schema = state.registry.objectType(req.params.objectType ?? '');
  const key = req.params.objectId ?? '';
  const idProperty = uniqueIdProperty(state, schema, req.url.searchParams.get('idProperty') ?? undefined);
  const body = readBody(req);
  const { values, problems } = checkPropertyValues(state.registry, schema, body.properties);
  if (problems.length > 0) throw propertyValuesError(problems);
  const object = await state.db.transaction(async (tx) => {
    const id = (await resolveRecordIds(tx, schema, [key], idProperty)).get(key);
    if (id === undefined) return undefined;
    await updateRecords(tx, state, schema, [{ id, values }], new Date());
    const [updated] = await loadWireObjects(tx, schema, [id], writtenProperties(state, schema, Object.keys(values)));
    return updated;
  });
  if (!object) throw recordNotFound(key);
  return json(200, object);
}

/** DELETE /crm/v3/objects/{type}/{id} → 204 (also when the record is already gone, as HubSpot does). */
export async function archiveRecord(state: HubspotState, req: ApiRequest): Promise<ApiResponse> {
  const schema = state.registry.objectType(req.params.objectType ?? '');
  const id = req.params.objectId ?? '';
  await state.db.transaction((tx) => archiveRecords(tx, state, schema, [id], new Date()));
  return { status: 204 };
}

/** What a write answers with: the default properties, the written ones and the system ones. */
export function writtenProperties(state: HubspotState, schema: HsObjectSchema, written: readonly string[]): string[] {
  const names = [...schema.defaultProperties, ...written, ...SYSTEM_PROPERTIES];
  return responseProperties(state.registry, schema, names);
}

function recordNotFound(id: string): Error {
  return objectNotFound('Object not found.  objectId are usually numeric.', { context: { id: [id] } });
}
