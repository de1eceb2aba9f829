import { ApiError, json, type ApiResponse } from '../http/api-types.ts';
import { JSON_CONTENT_TYPE, type SfContext, type SfRequest } from './salesforce-context.ts';
import type { OrgObject } from './org-schema.ts';
import { notFoundResponse, sfError } from './salesforce-errors.ts';
import { isPlainObject, parseBody, recordValues } from './json-records.ts';
import { writeRecords, type WriteItem, type WriteOperation, type WriteResult } from './record-writer.ts';
import type { SfFieldSpec } from './salesforce-objects.ts';
import { allFieldNames, retrieveRecords } from './record-reader.ts';
import { fromJson } from './field-values.ts';

/** `GET …/sobjects/<Object>/<id>[?fields=a,b]`. */
export async function getRecord(req: SfRequest, ctx: SfContext): Promise<ApiResponse> {
  const object = objectOf(req, ctx);
  const fieldsParam = req.url.searchParams.get('fields');
  const fields = fieldsParam ? fieldsParam.split(',').map((f) => f.trim()).filter(Boolean) : allFieldNames(object);
  const id = req.params.id ?? '';
  const found = await retrieveRecords(ctx, object, [id], fields, req.apiVersion);
  const text = found.get(id);
  if (!text) return notFoundResponse();
  return { status: 200, headers: { 'content-type': JSON_CONTENT_TYPE }, body: text };
}

/** `POST …/sobjects/<Object>`: 201 `{id, success, errors}`, or 400 with the record's error. */
export async function createRecord(req: SfRequest, ctx: SfContext): Promise<ApiResponse> {
  const object = objectOf(req, ctx);
  const { values } = recordValues(object, bodyRecord(req));
  const result = await writeOne(req, ctx, object, 'insert', { values });
  return json(201, result);
}

/** `PATCH …/sobjects/<Object>/<id>`: 204 No Content. */
export async function updateRecord(req: SfRequest, ctx: SfContext): Promise<ApiResponse> {
  const object = objectOf(req, ctx);
  const { values } = recordValues(object, bodyRecord(req));
  await writeOne(req, ctx, object, 'update', { values, id: req.params.id ?? '' });
  return { status: 204 };
}

/** `DELETE …/sobjects/<Object>/<id>`: 204 No Content. */
export async function deleteRecord(req: SfRequest, ctx: SfContext): Promise<ApiResponse> {
  const object = objectOf(req, ctx);
  await writeOne(req, ctx, object, 'delete', { values: {}, id: req.params.id ?? '' });
  return { status: 204 };
}

/** `PATCH …/sobjects/<Object>/<ExtIdField>/<value>`: 201 created, 200 `{created:false}` updated, 300 several matches. */
export async function upsertRecord(req: SfRequest, ctx: SfContext): Promise<ApiResponse> {
  const object = objectOf(req, ctx);
  const matchField = externalIdField(object, req.params.field ?? '');
  const { values } = recordValues(object, bodyRecord(req));
  const key = req.params.value ?? '';
  const item = matchField.name === 'Id' ? { values, id: key } : { values: { ...values, [matchField.name]: fromJson(matchField, key) } };
  const [result] = await writeRecords(ctx, [{ object, operation: 'upsert', items: [item], matchField, userId: req.session.userId }], false);
  if (!result!.success) throw failure(result!, { version: req.apiVersion, object: object.name });
  return json(result!.created ? 201 : 200, result!);
}

function externalIdField(object: OrgObject, name: string): SfFieldSpec {
  const field = object.field(name);
  if (!field || (field.name !== 'Id' && !field.externalId)) {
    throw sfError(404, 'NOT_FOUND', `Provided external ID field does not exist or is not accessible: ${name}`);
  }
  return field;
}

async function writeOne(
  req: SfRequest,
  ctx: SfContext,
  object: OrgObject,
  operation: WriteOperation,
  item: WriteItem,
): Promise<WriteResult> {
  const [result] = await writeRecords(ctx, [{ object, operation, items: [item], userId: req.session.userId }], false);
  if (!result!.success) throw failure(result!);
  return result!;
}

/** A failed single-record write: 404 for an id that names nothing, 300 for several upsert matches, else 400. */
function failure(result: WriteResult, upsert?: { version: string; object: string }): Error {
  const error = result.errors[0]!;
  if (error.statusCode === 'MALFORMED_ID' || error.statusCode === 'INVALID_CROSS_REFERENCE_KEY') {
    return sfError(404, 'NOT_FOUND', 'The requested resource does not exist');
  }
  if (error.statusCode === 'ENTITY_IS_DELETED') return sfError(404, 'ENTITY_IS_DELETED', 'entity is deleted');
  const several = /more than one record found for external id field: \[(.*)\]/.exec(error.message);
  if (error.statusCode === 'DUPLICATE_EXTERNAL_ID' && upsert && several) {
    const urls = several[1]!.split(', ').map((id) => `/services/data/v${upsert.version}/sobjects/${upsert.object}/${id}`);
    return new ApiError(json(300, urls));
  }
  return sfError(400, error.statusCode, error.message, error.fields);
}

function bodyRecord(req: SfRequest): Record<string, unknown> {
  const body = parseBody<unknown>(req);
  if (!isPlainObject(body)) throw sfError(400, 'JSON_PARSER_ERROR', 'Expected a JSON object of field values');
  return body;
}

function objectOf(req: SfRequest, ctx: SfContext): OrgObject {
  const object = ctx.org.object(req.params.object ?? '');
  if (!object) throw sfError(404, 'NOT_FOUND', 'The requested resource does not exist');
  return object;
}
