import { randomUUID } from 'node:crypto';
import { ApiError, json, type ApiResponse } from '../http/api-types.ts';

/** HubSpot's error categories, as they appear in `category`. */
export type HsErrorCategory =
  | 'VALIDATION_ERROR'
  | 'INVALID_AUTHENTICATION'
  | 'OBJECT_NOT_FOUND'
  | 'OBJECT_ALREADY_EXISTS'
  | 'CONFLICT'
  | 'INTERNAL_ERROR';

/** One entry of the JSON list HubSpot embeds in "Property values were not valid: [...]". */
export interface PropertyProblem {
  isValid: false;
  message: string;
  error: string;
  name: string;
  localizedErrorMessage: string;
}

/** The standard HubSpot error body: `{status, message, correlationId, category, ...}`. */
export function hsErrorBody(category: HsErrorCategory, message: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { status: 'error', message, correlationId: randomUUID(), category, ...extra };
}

export function hsErrorResponse(status: number, category: HsErrorCategory, message: string, extra: Record<string, unknown> = {}): ApiResponse {
  return json(status, hsErrorBody(category, message, extra));
}

export function hsError(status: number, category: HsErrorCategory, message: string, extra: Record<string, unknown> = {}): ApiError {
  return new ApiError(hsErrorResponse(status, category, message, extra), message);
}

export function validationError(message: string, extra: Record<string, unknown> = {}): ApiError {
  return hsError(400, 'VALIDATION_ERROR', message, extra);
}

export function objectNotFound(message: string, extra: Record<string, unknown> = {}): ApiError {
  return hsError(404, 'OBJECT_NOT_FOUND', message, extra);
}

export function propertyProblem(name: string, error: string, message: string): PropertyProblem {
  return { isValid: false, message, error, name, localizedErrorMessage: message };
}

/** The whole-request 400 HubSpot answers when any property value of any input is invalid. */
export function propertyValuesError(problems: readonly PropertyProblem[]): ApiError {
  return validationError(`Property values were not valid: ${JSON.stringify(problems)}`, {
    errors: problems.map((p) => ({ message: p.message, code: p.error, context: { propertyName: [p.name] } })),
  });
}

export function malformedJson(message: string): ApiResponse {
  return hsErrorResponse(400, 'VALIDATION_ERROR', `Invalid input JSON: ${message}`);
}
