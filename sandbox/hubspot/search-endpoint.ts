import { json, type ApiRequest, type ApiResponse } from '../http/api-types.ts';
import { tableName } from '../dataset/dataset-schema.ts';
import type { SqlParam } from '../store/sandbox-db.ts';
import type { HubspotState } from './hubspot-state.ts';
import { validationError } from './hubspot-errors.ts';
import { SEARCHABLE_PROPERTIES } from './object-types.ts';
import { responseProperties, toWireObject } from './object-serializer.ts';
import { inValues, jsonList, selectList } from './record-store.ts';
import { compileFilterGroups, compileQuery, compileSort, type PropertyLookup } from './search-filter-compiler.ts';
import { propertyNames, readBody, type JsonObject } from './request-body.ts';

const DEFAULT_LIMIT = 10;
const MAX_LIMIT = 200;
/** HubSpot's search never pages past this many results. */
export const MAX_SEARCH_RESULTS = 10_000;

/**
 * POST /crm/v3/objects/{type}/search: filters, one sort, free-text query, offset paging
 * (`after` is a stringified offset) and `total`. Archived records and records written less than
 * `searchLagMs` ago are not found. Paging past 10,000 results is a 400, as on HubSpot.
 */
export async function searchRecords(state: HubspotState, req: ApiRequest): Promise<ApiResponse> {
  const schema = state.registry.objectType(req.params.objectType ?? '');
  const body = req.body.length === 0 ? {} : readBody(req);
  const limit = searchLimit(body.limit);
  const offset = searchOffset(body.after, limit);
  const lookup: PropertyLookup = (name) => state.registry.property(schema.name, name);
  const filters = compileFilterGroups(body.filterGroups, lookup);
  const query = compileQuery(body.query, SEARCHABLE_PROPERTIES[schema.name] ?? [], lookup);
  const order = compileSort(body.sorts, lookup);
  const properties = responseProperties(state.registry, schema, propertyNames(body));
  const hidden = state.searchIndex.hiddenIds(schema.name);
  const where = [
    'coalesce(archived, false) = false', filters.sql, query.sql,
    ...(hidden.length > 0 ? [`NOT ${inValues('id')}`] : []),
  ].join(' AND ');
  const params: SqlParam[] = [...filters.params, ...query.params, ...(hidden.length > 0 ? [jsonList(hidden)] : [])];
  const { total, rows } = await state.db.exclusive(async (tx) => {
    const counted = await tx.all<{ n: bigint }>(`SELECT count(*) AS n FROM ${tableName(schema)} WHERE ${where}`, params);
    const page = await tx.all(
      `SELECT ${selectList(properties)} FROM ${tableName(schema)}
        WHERE rowid IN (SELECT rowid FROM ${tableName(schema)} WHERE ${where} ORDER BY ${order} LIMIT ${limit} OFFSET ${offset})
        ORDER BY ${order}`,
      params,
    );
    return { total: Number(counted[0]?.n ?? 0), rows: page };
  });
  const response: JsonObject = { total, results: rows.map((row) => toWireObject(row, properties)) };
  if (offset + limit < total) response.paging = { next: { after: String(offset + limit) } };
  return json(200, response);
}

function searchLimit(raw: unknown): number {
  if (raw === undefined || raw === null) return DEFAULT_LIMIT;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw validationError(`Invalid search limit ${JSON.stringify(raw)}: it must be an integer from 1 to ${MAX_LIMIT}.`);
  }
  return limit;
}

function searchOffset(raw: unknown, limit: number): number {
  if (raw === undefined || raw === null || raw === '') return 0;
  const offset = Number(raw);
  if (!Number.isInteger(offset) || offset < 0) throw validationError(`Invalid search cursor "after": ${JSON.stringify(raw)} is not an offset.`);
  if (offset >= MAX_SEARCH_RESULTS || offset + limit > MAX_SEARCH_RESULTS) {
    throw validationError(
      `Cannot page beyond ${MAX_SEARCH_RESULTS} search results (after=${offset}, limit=${limit}). Narrow the filters, e.g. by hs_lastmodifieddate ranges.`,
      { context: { after: [String(offset)], limit: [String(limit)] } },
    );
  }
  return offset;
}
