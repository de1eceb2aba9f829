import type { ApiRequest, ApiResponse } from '../http/api-types.ts';
import type { HubspotState } from './hubspot-state.ts';
import { loadWireObjects } from './record-reads.ts';
import { resolveRecordIds } from './record-identity.ts';
import { insertRecords, updateRecords } from './record-writer.ts';
import { batchResponse, notFoundError } from './batch-response.ts';
import { writtenProperties } from './basic-endpoints.ts';
import { namesOf, readKeyedBatch } from './batch-endpoints.ts';

/**
 * POST …/batch/upsert: `{inputs: [{idProperty, id, properties}]}`. `idProperty` must have unique
 * values (company `domain` does not: 400). Records found by it are updated, the others created
 * with it set; each result carries `new`. Without `idProperty` the ids are record ids and unknown
 * ones are listed as not found.
 */
export async function batchUpsert(state: HubspotState, req: ApiRequest): Promise<ApiResponse> {
  const startedAt = new Date();
  const { schema, keys, idProperty, values } = readKeyedBatch(state, req);
  const { results, missing } = await state.db.transaction(async (tx) => {
    const now = new Date();
    const ids = await resolveRecordIds(tx, schema, keys, idProperty);
    const updates = keys.flatMap((key, i) => (ids.has(key) ? [{ id: ids.get(key)!, values: values[i]! }] : []));
    const toCreate = idProperty === undefined ? [] : keys.flatMap((key, i) => (ids.has(key) ? [] : [{ values: { ...values[i]!, [idProperty]: key } }]));
    await updateRecords(tx, state, schema, updates, now);
    const created = await insertRecords(tx, state, schema, toCreate, now);
    const names = writtenProperties(state, schema, [...namesOf(values), ...(idProperty ? [idProperty] : [])]);
    const updated = await loadWireObjects(tx, schema, updates.map((u) => u.id), names);
    const fresh = await loadWireObjects(tx, schema, created, names);
    return {
      results: [...updated.map((o) => ({ ...o, new: false })), ...fresh.map((o) => ({ ...o, new: true }))],
      missing: idProperty === undefined ? keys.filter((key) => !ids.has(key)) : [],
    };
  });
  return batchResponse(results, missing.length > 0 ? [notFoundError(schema, missing)] : [], startedAt, 200);
}
