import { ApiError, json, type ApiResponse } from '../http/api-types.ts';

/** One entry of Salesforce's REST error body (always sent as a JSON array). */
export interface SfErrorEntry {
  message: string;
  errorCode: string;
  fields?: string[];
}

/** The REST error answer: `[{message, errorCode[, fields]}]`. */
export function sfErrorResponse(status: number, errorCode: string, message: string, fields?: string[]): ApiResponse {
  const entry: SfErrorEntry = fields ? { message, errorCode, fields } : { message, errorCode };
  return json(status, [entry]);
}

/** An error to throw from a handler; `handle` turns it into the response. */
export function sfError(status: number, errorCode: string, message: string, fields?: string[]): ApiError {
  return new ApiError(sfErrorResponse(status, errorCode, message, fields), `${errorCode}: ${message}`);
}

export function notFoundResponse(): ApiResponse {
  return sfErrorResponse(404, 'NOT_FOUND', 'The requested resource does not exist');
}

export function invalidSessionResponse(): ApiResponse {
  return sfErrorResponse(401, 'INVALID_SESSION_ID', 'Session expired or invalid');
}

export function jsonParserError(message: string): ApiError {
  return sfError(400, 'JSON_PARSER_ERROR', message);
}

/** A per-record error inside a collections / single-record result (`statusCode`, not `errorCode`). */
export interface RecordError {
  statusCode: string;
  message: string;
  fields: string[];
}

export function recordError(statusCode: string, message: string, fields: string[] = []): RecordError {
  return { statusCode, message, fields };
}
