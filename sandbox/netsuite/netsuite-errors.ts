import { ApiError, type ApiResponse } from '../http/api-types.ts';

/** NetSuite REST error bodies: RFC 9457 problem details with Oracle's `o:errorDetails`. */
export const ERROR_CONTENT_TYPE = 'application/vnd.oracle.resource+json; type=error; charset=UTF-8';

const STATUS_TYPES: Record<number, { type: string; title: string }> = {
  400: { type: 'https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.1', title: 'Bad Request' },
  401: { type: 'https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.2', title: 'Unauthorized' },
  403: { type: 'https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.4', title: 'Forbidden' },
  404: { type: 'https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.5', title: 'Not Found' },
  405: { type: 'https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.6', title: 'Method Not Allowed' },
  429: { type: 'https://www.rfc-editor.org/rfc/rfc6585.html#section-4', title: 'Too Many Requests' },
  500: { type: 'https://www.rfc-editor.org/rfc/rfc9110.html#section-15.6.1', title: 'Internal Server Error' },
  503: { type: 'https://www.rfc-editor.org/rfc/rfc9110.html#section-15.6.4', title: 'Service Unavailable' },
};

/** Optional pointers NetSuite adds to an error detail. */
export interface ErrorPointers {
  'o:errorPath'?: string;
  'o:urlPath'?: string;
  'o:errorHeader'?: string;
  'o:errorQueryParam'?: string;
}

export function nsErrorResponse(
  status: number,
  code: string,
  detail: string,
  pointers: ErrorPointers = {},
  headers: Record<string, string> = {},
): ApiResponse {
  const meta = STATUS_TYPES[status] ?? { type: 'https://www.rfc-editor.org/rfc/rfc9110.html', title: 'Error' };
  return {
    status,
    headers: { 'content-type': ERROR_CONTENT_TYPE, ...headers },
    body: { type: meta.type, title: meta.title, status, 'o:errorDetails': [{ detail, 'o:errorCode': code, ...pointers }] },
  };
}

/** Throws a NetSuite-format error answer (the handler's caller sends it as is). */
export function nsFail(status: number, code: string, detail: string, pointers: ErrorPointers = {}): never {
  throw new ApiError(nsErrorResponse(status, code, detail, pointers), `${status} ${code}: ${detail}`);
}

export const INVALID_LOGIN_DETAIL =
  'Invalid login attempt. For more details, see the Login Audit Trail in the NetSuite UI at Setup > Users/Roles > User Management > View Login Audit Trail.';

export function invalidLogin(realm: string): ApiResponse {
  return nsErrorResponse(401, 'INVALID_LOGIN', INVALID_LOGIN_DETAIL, {}, {
    'www-authenticate': `OAuth realm="${realm}", error="token_rejected", error_description="Invalid login attempt."`,
  });
}

export function tooManyRequestsResponse(): ApiResponse {
  return nsErrorResponse(429, 'CONCURRENCY_LIMIT_EXCEEDED', 'Concurrent request limit exceeded. Request blocked.');
}

export function serviceUnavailableResponse(): ApiResponse {
  return nsErrorResponse(503, 'SERVICE_UNAVAILABLE', 'The service is temporarily unavailable. Try the request again later.');
}

export function unexpectedErrorResponse(): ApiResponse {
  const errorId = Math.random().toString(36).slice(2, 14);
  return nsErrorResponse(500, 'UNEXPECTED_ERROR', `An unexpected error occurred. Error ID: ${errorId}`);
}

export const SEARCH_ERROR_PREFIX = 'Invalid search query. Detailed unprocessed description follows. Search error occurred: ';

/** A SuiteQL query NetSuite refuses: 400 INVALID_PARAMETER pointing at the `q` body field. */
export function invalidQuery(description: string): never {
  return nsFail(400, 'INVALID_PARAMETER', SEARCH_ERROR_PREFIX + description, { 'o:errorQueryParam': 'q' });
}

export function nonexistentId(urlPath: string): never {
  return nsFail(404, 'NONEXISTENT_ID', 'The record instance does not exist. Provide a valid record instance ID.', { 'o:urlPath': urlPath });
}
