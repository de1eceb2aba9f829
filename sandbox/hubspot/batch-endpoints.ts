import type { ApiRequest, ApiResponse } from '../http/api-types.ts';
import type { HsObjectSchema } from './hubspot-objects.ts';
import type { HubspotState } from './hubspot-state.ts';
import { propertyValuesError, type PropertyProblem } from './hubspot-errors.ts';
import { responseProperties } from './object-serializer.ts';
import { checkPropertyValues, type PropertyValues } from './property-values.ts';
import { loadWireObjects } from './record-reads.ts';
import { rejectDuplicates, resolveRecordIds, uniqueIdProperty } from './record-identity.ts';
import { archiveRecords, insertRecords, updateRecords, type NewRecord } from './record-writer.ts';
import { checkLinkTargets, parseInlineAssociations } from './association-inputs.ts';
import { batchResponse, notFoundError } from './batch-response.ts';
import { writtenProperties } from './basic-endpoints.ts';
import { booleanParam } from './query-params.ts';
import { batchInputs, optionalString, propertyNames, readBody, stringField, type JsonObject } from './request-body.ts';

export const MAX_BATCH_INPUTS = 100;

/** POST …/batch/read: `{inputs: [{id}], properties, idProperty}` → 200, or 207 listing ids not found. */
export async function batchRead(state: HubspotState, req: ApiRequest): Promise<ApiResponse> {
  const startedAt = new Date();
  const schema = state.registry.objectType(req.params.objectType ?? '');
  const body = readBody(req);
  const keys = batchInputs(body, MAX_BATCH_INPUTS).map((input, i) => stringField(input, 'id', `inputs[${i}]`));
  const idProperty = uniqueIdProperty(state, schema, optionalString(body, 'idProperty'));
  const archived = booleanParam(req.url, 'archived');
  const properties = responseProperties(state.registry, schema, [...propertyNames(body), ...(idProperty ? [idProperty] : [])]);
  const { results, missing } = await state.db.exclusive(async (tx) => {
    const ids = await resolveRecordIds(tx, schema, keys, idProperty, archived);
    const found = [...new Set(keys)].flatMap((key) => (ids.has(key) ? [ids.get(key)!] : []));
    return {
      results: await loadWireObjects(tx, schema, [...new Set(found)], properties, { archived }),
      missing: [...new Set(keys.filter((key) => !ids.has(key)))],
    };
  });
  return batchResponse(results, missing.length > 0 ? [notFoundError(schema, missing)] : [], startedAt, 200);
}

/** POST …/batch/create: every input valid or the whole batch is refused (400); 201 with the records. */
export async function batchCreate(state: HubspotState, req: ApiRequest): Promise<ApiResponse> {
  const startedAt = new Date();
  const schema = state.registry.objectType(req.params.objectType ?? '');
  const inputs = batchInputs(readBody(req), MAX_BATCH_INPUTS);
  const records: NewRecord[] = [];
  const problems: PropertyProblem[] = [];
  for (const input of inputs) {
    const checked = checkPropertyValues(state.registry, schema, input.properties);
    problems.push(...checked.problems);
    records.push({ values: checked.values, links: parseInlineAssociations(schema, input.associations, state.registry) });
  }
  if (problems.length > 0) throw propertyValuesError(problems);
  const results = await state.db.transaction(async (tx) => {
    await checkLinkTargets(tx, state.registry, records.flatMap((r) => r.links ?? []));
    const ids = await insertRecords(tx, state, schema, records, new Date());
    return loadWireObjects(tx, schema, ids, writtenProperties(state, schema, namesOf(records.map((r) => r.values))));
  });
  return batchResponse(results, [], startedAt, 201);
}

/** POST …/batch/update: `{inputs: [{id, properties, idProperty?}]}`; unknown ids are listed in a 207. */
export async function batchUpdate(state: HubspotState, req: ApiRequest): Promise<ApiResponse> {
  const startedAt = new Date();
  const { schema, keys, idProperty, values } = readKeyedBatch(state, req);
  const { results, missing } = await state.db.transaction(async (tx) => {
    const ids = await resolveRecordIds(tx, schema, keys, idProperty);
    const updates = keys.flatMap((key, i) => (ids.has(key) ? [{ id: ids.get(key)!, values: values[i]! }] : []));
    await updateRecords(tx, state, schema, updates, new Date());
    return {
      results: await loadWireObjects(tx, schema, updates.map((u) => u.id), writtenProperties(state, schema, namesOf(values))),
      missing: keys.filter((key) => !ids.has(key)),
    };
  });
  return batchResponse(results, missing.length > 0 ? [notFoundError(schema, missing)] : [], startedAt, 200);
}

/** POST …/batch/archive: `{inputs: [{id}]}` → 204, whether or not the ids exist (as HubSpot does). */
export async function batchArchive(state: HubspotState, req: ApiRequest): Promise<ApiResponse> {
  const schema = state.registry.objectType(req.params.objectType ?? '');
  const ids = batchInputs(readBody(req), MAX_BATCH_INPUTS).map((input, i) => stringField(input, 'id', `inputs[${i}]`));
  await state.db.transaction((tx) => archiveRecords(tx, state, schema, ids, new Date()));
  return { status: 204 };
}

/** A batch keyed by `id` (update, upsert): parsed, checked for duplicates and a usable idProperty, values validated. */
export function readKeyedBatch(state: HubspotState, req: ApiRequest): { schema: HsObjectSchema; keys: string[]; idProperty: string | undefined; values: PropertyValues[] } {
  const schema = state.registry.objectType(req.params.objectType ?? '');
  const inputs = batchInputs(readBody(req), MAX_BATCH_INPUTS);
  const keys = inputs.map((input, i) => stringField(input, 'id', `inputs[${i}]`));
  rejectDuplicates(keys);
  const idProperty = uniqueIdProperty(state, schema, sharedIdProperty(inputs));
  return { schema, keys, idProperty, values: checkAll(state, schema, inputs) };
}

/** Validates every input's properties; any problem refuses the whole batch, as HubSpot does. */
export function checkAll(state: HubspotState, schema: HsObjectSchema, inputs: readonly JsonObject[], allowReadOnly?: ReadonlySet<string>): PropertyValues[] {
  const problems: PropertyProblem[] = [];
  const values = inputs.map((input) => {
    const checked = checkPropertyValues(state.registry, schema, input.properties, allowReadOnly);
    problems.push(...checked.problems);
    return checked.values;
  });
  if (problems.length > 0) throw propertyValuesError(problems);
  return values;
}

/** The `idProperty` a batch of inputs uses (the first one given; HubSpot expects one per batch). */
export function sharedIdProperty(inputs: readonly JsonObject[]): string | undefined {
  for (const input of inputs) {
    const name = optionalString(input, 'idProperty');
    if (name !== undefined) return name;
  }
  return undefined;
}

export function namesOf(values: readonly PropertyValues[]): string[] {
  return [...new Set(values.flatMap((v) => Object.keys(v)))];
}
