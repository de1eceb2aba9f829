import { redactText } from '../../ops/secret-redaction.ts';

/**
 * Reads what went wrong from the error shapes of the three official clients, so the API caller can
 * decide whether to retry without knowing which client threw:
 * - jsforce `HttpApiError`: `name`/`errorCode` is the Salesforce error code (`ERROR_HTTP_<status>` when the
 *   body had none, OAuth errors like `request_limit_exceeded` on the token endpoint); no status, no headers.
 * - @hubspot/api-client `ApiException`: `code` (HTTP status), `body` (parsed), `headers`.
 * - got `HTTPError` (netsuite-rest): `response.statusCode`, `response.headers`, `response.body` (text).
 * - network failures: Node/undici errors with a `code` (ECONNRESET, …) on the error or its `cause`.
 */
export interface ClientFailure {
  /** HTTP status when a response arrived (or the client's error code implies one). */
  status: number | undefined;
  /** The client's or the API's error code (ECONNRESET, REQUEST_LIMIT_EXCEEDED, CONCURRENCY_LIMIT_EXCEEDED, …). */
  code: string | undefined;
  /** Wait the server asked for, from a Retry-After header. */
  retryAfterMs: number | undefined;
  /** True when the system says its DAILY allowance is used up (retrying today is pointless). */
  dailyLimit: boolean;
  /** One line for logs and meta.api_calls.error. */
  message: string;
}

const RETRIABLE_STATUS = new Set([408, 429, 500, 502, 503, 504]);
const NETWORK_CODES = new Set(['ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ESOCKETTIMEDOUT', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'ECONNABORTED']);
const NETWORK_TEXT = /ECONNRESET|ETIMEDOUT|socket hang up|fetch failed|other side closed|EPIPE|network socket disconnected/i;

/** Salesforce error codes that stand for an HTTP status (jsforce does not expose the status itself). */
const SALESFORCE_CODE_STATUS: Record<string, number> = {
  SERVER_UNAVAILABLE: 503,
  server_unavailable: 503,
  request_limit_exceeded: 429,
  INVALID_SESSION_ID: 401,
  NOT_FOUND: 404,
  MALFORMED_QUERY: 400,
  INVALID_FIELD: 400,
  INVALID_TYPE: 400,
  INSUFFICIENT_ACCESS: 403,
};

export function isRetriable(failure: ClientFailure): boolean {
  if (failure.dailyLimit) return false;
  if (failure.status !== undefined) return RETRIABLE_STATUS.has(failure.status);
  if (failure.code !== undefined && NETWORK_CODES.has(failure.code)) return true;
  return NETWORK_TEXT.test(failure.message);
}

export function readClientError(error: unknown, now: number = Date.now()): ClientFailure {
  const e = asRecord(error);
  const message = errorMessage(error);
  const response = asRecord(e.response);
  if (typeof response.statusCode === 'number') return fromGot(response, message, now);
  if (typeof e.code === 'number') return fromHubspot(e, now);
  const errorCode = typeof e.errorCode === 'string' ? e.errorCode : undefined;
  if (errorCode !== undefined || /^[A-Za-z_]+$/.test(String(e.name)) && SALESFORCE_CODE_STATUS[String(e.name)] !== undefined) {
    return fromJsforce(errorCode ?? String(e.name), message);
  }
  // A connector's own error that explains a client error: judge it by the client error inside.
  if (e.cause instanceof Error || asRecord(e.cause).response !== undefined) {
    const inner = readClientError(e.cause, now);
    if (inner.status !== undefined || inner.dailyLimit) return { ...inner, message: oneLine(message) };
  }
  return { status: undefined, code: networkCode(e), retryAfterMs: undefined, dailyLimit: false, message: oneLine(message) };
}

function fromGot(response: Record<string, unknown>, message: string, now: number): ClientFailure {
  const status = response.statusCode as number;
  const body = typeof response.body === 'string' ? response.body : '';
  const detail = netsuiteDetail(body);
  return {
    status,
    code: detail.code,
    retryAfterMs: parseRetryAfter(headerValue(response.headers, 'retry-after'), now),
    dailyLimit: false,
    message: oneLine(`HTTP ${status}${detail.code ? ` ${detail.code}` : ''}: ${detail.text ?? message}`),
  };
}

function fromHubspot(e: Record<string, unknown>, now: number): ClientFailure {
  const status = e.code as number;
  const body = asRecord(typeof e.body === 'string' ? safeJson(e.body) : e.body);
  const text = typeof body.message === 'string' ? body.message : errorMessage(e);
  const category = typeof body.category === 'string' ? body.category : typeof body.errorType === 'string' ? body.errorType : undefined;
  return {
    status,
    code: category,
    retryAfterMs: parseRetryAfter(headerValue(e.headers, 'retry-after'), now),
    dailyLimit: status === 429 && body.policyName === 'DAILY',
    message: oneLine(`HTTP ${status}${category ? ` ${category}` : ''}: ${text}`),
  };
}

function fromJsforce(code: string, message: string): ClientFailure {
  const httpMatch = /^ERROR_HTTP_(\d{3})$/.exec(code) ?? /HTTP status code: (\d{3})/.exec(message);
  let status = httpMatch ? Number(httpMatch[1]) : SALESFORCE_CODE_STATUS[code];
  const dailyLimit = code === 'REQUEST_LIMIT_EXCEEDED' && /TotalRequests/i.test(message);
  // REQUEST_LIMIT_EXCEEDED is the daily allowance (403) or a concurrency/rate limit (retriable like a 429).
  if (code === 'REQUEST_LIMIT_EXCEEDED') status = dailyLimit ? 403 : 429;
  return { status, code, retryAfterMs: undefined, dailyLimit, message: oneLine(`${code}: ${message}`) };
}

/** Retry-After as delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function headerValue(headers: unknown, name: string): string | undefined {
  if (headers === null || headers === undefined) return undefined;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  for (const [key, value] of Object.entries(headers as Record<string, unknown>)) {
    if (key.toLowerCase() !== name) continue;
    return Array.isArray(value) ? String(value[0]) : String(value);
  }
  return undefined;
}

function netsuiteDetail(body: string): { code: string | undefined; text: string | undefined } {
  const details = asRecord(safeJson(body))['o:errorDetails'];
  const first = Array.isArray(details) ? asRecord(details[0]) : {};
  return {
    code: typeof first['o:errorCode'] === 'string' ? first['o:errorCode'] : undefined,
    text: typeof first.detail === 'string' ? first.detail : undefined,
  };
}

function networkCode(e: Record<string, unknown>): string | undefined {
  if (typeof e.code === 'string') return e.code;
  const cause = asRecord(e.cause);
  if (typeof cause.code === 'string') return cause.code;
  return undefined;
}

function errorMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
  return `${error.message}${cause}`;
}

/** One line, with any credential an API echoed back (or a client put in its message) redacted. */
function oneLine(text: string): string {
  const line = redactText(text.replace(/\s+/g, ' ').trim());
  return line.length > 500 ? `${line.slice(0, 497)}...` : line;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}
