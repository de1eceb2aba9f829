import { bodyJson, json, type ApiRequest, type ApiResponse } from '../http/api-types.ts';
import type { SandboxTx } from '../store/sandbox-db.ts';
import type { HsObjectSchema } from './hubspot-objects.ts';
import type { HubspotState } from './hubspot-state.ts';
import { malformedJson, objectNotFound, validationError } from './hubspot-errors.ts';
import { singularName } from './object-types.ts';
import { readByIds } from './record-store.ts';
import { addLinks, compareIds, defaultAssociationType, linksFrom, removeLinks, type AssociationLink } from './association-store.ts';
import { linkType } from './association-inputs.ts';
import { batchResponse, type BatchError } from './batch-response.ts';
import { limitParam } from './query-params.ts';
import { batchInputs, readBody, type JsonObject } from './request-body.ts';

const MAX_PAGE = 500;
const MAX_BATCH_READ = 1000;
const MAX_BATCH_WRITE = 2000;

interface Pair {
  from: HsObjectSchema;
  to: HsObjectSchema;
}

/** GET /crm/v4/objects/{from}/{id}/associations/{to}?after=&limit= (limit up to 500). */
export async function getAssociationsPage(state: HubspotState, req: ApiRequest): Promise<ApiResponse> {
  const { from, to } = pair(state, req.params.fromObjectType, req.params.toObjectType);
  const id = req.params.objectId ?? '';
  const limit = limitParam(req.url, 'limit', MAX_PAGE, MAX_PAGE);
  const after = req.url.searchParams.get('after') || undefined;
  const links = await state.db.exclusive((tx) => linksFrom(tx, from.name, [id], to.name));
  const all = groupByTarget(links);
  const start = after === undefined ? 0 : all.findIndex((entry) => compareIds(String(entry.toObjectId), after) > 0);
  const page = start < 0 ? [] : all.slice(start, start + limit);
  const last = page.at(-1);
  const more = start >= 0 && start + limit < all.length;
  if (!more || !last) return json(200, { results: page });
  const link = new URL(req.url.href);
  link.searchParams.set('after', String(last.toObjectId));
  return json(200, { results: page, paging: { next: { after: String(last.toObjectId), link: link.href } } });
}

/** POST /crm/v4/associations/{from}/{to}/batch/read: `{inputs: [{id}]}`; ids without links are listed in a 207. */
export async function batchReadAssociations(state: HubspotState, req: ApiRequest): Promise<ApiResponse> {
  const startedAt = new Date();
  const { from, to } = pair(state, req.params.fromObjectType, req.params.toObjectType);
  const ids = [...new Set(batchInputs(readBody(req), MAX_BATCH_READ).map((input) => idOf(input, 'inputs[]')))];
  const links = await state.db.exclusive((tx) => linksFrom(tx, from.name, ids, to.name));
  const results: unknown[] = [];
  const errors: BatchError[] = [];
  for (const id of ids) {
    const mine = links.filter((l) => l.fromId === id);
    if (mine.length > 0) results.push({ from: { id }, to: groupByTarget(mine) });
    else errors.push(noAssociations(from, to, id));
  }
  return batchResponse(results, errors, startedAt, 200);
}

/** PUT /crm/v4/objects/{from}/{id}/associations/default/{to}/{toId} (no body) → 200. */
export async function createDefaultAssociation(state: HubspotState, req: ApiRequest): Promise<ApiResponse> {
  const startedAt = new Date();
  const { from, to } = pair(state, req.params.fromObjectType, req.params.toObjectType);
  const added = await state.db.transaction(async (tx) => {
    await requireRecords(tx, from, [req.params.objectId ?? ''], to, [req.params.toObjectId ?? '']);
    return addLinks(tx, [defaultLink(from, req.params.objectId ?? '', to, req.params.toObjectId ?? '')]);
  });
  return batchResponse(added.map(defaultResult), [], startedAt, 200);
}

