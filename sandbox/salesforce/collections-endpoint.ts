import { json, type ApiResponse } from '../http/api-types.ts';
import type { SfContext, SfRequest } from './salesforce-context.ts';
import type { OrgObject } from './org-schema.ts';
import { notFoundResponse, recordError, sfError } from './salesforce-errors.ts';
import { isPlainObject, parseBody, recordType, recordValues } from './json-records.ts';
import { writeRecords, type WriteItem, type WriteOperation, type WriteRequest, type WriteResult } from './record-writer.ts';
import { retrieveRecords } from './record-reader.ts';

const MAX_RECORDS = 200;

interface CollectionBody {
  allOrNone: boolean;
  records: Record<string, unknown>[];
}

/** `POST …/composite/sobjects`: create up to 200 records (several types allowed, in consecutive runs). */
export async function createCollection(req: SfRequest, ctx: SfContext): Promise<ApiResponse> {
  const body = collectionBody(req);
  const groups = groupByType(ctx, body.records, 'insert', req, (object, record) => {
    const { values, id } = recordValues(object, record);
    return id === undefined ? { values } : { values, error: recordError('INVALID_FIELD', 'cannot specify Id in an insert call', ['Id']) };
  });
  return json(200, await writeRecords(ctx, groups, body.allOrNone));
}

/** `PATCH …/composite/sobjects`: update records named by their lower-case `id`. */
export async function updateCollection(req: SfRequest, ctx: SfContext): Promise<ApiResponse> {
  const body = collectionBody(req);
  const groups = groupByType(ctx, body.records, 'update', req, (object, record) => {
    const { values, id } = recordValues(object, record);
    return id === undefined ? { values } : { values, id };
  });
  return json(200, await writeRecords(ctx, groups, body.allOrNone));
}

/** `PATCH …/composite/sobjects/<Object>/<ExternalIdField>`: upsert; results carry `created`. */
export async function upsertCollection(req: SfRequest, ctx: SfContext): Promise<ApiResponse> {
  const object = ctx.org.object(req.params.object ?? '');
  if (!object) throw sfError(404, 'NOT_FOUND', `The requested resource does not exist`);
  const matchField = object.field(req.params.field ?? '');
  if (!matchField) return notFoundResponse();
  if (matchField.name !== 'Id' && !matchField.externalId) {
    throw sfError(400, 'INVALID_FIELD', `Field name provided, ${matchField.name} is not an External ID or indexed field for ${object.name}`);
  }
  const body = collectionBody(req);
  const items = body.records.map((record): WriteItem => {
    const type = recordType(record);
    if (type !== undefined && type.toLowerCase() !== object.name.toLowerCase()) {
      throw sfError(400, 'INVALID_TYPE', `Record of type ${type} does not match the upsert object ${object.name}`);
    }
    const { values, id } = recordValues(object, record);
    return id === undefined ? { values } : { values, id };
  });
  const request: WriteRequest = { object, operation: 'upsert', items, matchField, userId: req.session.userId };
  return json(200, await writeRecords(ctx, [request], body.allOrNone));
}

/** `DELETE …/composite/sobjects?ids=…[&allOrNone=true]`: soft delete to the Recycle Bin. */
export async function deleteCollection(req: SfRequest, ctx: SfContext): Promise<ApiResponse> {
  const ids = (req.url.searchParams.get('ids') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (ids.length === 0) throw sfError(400, 'MISSING_ARGUMENT', 'ids parameter is required: ?ids=<id>,<id>');
  if (ids.length > MAX_RECORDS) throw exceededLimit();
  const allOrNone = req.url.searchParams.get('allOrNone') === 'true';
  const groups: WriteRequest[] = [];
  const results: (WriteResult | number)[] = [];
  for (const id of ids) {
    const object = ctx.org.objectForId(id);
    if (!object) {
      results.push({ success: false, errors: [recordError('MALFORMED_ID', `malformed id ${id}`, [])] });
      continue;
    }
    let group = groups.at(-1);
    if (!group || group.object !== object) {
      group = { object, operation: 'delete', items: [], userId: req.session.userId };
      groups.push(group);
    }
    group.items.push({ values: {}, id });
    results.push(groups.length - 1);
  }
  if (allOrNone && results.some((r) => typeof r !== 'number')) groups.forEach((g) => g.items.forEach((i) => (i.error = rollback())));
  const written = await writeRecords(ctx, groups, allOrNone);
  let next = 0;
  return json(200, results.map((r) => (typeof r === 'number' ? written[next++]! : r)));
}

/** `POST …/composite/sobjects/<Object>` with `{ids, fields}`: the records in id order (null when missing). */
export async function retrieveCollection(req: SfRequest, ctx: SfContext): Promise<ApiResponse> {
  const object = ctx.org.object(req.params.object ?? '');
  if (!object) return notFoundResponse();
  const body = parseBody<{ ids?: unknown; fields?: unknown }>(req);
  const ids = Array.isArray(body.ids) ? body.ids.map(String) : [];
  const fields = Array.isArray(body.fields) ? body.fields.map(String) : [];
  if (ids.length === 0 || fields.length === 0) throw sfError(400, 'MISSING_ARGUMENT', 'Both ids and fields are required');
  if (ids.length > 2000) throw exceededLimit();
  const found = await retrieveRecords(ctx, object, ids, fields, req.apiVersion);
  return { status: 200, headers: { 'content-type': 'application/json;charset=UTF-8' }, body: `[${ids.map((id) => found.get(id) ?? 'null').join(',')}]` };
}

function collectionBody(req: SfRequest): CollectionBody {
  const body = parseBody<unknown>(req);
  if (!isPlainObject(body) || !Array.isArray(body.records) || !body.records.every(isPlainObject)) {
    throw sfError(400, 'JSON_PARSER_ERROR', 'Expected a JSON object {"allOrNone": boolean, "records": [ {...}, ... ]}');
  }
  if (body.records.length > MAX_RECORDS) throw exceededLimit();
  return { allOrNone: body.allOrNone === true, records: body.records };
}

function exceededLimit(): Error {
  return sfError(400, 'EXCEEDED_ID_LIMIT', 'record limit reached. cannot submit more than 200 records into this call');
}

function rollback(): ReturnType<typeof recordError> {
  return recordError('ALL_OR_NONE_OPERATION_ROLLED_BACK', 'Record rolled back because not all records were valid and the request was using AllOrNone header');
}

/** Consecutive records of one type form one group (Salesforce processes them in such chunks). */
function groupByType(
  ctx: SfContext,
  records: Record<string, unknown>[],
  operation: WriteOperation,
  req: SfRequest,
  toItem: (object: OrgObject, record: Record<string, unknown>) => WriteItem,
): WriteRequest[] {
  const groups: WriteRequest[] = [];
  for (const record of records) {
    const type = recordType(record);
    if (!type) throw sfError(400, 'INVALID_TYPE', 'Must send a concrete entity type: every record needs attributes.type');
    const object = ctx.org.object(type);
    if (!object) throw sfError(400, 'INVALID_TYPE', `sObject type '${type}' is not supported.`);
    let group = groups.at(-1);
    if (!group || group.object !== object) {
      group = { object, operation, items: [], userId: req.session.userId };
      groups.push(group);
    }
    group.items.push(toItem(object, record));
  }
  if (groups.length > 10) throw sfError(400, 'INVALID_BATCH_SIZE', 'Too many chunks: a request may hold at most 10 runs of consecutive records of one type');
  return groups;
}
