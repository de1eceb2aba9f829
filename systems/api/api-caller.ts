import { QuotaStop, type ApiCaller, type QuotaUsage, type SourceName } from './api-types.ts';
import { isRetriable, readClientError, type ClientFailure } from './client-errors.ts';
import { DEFAULT_BACKOFF, retryDelayMs, type BackoffOptions } from './retry-delay.ts';
import pLimit, { type LimitFunction } from 'p-limit';

/** One attempt, as it lands in meta.api_calls. */
export interface ApiCallRow {
  run_id: string;
  system: SourceName;
  method: string;
  endpoint: string;
  status: number | null;
  duration_ms: number;
  called_at: Date;
  retry: number;
  error: string | null;
}

export interface ApiCallerOptions {
  runId: string;
  source: SourceName;
  /** Latest usage the system reported (usually `connector.quota`). */
  quota?: () => QuotaUsage | undefined;
  /** Share of the daily quota at which the source stops (default 0.8). */
  stopShare?: number;
  /** Attempts per call, the first included (default 6). */
  maxAttempts?: number;
  /** Per-attempt time limit (default 60 s). */
  timeoutMs?: number;
  /** Calls in flight at once for this source (default: unlimited, NetSuite 4). */
  concurrency?: number;
  backoff?: BackoffOptions;
  /** Retry-After longer than this is not waited for: the call fails instead (default 5 min). */
  maxRetryAfterMs?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** Thrown when one attempt exceeds the per-call time limit (retriable like a network timeout). */
export class CallTimeout extends Error {
  readonly code = 'ETIMEDOUT';
  constructor(endpoint: string, ms: number) {
    super(`no answer from ${endpoint} within ${ms} ms`);
    this.name = 'CallTimeout';
  }
}

const DEFAULT_CONCURRENCY: Record<SourceName, number> = { salesforce: 8, hubspot: 8, netsuite: 4 };

/**
 * The ApiCaller of one source in one run. Every attempt is buffered as a meta.api_calls row; the
 * lander writes the buffer in the transaction of the next page it commits, and the runner writes
 * what is left when a stream ends (see `takeCalls`).
 *
 * Quota stop: after each call the usage is read; once it reaches the stop share, the NEXT call throws
 * QuotaStop before anything is sent. So the answer that crossed the line still lands with its page.
 */
export class RecordingApiCaller implements ApiCaller {
  readonly source: SourceName;
  readonly #options: Required<Omit<ApiCallerOptions, 'quota'>> & Pick<ApiCallerOptions, 'quota'>;
  readonly #limiter: LimitFunction;
  #calls: ApiCallRow[] = [];
  #stop: QuotaStop | undefined;

  constructor(options: ApiCallerOptions) {
    this.source = options.source;
    this.#options = {
      stopShare: 0.8,
      maxAttempts: 6,
      timeoutMs: 60_000,
      concurrency: DEFAULT_CONCURRENCY[options.source],
      backoff: DEFAULT_BACKOFF,
      maxRetryAfterMs: 300_000,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      random: Math.random,
      ...options,
    };
    this.#limiter = pLimit(this.#options.concurrency);
  }

  /** Set once the source reached its quota stop share. */
  get quotaStop(): QuotaStop | undefined {
    return this.#stop;
  }

  /** Buffered rows not yet written, oldest first. */
  get pendingCalls(): readonly ApiCallRow[] {
    return this.#calls;
  }

  /** Removes and returns the first `count` buffered rows (all by default), once they are written. */
  takeCalls(count: number = this.#calls.length): ApiCallRow[] {
    return this.#calls.splice(0, count);
  }

  async call<T>(request: { method: string; endpoint: string }, send: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (this.#stop) throw this.#stop;
    for (let attempt = 0; ; attempt += 1) {
      const outcome = await this.#limiter(() => this.#attempt(request, send, attempt));
      this.#checkQuota();
      if (outcome.ok) return outcome.value;
      const failure = outcome.failure;
      if (failure.dailyLimit) throw this.#dailyLimitStop();
      const retry = this.#retryDelay(failure, attempt);
      if (retry === undefined) throw this.#finalError(request, failure, attempt, outcome.error);
      await this.#options.sleep(retry);
    }
  }

  async #attempt<T>(
    request: { method: string; endpoint: string },
    send: (signal: AbortSignal) => Promise<T>,
    attempt: number,
  ): Promise<{ ok: true; value: T } | { ok: false; failure: ClientFailure; error: unknown }> {
    const calledAt = new Date();
    const started = performance.now();
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new CallTimeout(request.endpoint, this.#options.timeoutMs));
      }, this.#options.timeoutMs);
    });
    const record = (status: number | null, error: string | null): void => {
      this.#calls.push({
        run_id: this.#options.runId, system: this.source, method: request.method, endpoint: request.endpoint,
        status, duration_ms: Math.round(performance.now() - started), called_at: calledAt, retry: attempt, error,
      });
    };
    try {
      const sending = send(controller.signal);
      sending.catch(() => undefined); // a call that lost the race to the timeout may still reject later
      const value = await Promise.race([sending, timeout]);
      record(200, null);
      return { ok: true, value };
    } catch (error) {
      const failure = readClientError(error);
      record(failure.status ?? null, failure.message);
      return { ok: false, failure, error };
    } finally {
      clearTimeout(timer);
    }
  }

  #retryDelay(failure: ClientFailure, attempt: number): number | undefined {
    if (!isRetriable(failure) || attempt + 1 >= this.#options.maxAttempts) return undefined;
    if (failure.retryAfterMs !== undefined && failure.retryAfterMs > this.#options.maxRetryAfterMs) return undefined;
    return retryDelayMs(attempt, failure.retryAfterMs, this.#options.backoff, this.#options.random);
  }

  #checkQuota(): void {
    const usage = this.#options.quota?.();
    if (!usage || usage.limit <= 0 || this.#stop) return;
    if (usage.used / usage.limit >= this.#options.stopShare) this.#stop = new QuotaStop(this.source, usage, this.#options.stopShare);
  }

  #dailyLimitStop(): QuotaStop {
    const usage = this.#options.quota?.() ?? { used: 1, limit: 1 };
    this.#stop = new QuotaStop(this.source, { used: Math.max(usage.used, usage.limit), limit: usage.limit }, this.#options.stopShare);
    return this.#stop;
  }

  #finalError(request: { method: string; endpoint: string }, failure: ClientFailure, attempt: number, cause: unknown): Error {
    const where = `${this.source} ${request.method} ${request.endpoint}`;
    const tries = attempt === 0 ? '' : ` after ${attempt + 1} attempts`;
    const reason = failure.message.replace(/[.\s]+$/, '');
    return new Error(`${where} failed${tries}: ${reason}. ${advice(failure, isRetriable(failure))}`, { cause });
  }
}

function advice(failure: ClientFailure, retriable: boolean): string {
  if (retriable) return 'The system kept failing; check its status page, then run again (the stream resumes from its last committed page).';
  switch (failure.status) {
    case 401:
      return 'Check the credentials named in the config (they may be expired or revoked).';
    case 403:
      return 'Check the integration user\'s permissions for this object, and the API quota.';
    case 404:
      return 'Check the object or endpoint exists in this account and API version.';
    case 400:
      return 'The request was rejected as invalid; check the configured fields and report the query if it looks wrong.';
    default:
      return 'Fix the cause shown and run again; the stream resumes from its last committed page.';
  }
}