/** PUT /crm/v4/objects/{from}/{id}/associations/{to}/{toId} with `[{associationCategory, associationTypeId}]` → 201. */
export async function createLabelledAssociation(state: HubspotState, req: ApiRequest): Promise<ApiResponse> {
  const { from, to } = pair(state, req.params.fromObjectType, req.params.toObjectType);
  const fromId = req.params.objectId ?? '';
  const toId = req.params.toObjectId ?? '';
  const body: unknown = req.body.length === 0 ? [] : bodyJson<unknown>(req, malformedJson);
  if (!Array.isArray(body) || body.length === 0) throw validationError('Invalid input JSON: the body must be a non-empty array of association types');
  const links = body.map((t: JsonObject) => {
    const type = linkType(from.name, to.name, t, state.registry);
    return { fromType: from.name, fromId, toType: to.name, toId, category: 'HUBSPOT_DEFINED', typeId: type.typeId, label: type.label };
  });
  await state.db.transaction(async (tx) => {
    await requireRecords(tx, from, [fromId], to, [toId]);
    await addLinks(tx, links);
  });
  const labels = await state.db.exclusive((tx) => linksFrom(tx, from.name, [fromId], to.name));
  return json(201, labelsBetween(from, to, fromId, toId, labels));
}

/** DELETE /crm/v4/objects/{from}/{id}/associations/{to}/{toId} → 204 (both directions). */
export async function archiveAssociation(state: HubspotState, req: ApiRequest): Promise<ApiResponse> {
  const { from, to } = pair(state, req.params.fromObjectType, req.params.toObjectType);
  await state.db.transaction((tx) => removeLinks(tx, from.name, req.params.objectId ?? '', to.name, req.params.toObjectId ?? ''));
  return { status: 204 };
}

/** POST /crm/v4/associations/{from}/{to}/batch/create: `{inputs: [{from, to, types}]}` → 201. */
export async function batchCreateAssociations(state: HubspotState, req: ApiRequest): Promise<ApiResponse> {
  const startedAt = new Date();
  const { from, to } = pair(state, req.params.fromObjectType, req.params.toObjectType);
  const inputs = batchInputs(readBody(req), MAX_BATCH_WRITE).map((input, i) => {
    const types = Array.isArray(input.types) ? (input.types as JsonObject[]) : [];
    if (types.length === 0) throw validationError(`Invalid input JSON: inputs[${i}].types must be a non-empty array`);
    const fromId = idOf(input.from, `inputs[${i}].from`);
    const toId = idOf(input.to, `inputs[${i}].to`);
    return types.map((t) => {
      const type = linkType(from.name, to.name, t, state.registry);
      return { fromType: from.name, fromId, toType: to.name, toId, category: 'HUBSPOT_DEFINED', typeId: type.typeId, label: type.label };
    });
  });
  const results = await state.db.transaction(async (tx) => {
    await requireRecords(tx, from, inputs.map((l) => l[0]!.fromId), to, inputs.map((l) => l[0]!.toId));
    await addLinks(tx, inputs.flat());
    return Promise.all(inputs.map(async (links) => {
      const { fromId, toId } = links[0]!;
      return labelsBetween(from, to, fromId, toId, (await linksFrom(tx, from.name, [fromId], to.name)).filter((l) => l.toId === toId));
    }));
  });
  return batchResponse(results, [], startedAt, 201);
}

/** POST /crm/v4/associations/{from}/{to}/batch/associate/default: `{inputs: [{from, to}]}` → 200. */
export async function batchCreateDefaultAssociations(state: HubspotState, req: ApiRequest): Promise<ApiResponse> {
  const startedAt = new Date();
  const { from, to } = pair(state, req.params.fromObjectType, req.params.toObjectType);
  const links = batchInputs(readBody(req), MAX_BATCH_WRITE).map((input, i) =>
    defaultLink(from, idOf(input.from, `inputs[${i}].from`), to, idOf(input.to, `inputs[${i}].to`)));
  const added = await state.db.transaction(async (tx) => {
    await requireRecords(tx, from, links.map((l) => l.fromId), to, links.map((l) => l.toId));
    return addLinks(tx, links);
  });
  return batchResponse(added.map(defaultResult), [], startedAt, 200);
}

