// Types for netsuite-rest 1.0.9, which ships none. Only what closeloop uses.
declare module 'netsuite-rest' {
  export interface NetsuiteRestOptions {
    consumer_key: string;
    consumer_secret_key: string;
    token: string;
    token_secret: string;
    realm: string;
    base_url?: string;
  }

  export interface NetsuiteRequestOptions {
    path: string;
    method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
    body?: string;
    heads?: Record<string, string>;
  }

  export interface NetsuiteResponse<T = unknown> {
    statusCode: number;
    headers: Record<string, string | string[] | undefined>;
    body: string;
    /** The parsed JSON body (null when empty), set by the client's afterResponse hook. */
    data: T;
  }

  /** A got promise: awaitable, and cancellable. */
  export interface NetsuiteRequest<T = unknown> extends Promise<NetsuiteResponse<T>> {
    cancel(reason?: string): void;
  }

  export default class NetsuiteRest {
    constructor(options: NetsuiteRestOptions);
    request<T = unknown>(options: NetsuiteRequestOptions): NetsuiteRequest<T>;
  }
}
