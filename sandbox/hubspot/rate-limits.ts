import { randomUUID } from 'node:crypto';
import { ApiError, json, type ApiResponse } from '../http/api-types.ts';

/** The private app's id as HubSpot names it in rate-limit group names (a fixed sandbox value). */
const APP_ID = 3_141_592;
const INTERVAL_MS = 10_000;

export type RatePolicy = 'TEN_SECONDLY_ROLLING' | 'SECONDLY' | 'DAILY';

export interface RateLimitConfig {
  portalId: number;
  dailyLimit: number;
  tenSecondLimit: number;
  searchPerSecond: number;
}

/** Timestamps of accepted requests inside a rolling window. */
class RollingWindow {
  private readonly times: number[] = [];
  private head = 0;
  private readonly windowMs: number;

  constructor(windowMs: number) {
    this.windowMs = windowMs;
  }

  count(now: number): number {
    while (this.head < this.times.length && this.times[this.head]! <= now - this.windowMs) this.head += 1;
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times.splice(0, this.head);
      this.head = 0;
    }
    return this.times.length - this.head;
  }

  add(now: number): void {
    this.times.push(now);
  }
}

/**
 * HubSpot's private-app limits: a daily quota, a ten-second rolling window for ordinary calls and
 * a per-second limit for search (search calls count toward the daily quota only, and their
 * responses carry no rate-limit headers).
 */
export class RateLimits {
  private readonly config: RateLimitConfig;
  private readonly tenSecond = new RollingWindow(INTERVAL_MS);
  private readonly search = new RollingWindow(1000);
  private day = '';
  private usedToday = 0;

  constructor(config: RateLimitConfig) {
    this.config = config;
  }

  /** Counts one request, or throws the 429 HubSpot would answer. Returns the headers to send. */
  admit(kind: 'api' | 'search', now = Date.now()): Record<string, string> {
    this.rollDay(now);
    if (this.usedToday >= this.config.dailyLimit) throw new ApiError(this.limitResponse('DAILY', now), 'daily limit reached');
    if (kind === 'search') {
      if (this.search.count(now) >= this.config.searchPerSecond) throw new ApiError(this.limitResponse('SECONDLY', now), 'search limit reached');
      this.search.add(now);
      this.usedToday += 1;
      return {};
    }
    if (this.tenSecond.count(now) >= this.config.tenSecondLimit) {
      throw new ApiError(this.limitResponse('TEN_SECONDLY_ROLLING', now), 'ten-second limit reached');
    }
    this.tenSecond.add(now);
    this.usedToday += 1;
    return this.headers(now);
  }

  headers(now = Date.now()): Record<string, string> {
    this.rollDay(now);
    return {
      'X-HubSpot-RateLimit-Daily': String(this.config.dailyLimit),
      'X-HubSpot-RateLimit-Daily-Remaining': String(Math.max(0, this.config.dailyLimit - this.usedToday)),
      'X-HubSpot-RateLimit-Interval-Milliseconds': String(INTERVAL_MS),
      'X-HubSpot-RateLimit-Max': String(this.config.tenSecondLimit),
      'X-HubSpot-RateLimit-Remaining': String(Math.max(0, this.config.tenSecondLimit - this.tenSecond.count(now))),
    };
  }

  /** The exact 429 HubSpot sends for a policy, with its rate-limit headers. */
  limitResponse(policy: RatePolicy, now = Date.now()): ApiResponse {
    const headers = policy === 'SECONDLY' ? {} : { ...this.headers(now), ...(policy === 'TEN_SECONDLY_ROLLING' ? { 'X-HubSpot-RateLimit-Remaining': '0' } : {}) };
    return json(429, rateLimitBody(policy, this.config.portalId), headers);
  }

  private rollDay(now: number): void {
    const day = new Date(now).toISOString().slice(0, 10);
    if (day !== this.day) {
      this.day = day;
      this.usedToday = 0;
    }
  }
}

function rateLimitBody(policy: RatePolicy, portalId: number): Record<string, unknown> {
  const [message, group] = {
    TEN_SECONDLY_ROLLING: ['You have reached your ten_secondly_rolling limit.', `publicapi:private-app-api-calls-ten-secondly:${APP_ID}:${portalId}`],
    SECONDLY: ['You have reached your secondly limit.', `publicapi:crm-search-secondly:${portalId}`],
    DAILY: ['You have reached your daily limit.', `publicapi:private-app-api-calls-daily:${APP_ID}:${portalId}`],
  }[policy];
  return { status: 'error', message, errorType: 'RATE_LIMIT', correlationId: randomUUID(), policyName: policy, groupName: group };
}
