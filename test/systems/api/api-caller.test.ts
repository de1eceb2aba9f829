import { describe, expect, it } from 'vitest';
import { RecordingApiCaller, type ApiCallerOptions } from '../../../systems/api/api-caller.ts';
import { QuotaStop, type QuotaUsage } from '../../../extract/extract-types.ts';

/** An error shaped like @hubspot/api-client's ApiException. */
function hubspotError(code: number, headers: Record<string, string> = {}, body: object = {}): Error {
  return Object.assign(new Error(`HTTP-Code: ${code}`), { code, headers, body });
}

function caller(options: Partial<ApiCallerOptions> = {}, sleeps: number[] = []): RecordingApiCaller {
  return new RecordingApiCaller({
    runId: 'run-1', source: 'hubspot', random: () => 0.5,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...options,
  });
}

function failing(errors: unknown[], value = 'ok'): () => Promise<string> {
  return async () => {
    const next = errors.shift();
    if (next !== undefined) throw next;
    return value;
  };
}

const request = { method: 'POST', endpoint: '/crm/v3/objects/deals/search' };

describe('RecordingApiCaller', () => {
  it('retries 429, 5xx and resets with jittered exponential backoff, honouring Retry-After, and records every attempt', async () => {
    const sleeps: number[] = [];
    const api = caller({}, sleeps);
    const reset = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) });
    const errors = [hubspotError(429, { 'Retry-After': '3' }), hubspotError(502), reset, hubspotError(503, { 'retry-after': new Date(Date.now() + 60_000).toUTCString() })];
    await expect(api.call(request, failing(errors))).resolves.toBe('ok');

    expect(sleeps[0]).toBe(3000);
    expect(sleeps[1]).toBe(500); // random 0.5 × min(30 s, 500 ms × 2^1)
    expect(sleeps[2]).toBe(1000); // 0.5 × 500 × 2^2
    expect(sleeps[3]).toBeGreaterThan(55_000); // an HTTP-date Retry-After, about a minute away
    expect(api.pendingCalls.map((c) => [c.retry, c.status])).toEqual([[0, 429], [1, 502], [2, null], [3, 503], [4, 200]]);
    expect(api.pendingCalls[2]?.error).toMatch(/fetch failed/);
  });

  it('caps the backoff at 30 s and gives up after the configured attempts with a message saying what to do', async () => {
    const sleeps: number[] = [];
    const api = caller({ maxAttempts: 9, random: () => 0.999 }, sleeps);
    const errors = Array.from({ length: 9 }, () => hubspotError(500));
    await expect(api.call(request, failing(errors))).rejects.toThrow(/hubspot POST \/crm\/v3\/objects\/deals\/search failed after 9 attempts: HTTP 500.*run again/);
    expect(sleeps).toHaveLength(8);
    expect(Math.max(...sleeps)).toBeLessThanOrEqual(30_000);
    expect(sleeps.at(-1)).toBeGreaterThan(29_000);
  });

  it('does not retry a non-retriable error, and names the source, endpoint and fix', async () => {
    const api = caller();
    const error = hubspotError(401, {}, { category: 'INVALID_AUTHENTICATION', message: 'Authentication credentials not found.' });
    await expect(api.call(request, failing([error]))).rejects.toThrow(/hubspot POST .*search failed: HTTP 401 INVALID_AUTHENTICATION: Authentication credentials not found\. Check the credentials/);
    expect(api.pendingCalls).toHaveLength(1);
  });

  it('times out a call that does not answer, aborts it and retries', async () => {
    const sleeps: number[] = [];
    const api = caller({ timeoutMs: 20 }, sleeps);
    let aborted = false;
    let attempts = 0;
    const result = await api.call(request, (signal) => {
      attempts += 1;
      if (attempts > 1) return Promise.resolve('second');
      signal.addEventListener('abort', () => {
        aborted = true;
      });
      return new Promise<string>(() => undefined);
    });
    expect(result).toBe('second');
    expect(aborted).toBe(true);
    expect(api.pendingCalls[0]?.error).toMatch(/within 20 ms/);
  });

  it('stops the source once usage reaches the stop share: the crossing answer is returned, the next call throws QuotaStop', async () => {
    let usage: QuotaUsage = { used: 70, limit: 100 };
    const api = caller({ quota: () => usage });
    await expect(api.call(request, failing([]))).resolves.toBe('ok');
    usage = { used: 80, limit: 100 };
    await expect(api.call(request, failing([]))).resolves.toBe('ok');
    let sent = false;
    const next = api.call(request, async () => {
      sent = true;
      return 'never';
    });
    await expect(next).rejects.toBeInstanceOf(QuotaStop);
    await expect(next).rejects.toThrow(/hubspot: stopped at 80\/100 .*80%/);
    expect(sent).toBe(false);
  });

  it('turns a daily-limit answer into a QuotaStop instead of retrying', async () => {
    const api = caller({ quota: () => ({ used: 10, limit: 1000 }) });
    const daily = hubspotError(429, {}, { policyName: 'DAILY', message: 'You have reached your daily limit.' });
    await expect(api.call(request, failing([daily]))).rejects.toBeInstanceOf(QuotaStop);
    expect(api.quotaStop?.usage).toEqual({ used: 1000, limit: 1000 });
  });

  it('keeps at most `concurrency` calls in flight', async () => {
    const api = caller({ concurrency: 2 });
    let inFlight = 0;
    let peak = 0;
    const slow = async (): Promise<string> => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight -= 1;
      return 'ok';
    };
    await Promise.all(Array.from({ length: 6 }, () => api.call(request, slow)));
    expect(peak).toBe(2);
  });
});
