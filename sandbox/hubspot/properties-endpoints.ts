import { json, type ApiRequest, type ApiResponse } from '../http/api-types.ts';
import { quoteIdent } from '../store/sandbox-db.ts';
import { logChanges, type Change } from '../store/change-log.ts';
import { tableName } from '../dataset/dataset-schema.ts';
import type { HsObjectSchema, HsPropertySpec } from './hubspot-objects.ts';
import type { HubspotState } from './hubspot-state.ts';
import type { PropertyMeta } from './property-registry.ts';
import { hsError, objectNotFound, validationError } from './hubspot-errors.ts';
import { parsePropertyCreate, parsePropertyUpdate } from './property-definition.ts';
import { toWireProperty } from './property-wire.ts';
import { booleanParam } from './query-params.ts';
import { readBody, type JsonObject } from './request-body.ts';

/** GET /crm/v3/properties/{objectType}[?archived=] → `{results: [Property]}` */
export function listProperties(state: HubspotState, req: ApiRequest): ApiResponse {
  const schema = state.registry.objectType(req.params.objectType ?? '');
  const archived = booleanParam(req.url, 'archived');
  const results = state.registry.properties(schema.name, archived).map((spec) => toWireProperty(spec, state.registry.meta(schema.name, spec.name)));
  return json(200, { results });
}

/** GET /crm/v3/properties/{objectType}/{propertyName} */
export function getProperty(state: HubspotState, req: ApiRequest): ApiResponse {
  const { schema, spec } = existingProperty(state, req);
  return json(200, toWireProperty(spec, state.registry.meta(schema.name, spec.name)));
}

/**
 * POST /crm/v3/properties/{objectType} → 201. Adds a VARCHAR column to the object's table and the
 * property to the live schema; a name already in use is a 409, an unknown group a 400.
 */
export async function createProperty(state: HubspotState, req: ApiRequest): Promise<ApiResponse> {
  const schema = state.registry.objectType(req.params.objectType ?? '');
  const body = readBody(req);
  const spec = parsePropertyCreate(body, schema, state.registry);
  const now = new Date().toISOString();
  const meta: PropertyMeta = {
    description: typeof body.description === 'string' ? body.description : '',
    displayOrder: Number(body.displayOrder ?? -1), createdAt: now, updatedAt: now,
    archived: false, hidden: body.hidden === true, formField: body.formField === true,
  };
  await state.db.transaction(async (tx) => {
    const existing = state.registry.anyProperty(schema.name, spec.name);
    if (existing && !state.registry.meta(schema.name, spec.name).archived) {
      throw hsError(409, 'OBJECT_ALREADY_EXISTS', `Property named '${spec.name}' already exists.`);
    }
    if (!existing) await tx.run(`ALTER TABLE ${tableName(schema)} ADD COLUMN ${quoteIdent(spec.name)} VARCHAR`);
    await logChanges(tx, [propertyChange(schema, spec.name, 'create', '*', null, definitionText(spec))]);
    state.registry.register(schema, spec, meta);
  });
  return json(201, toWireProperty(spec, meta));
}

/** PATCH /crm/v3/properties/{objectType}/{propertyName} → 200 with the updated definition. */
export async function updateProperty(state: HubspotState, req: ApiRequest): Promise<ApiResponse> {
  const { schema, spec } = existingProperty(state, req);
  const body = readBody(req);
  const changes = parsePropertyUpdate(body, spec, schema, state.registry);
  const meta = state.registry.meta(schema.name, spec.name);
  const metaChanges = metaUpdate(body);
  const logged: Change[] = [];
  for (const [field, value] of Object.entries({ ...changes, ...metaChanges })) {
    const old = field in changes ? spec[field as keyof HsPropertySpec] : meta[field as keyof PropertyMeta];
    if (JSON.stringify(old) !== JSON.stringify(value)) logged.push(propertyChange(schema, spec.name, 'update', field, text(old), text(value)));
  }
  await state.db.transaction(async (tx) => {
    await logChanges(tx, logged);
    Object.assign(spec, changes);
    Object.assign(meta, metaChanges, logged.length > 0 ? { updatedAt: new Date().toISOString() } : {});
  });
  return json(200, toWireProperty(spec, meta));
}

/** DELETE /crm/v3/properties/{objectType}/{propertyName} → 204; HubSpot-defined properties cannot be archived. */
export async function archiveProperty(state: HubspotState, req: ApiRequest): Promise<ApiResponse> {
  const { schema, spec } = existingProperty(state, req);
  if (spec.hubspotDefined) throw validationError(`Property "${spec.name}" is HubSpot-defined and cannot be archived.`);
  await state.db.transaction(async (tx) => {
    await logChanges(tx, [propertyChange(schema, spec.name, 'delete', '*', definitionText(spec), null)]);
    const now = new Date().toISOString();
    Object.assign(state.registry.meta(schema.name, spec.name), { archived: true, archivedAt: now, updatedAt: now });
  });
  return { status: 204 };
}

function existingProperty(state: HubspotState, req: ApiRequest): { schema: HsObjectSchema; spec: HsPropertySpec } {
  const schema = state.registry.objectType(req.params.objectType ?? '');
  const name = req.params.propertyName ?? '';
  const spec = state.registry.property(schema.name, name);
  if (!spec) throw objectNotFound(`Unable to find property ${name} for object type ${schema.objectTypeId}`, { context: { propertyName: [name] } });
  return { schema, spec };
}

function metaUpdate(body: JsonObject): Partial<PropertyMeta> {
  const changes: Partial<PropertyMeta> = {};
  if (typeof body.description === 'string') changes.description = body.description;
  if (body.displayOrder !== undefined) changes.displayOrder = Number(body.displayOrder);
  if (typeof body.hidden === 'boolean') changes.hidden = body.hidden;
  if (typeof body.formField === 'boolean') changes.formField = body.formField;
  return changes;
}

function definitionText(spec: HsPropertySpec): string {
  return JSON.stringify({ type: spec.type, fieldType: spec.fieldType, groupName: spec.groupName, hasUniqueValue: spec.hasUniqueValue, label: spec.label });
}

function text(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function propertyChange(schema: HsObjectSchema, recordId: string, operation: Change['operation'], field: string, oldValue: string | null, newValue: string | null): Change {
  return { system: 'hubspot', object: 'properties', recordId: `${schema.name}/${recordId}`, operation, field, oldValue, newValue };
}
