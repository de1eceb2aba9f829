import type { IncomingHttpHeaders } from 'node:http';

/** One HTTP request as an emulated API sees it: the body is fully read before a handler runs. */
export interface ApiRequest {
  readonly method: string;
  /** The URL exactly as the client addressed it (scheme, host and port from the Host header). */
  readonly url: URL;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  /** Path parameters captured by the route template (`:name` segments), already percent-decoded. */
  params: Record<string, string>;
}

/** What a handler answers. A plain object or array body is sent as JSON. */
export interface ApiResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer | object | null;
}

export type Handler = (req: ApiRequest) => ApiResponse | Promise<ApiResponse>;

/** Thrown by handlers to answer with a specific response (the system's own error format). */
export class ApiError extends Error {
  readonly response: ApiResponse;
  constructor(response: ApiResponse, message = `HTTP ${response.status}`) {
    super(message);
    this.response = response;
  }
}

export function bodyText(req: ApiRequest): string {
  return req.body.toString('utf8');
}

/** Parses a JSON body; `onError` builds the system-specific 400 answer. */
export function bodyJson<T = unknown>(req: ApiRequest, onError: (message: string) => ApiResponse): T {
  try {
    return JSON.parse(bodyText(req)) as T;
  } catch (error) {
    throw new ApiError(onError(`Malformed JSON body: ${(error as Error).message}`));
  }
}

export function json(status: number, body: object, headers: Record<string, string> = {}): ApiResponse {
  return { status, body, headers: { 'content-type': 'application/json;charset=UTF-8', ...headers } };
}
