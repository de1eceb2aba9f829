import { bodyJson, type ApiRequest } from '../http/api-types.ts';
import { malformedJson, validationError } from './hubspot-errors.ts';

export type JsonObject = Record<string, unknown>;

/** The request body as a JSON object, or HubSpot's 400. */
export function readBody(req: ApiRequest): JsonObject {
  if (req.body.length === 0) throw validationError('Invalid input JSON: the request has no body');
  const body = bodyJson<unknown>(req, malformedJson);
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw validationError('Invalid input JSON: expected a JSON object');
  return body as JsonObject;
}

/** `inputs` of a batch request: an array of objects, at most `max` of them. */
export function batchInputs(body: JsonObject, max: number): JsonObject[] {
  const inputs = body.inputs;
  if (!Array.isArray(inputs)) throw validationError('Invalid input JSON: "inputs" must be an array');
  if (inputs.length > max) {
    throw validationError(`Too many inputs: a batch takes at most ${max} inputs, this one has ${inputs.length}. Split it into batches of ${max}.`, {
      context: { inputs: [String(inputs.length)] },
    });
  }
  return inputs.map((input, i) => {
    if (input === null || typeof input !== 'object' || Array.isArray(input)) throw validationError(`Invalid input JSON: inputs[${i}] must be an object`);
    return input as JsonObject;
  });
}

/** A string-ish field (HubSpot accepts ids as JSON numbers too). */
export function stringField(input: JsonObject, name: string, where: string): string {
  const value = input[name];
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw validationError(`Invalid input JSON: ${where}.${name} is required and must be a string`);
}

export function optionalString(input: JsonObject, name: string): string | undefined {
  const value = input[name];
  if (value === undefined || value === null || value === '') return undefined;
  return String(value);
}

/** `properties` of a request body as a list of names. */
export function propertyNames(body: JsonObject, name = 'properties'): string[] {
  const value = body[name];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw validationError(`Invalid input JSON: "${name}" must be an array of property names`);
  return value.map(String);
}
