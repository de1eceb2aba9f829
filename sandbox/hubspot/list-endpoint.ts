import { json, type ApiRequest, type ApiResponse } from '../http/api-types.ts';
import type { HubspotState } from './hubspot-state.ts';
import { responseProperties, toWireObject } from './object-serializer.ts';
import { readPage } from './record-store.ts';
import { associationTargets, attachAssociations } from './record-reads.ts';
import { booleanParam, limitParam, listParam } from './query-params.ts';

const DEFAULT_LIMIT = 10;
const MAX_LIMIT = 100;

/**
 * GET /crm/v3/objects/{type}: one page in id order by keyset (one SQL per page). The cursor is
 * the last id of the page; `paging` is omitted on the last page. `archived=true` lists only
 * archived records.
 */
export async function listRecords(state: HubspotState, req: ApiRequest): Promise<ApiResponse> {
  const schema = state.registry.objectType(req.params.objectType ?? '');
  const url = req.url;
  const limit = limitParam(url, 'limit', DEFAULT_LIMIT, MAX_LIMIT);
  const after = url.searchParams.get('after') || undefined;
  const properties = responseProperties(state.registry, schema, listParam(url, 'properties'));
  const archived = booleanParam(url, 'archived');
  const targets = associationTargets(state, url);
  const { results, more } = await state.db.exclusive(async (tx) => {
    const rows = await readPage(tx, schema, { after, limit, archived, properties });
    const page = rows.slice(0, limit).map((row) => toWireObject(row, properties));
    await attachAssociations(tx, schema, page, targets);
    return { results: page, more: rows.length > limit };
  });
  const last = results.at(-1);
  if (!more || !last) return json(200, { results });
  return json(200, { results, paging: { next: { after: last.id, link: nextLink(url, last.id) } } });
}

function nextLink(url: URL, after: string): string {
  const next = new URL(url.href);
  next.searchParams.set('after', after);
  return next.href;
}
