/**
 * What every stage that talks to the three systems shares: their names, the API usage they report,
 * the quota stop, and the caller that wraps each API call (retries, meta.api_calls, quota).
 */
export type SourceName = 'salesforce' | 'hubspot' | 'netsuite';

/** Last known API usage a system reported (or the connector counted). */
export interface QuotaUsage {
  used: number;
  limit: number;
}

/** Thrown when a source reaches its configured share of the daily quota: the run stops it gracefully. */
export class QuotaStop extends Error {
  readonly source: SourceName;
  readonly usage: QuotaUsage;
  constructor(source: SourceName, usage: QuotaUsage, share: number) {
    super(`${source}: stopped at ${usage.used}/${usage.limit} daily API requests (the configured stop is ${Math.round(share * 100)}%); it resumes where it stopped on the next run`);
    this.name = 'QuotaStop';
    this.source = source;
    this.usage = usage;
  }
}

/** Wraps every API call: retries retriable failures, records the call, enforces the quota stop. */
export interface ApiCaller {
  call<T>(request: { method: string; endpoint: string }, send: () => Promise<T>): Promise<T>;
}
