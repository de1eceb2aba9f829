import type { QuotaUsage } from '../api/api-types.ts';

/**
 * Daily API usage. HubSpot reports it only in X-HubSpot-RateLimit-Daily(-Remaining) headers on
 * ordinary calls (search answers carry none), so the meter counts every attempt itself against a
 * configured daily limit and re-bases on the headers whenever a call exposes them.
 */
export class UsageMeter {
  private readonly configuredLimit: number;
  private day = '';
  private used = 0;
  private limit: number;

  constructor(dailyLimit: number) {
    this.configuredLimit = dailyLimit;
    this.limit = dailyLimit;
  }

  count(now = Date.now()): void {
    this.rollDay(now);
    this.used += 1;
  }

  /** Starts from the calls already made today (by an earlier stage or run), as recorded in meta.api_calls. */
  countEarlier(calls: number, now = Date.now()): void {
    this.rollDay(now);
    this.used += calls;
  }

  /** Re-bases on the usage HubSpot reported, when the headers are there. */
  observe(headers: Record<string, string> | undefined, now = Date.now()): void {
    if (!headers) return;
    const daily = Number(header(headers, 'x-hubspot-ratelimit-daily'));
    const remaining = Number(header(headers, 'x-hubspot-ratelimit-daily-remaining'));
    if (!Number.isFinite(daily) || daily <= 0 || !Number.isFinite(remaining)) return;
    this.rollDay(now);
    this.limit = daily;
    this.used = Math.max(0, daily - remaining);
  }

  usage(): QuotaUsage | undefined {
    return { used: this.used, limit: this.limit };
  }

  private rollDay(now: number): void {
    const day = new Date(now).toISOString().slice(0, 10);
    if (day === this.day) return;
    this.day = day;
    this.used = 0;
    this.limit = this.configuredLimit;
  }
}

function header(headers: Record<string, string>, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return value;
  return undefined;
}

/** Spaces calls out to at most `perSecond` a second (HubSpot's search limit is per account, 5/s). */
export class Pacer {
  private readonly intervalMs: number;
  private next = 0;

  constructor(perSecond: number) {
    this.intervalMs = perSecond > 0 ? 1000 / perSecond : 0;
  }

  async wait(signal?: AbortSignal): Promise<void> {
    const now = Date.now();
    const at = Math.max(now, this.next);
    this.next = at + this.intervalMs;
    if (at > now) await new Promise<void>((resolve) => setTimeout(resolve, at - now));
    signal?.throwIfAborted();
  }
}
