import { bodyJson, type ApiRequest } from '../http/api-types.ts';
import type { OrgObject } from './org-schema.ts';
import { FieldValueError, fromJson } from './field-values.ts';
import { jsonParserError, sfError, sfErrorResponse } from './salesforce-errors.ts';
import type { RecordValues } from './validation-rules.ts';

/** A JSON request body, or 400 JSON_PARSER_ERROR. */
export function parseBody<T>(req: ApiRequest): T {
  return bodyJson<T>(req, (message) => sfErrorResponse(400, 'JSON_PARSER_ERROR', message));
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * A JSON sObject → field values under their canonical names. Like Salesforce's deserializer, the whole
 * request fails on an unknown field (400 INVALID_FIELD) or a value of the wrong JSON type
 * (400 JSON_PARSER_ERROR). `attributes` and jsforce's `type` key are not fields; `id`/`Id` is returned apart.
 */
export function recordValues(object: OrgObject, record: Record<string, unknown>): { values: RecordValues; id?: string } {
  const values: RecordValues = {};
  let id: string | undefined;
  for (const [key, raw] of Object.entries(record)) {
    if (key === 'attributes' || key === 'type') continue;
    if (key.toLowerCase() === 'id') {
      if (raw !== null && raw !== undefined && raw !== '') id = String(raw);
      continue;
    }
    const field = object.field(key);
    if (!field) {
      if (isPlainObject(raw) && object.relationship(key)) {
        throw sfError(400, 'INVALID_FIELD', `Setting the relationship '${key}' by external id is not supported by the closeloop sandbox; set ${object.relationship(key)!.name} to the record id instead`);
      }
      throw sfError(400, 'INVALID_FIELD', `No such column '${key}' on sobject of type ${object.name}`);
    }
    try {
      values[field.name] = fromJson(field, raw);
    } catch (error) {
      if (error instanceof FieldValueError) throw jsonParserError(`${error.message} (field ${field.name} of ${object.name})`);
      throw error;
    }
  }
  return id === undefined ? { values } : { values, id };
}

/** The sObject type of a collection record (`attributes.type`). */
export function recordType(record: Record<string, unknown>): string | undefined {
  const attributes = record.attributes;
  return isPlainObject(attributes) && typeof attributes.type === 'string' ? attributes.type : undefined;
}
