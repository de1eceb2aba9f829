import type { Connection } from 'jsforce';
import type { ApiCaller, StreamDescription } from '../extract-types.ts';

/** Everything one stream read needs: the logged-in connection, the stream, and the knobs. */
export interface SalesforceReadPlan {
  conn: Connection;
  stream: StreamDescription;
  /** API names selected, in column order. */
  fields: string[];
  api: ApiCaller;
  signal: AbortSignal;
  pageSize: number;
  lookbackSeconds: number;
  bulkPollIntervalMs: number;
  bulkPollTimeoutMs: number;
}

export type SfRecord = Record<string, unknown>;

/** The REST path of the org's API version, for meta.api_calls (`/services/data/v62.0/queryAll`). */
export function restPath(plan: Pick<SalesforceReadPlan, 'conn'>, resource: string): string {
  return `/services/data/v${plan.conn.version}${resource}`;
}
