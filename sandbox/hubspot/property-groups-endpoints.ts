import { json, type ApiRequest, type ApiResponse } from '../http/api-types.ts';
import { logChanges } from '../store/change-log.ts';
import type { HsObjectSchema } from './hubspot-objects.ts';
import type { HubspotState } from './hubspot-state.ts';
import type { PropertyGroup } from './property-registry.ts';
import { hsError, objectNotFound, validationError } from './hubspot-errors.ts';
import { toWireGroup } from './property-wire.ts';
import { propertyChange } from './properties-endpoints.ts';
import { readBody } from './request-body.ts';

/** GET /crm/v3/properties/{objectType}/groups → `{results: [PropertyGroup]}` */
export function listGroups(state: HubspotState, req: ApiRequest): ApiResponse {
  const schema = state.registry.objectType(req.params.objectType ?? '');
  return json(200, { results: state.registry.groups(schema.name).map(toWireGroup) });
}

/** GET /crm/v3/properties/{objectType}/groups/{groupName} */
export function getGroup(state: HubspotState, req: ApiRequest): ApiResponse {
  const { group } = existingGroup(state, req);
  return json(200, toWireGroup(group));
}

/** POST /crm/v3/properties/{objectType}/groups: `{name, label, displayOrder}` → 201; a used name is a 409. */
export async function createGroup(state: HubspotState, req: ApiRequest): Promise<ApiResponse> {
  const schema = state.registry.objectType(req.params.objectType ?? '');
  const body = readBody(req);
  const name = typeof body.name === 'string' ? body.name : '';
  if (!/^[a-z0-9_]+$/.test(name)) throw validationError(`Property group name "${name}" is not valid: use lower-case letters, digits and underscores.`);
  if (typeof body.label !== 'string' || body.label === '') throw validationError('Invalid property group: "label" is required.');
  const group: PropertyGroup = { name, label: body.label, displayOrder: Number(body.displayOrder ?? -1), archived: false };
  await state.db.transaction(async (tx) => {
    if (state.registry.group(schema.name, name)) throw hsError(409, 'OBJECT_ALREADY_EXISTS', `Property group named '${name}' already exists.`);
    await logChanges(tx, [propertyChange(schema, `groups/${name}`, 'create', '*', null, JSON.stringify({ label: group.label }))]);
    state.registry.putGroup(schema.name, group);
  });
  return json(201, toWireGroup(group));
}

/** PATCH /crm/v3/properties/{objectType}/groups/{groupName}: label / displayOrder → 200. */
export async function updateGroup(state: HubspotState, req: ApiRequest): Promise<ApiResponse> {
  const { schema, group } = existingGroup(state, req);
  const body = readBody(req);
  const next = {
    label: typeof body.label === 'string' && body.label !== '' ? body.label : group.label,
    displayOrder: body.displayOrder === undefined ? group.displayOrder : Number(body.displayOrder),
  };
  await state.db.transaction(async (tx) => {
    const changes = (['label', 'displayOrder'] as const)
      .filter((field) => next[field] !== group[field])
      .map((field) => propertyChange(schema, `groups/${group.name}`, 'update', field, String(group[field]), String(next[field])));
    await logChanges(tx, changes);
    Object.assign(group, next);
  });
  return json(200, toWireGroup(group));
}

/** DELETE /crm/v3/properties/{objectType}/groups/{groupName} → 204; a group still holding properties is a 400. */
export async function archiveGroup(state: HubspotState, req: ApiRequest): Promise<ApiResponse> {
  const { schema, group } = existingGroup(state, req);
  if (state.registry.properties(schema.name).some((p) => p.groupName === group.name)) {
    throw validationError(`Property group "${group.name}" still holds properties; move or archive them first.`);
  }
  await state.db.transaction(async (tx) => {
    await logChanges(tx, [propertyChange(schema, `groups/${group.name}`, 'delete', '*', JSON.stringify({ label: group.label }), null)]);
    group.archived = true;
  });
  return { status: 204 };
}

function existingGroup(state: HubspotState, req: ApiRequest): { schema: HsObjectSchema; group: PropertyGroup } {
  const schema = state.registry.objectType(req.params.objectType ?? '');
  const name = req.params.groupName ?? '';
  const group = state.registry.group(schema.name, name);
  if (!group) throw objectNotFound(`Unable to find property group ${name} for object type ${schema.objectTypeId}`, { context: { groupName: [name] } });
  return { schema, group };
}
