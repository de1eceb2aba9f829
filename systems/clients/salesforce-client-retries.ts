import { AsyncLocalStorage } from 'node:async_hooks';
import type { Connection } from 'jsforce';
import type { ApiCaller } from '../api/api-types.ts';

/** Set while a request runs inside an ApiCaller call. */
const managedByCaller = new AsyncLocalStorage<true>();

/**
 * Turns off jsforce's own retries (GETs on 429/5xx/resets, up to 5 times with a fixed backoff) for
 * requests sent inside an ApiCaller call, through the `retry` request option its transport takes.
 * The ApiCaller owns those retries: it honours Retry-After, adds jitter and records every attempt in
 * meta.api_calls, which hidden client retries would bypass. Calls made outside one (describe,
 * testConnection) keep jsforce's retries.
 */
export function deferClientRetries(conn: Connection): Connection {
  const transport = conn._transport;
  const send = transport.httpRequest.bind(transport);
  transport.httpRequest = (request, options = {}) =>
    send(request, managedByCaller.getStore() ? { ...options, retry: { ...options.retry, maxRetries: 0 } } : options);
  return conn;
}

/** The caller, marking the requests each call sends as retried by the caller. */
export function callerManagedRetries(api: ApiCaller): ApiCaller {
  return { call: (request, send) => api.call(request, () => managedByCaller.run(true, send)) };
}