/** POST /crm/v4/associations/{from}/{to}/batch/archive: `{inputs: [{from: {id}, to: [{id}]}]}` → 204. */
export async function batchArchiveAssociations(state: HubspotState, req: ApiRequest): Promise<ApiResponse> {
  const { from, to } = pair(state, req.params.fromObjectType, req.params.toObjectType);
  const inputs = batchInputs(readBody(req), MAX_BATCH_WRITE);
  await state.db.transaction(async (tx) => {
    for (const [i, input] of inputs.entries()) {
      const fromId = idOf(input.from, `inputs[${i}].from`);
      const targets = Array.isArray(input.to) ? (input.to as unknown[]) : [input.to];
      for (const target of targets) await removeLinks(tx, from.name, fromId, to.name, idOf(target, `inputs[${i}].to`));
    }
  });
  return { status: 204 };
}

function pair(state: HubspotState, fromType: string | undefined, toType: string | undefined): Pair {
  return { from: state.registry.objectType(fromType ?? ''), to: state.registry.objectType(toType ?? '') };
}

function idOf(value: unknown, where: string): string {
  const id = value !== null && typeof value === 'object' ? (value as { id?: unknown }).id : undefined;
  if ((typeof id === 'string' && id !== '') || typeof id === 'number') return String(id);
  throw validationError(`Invalid input JSON: ${where}.id is required`);
}

/** `[{toObjectId, associationTypes: [{category, typeId, label}]}]`, one entry per target record. */
function groupByTarget(links: readonly AssociationLink[]): { toObjectId: number | string; associationTypes: unknown[] }[] {
  const byTarget = new Map<string, unknown[]>();
  for (const link of links) {
    if (!byTarget.has(link.toId)) byTarget.set(link.toId, []);
    byTarget.get(link.toId)!.push({ category: link.category, typeId: link.typeId, label: link.label });
  }
  return [...byTarget].map(([toId, associationTypes]) => ({ toObjectId: numericId(toId), associationTypes }));
}

/** HubSpot sends association ids as JSON numbers. */
function numericId(id: string): number | string {
  return /^\d{1,15}$/.test(id) ? Number(id) : id;
}

function defaultLink(from: HsObjectSchema, fromId: string, to: HsObjectSchema, toId: string): AssociationLink {
  const type = defaultAssociationType(from.name, to.name);
  if (!type) throw validationError(`There is no default association from ${from.name} to ${to.name}.`);
  return { fromType: from.name, fromId, toType: to.name, toId, category: 'HUBSPOT_DEFINED', typeId: type.typeId, label: null };
}

function defaultResult(link: AssociationLink): unknown {
  return {
    from: { id: link.fromId }, to: { id: link.toId },
    associationSpec: { associationCategory: link.category, associationTypeId: link.typeId },
  };
}

function labelsBetween(from: HsObjectSchema, to: HsObjectSchema, fromId: string, toId: string, links: readonly AssociationLink[]): Record<string, unknown> {
  return {
    fromObjectTypeId: from.objectTypeId, fromObjectId: numericId(fromId),
    toObjectTypeId: to.objectTypeId, toObjectId: numericId(toId),
    labels: links.filter((l) => l.toId === toId && l.label !== null).map((l) => l.label),
  };
}

function noAssociations(from: HsObjectSchema, to: HsObjectSchema, id: string): BatchError {
  return {
    status: 'error', category: 'OBJECT_NOT_FOUND', subCategory: 'crm.associations.NO_ASSOCIATIONS_FOUND',
    message: `No ${singularName(to)} is associated with ${singularName(from)} ${id}.`,
    context: { fromObjectId: [id] }, errors: [], links: {},
  };
}

async function requireRecords(tx: SandboxTx, from: HsObjectSchema, fromIds: string[], to: HsObjectSchema, toIds: string[]): Promise<void> {
  for (const [schema, ids] of [[from, fromIds], [to, toIds]] as const) {
    const wanted = [...new Set(ids)];
    const found = await readByIds(tx, schema, wanted, []);
    const missing = wanted.filter((id) => !found.has(id));
    if (missing.length > 0) throw objectNotFound(`No ${schema.name} with id ${missing.join(', ')} exists to associate.`, { context: { ids: missing } });
  }
}
