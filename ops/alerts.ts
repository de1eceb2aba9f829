import type { Alert } from './alert-rules.ts';
import { slackMessage } from './alert-message.ts';
import { redactText, registerSecrets } from './secret-redaction.ts';

export { alertsFor, type Alert, type AlertContext, type AlertKind } from './alert-rules.ts';

export interface SendAlertsOptions {
  /** The message's header line (default "closeloop"). */
  readonly heading?: string;
  readonly fetch?: typeof fetch;
  /** Per attempt (default 10 s). */
  readonly timeoutMs?: number;
  /** Attempts in all (default 4). */
  readonly attempts?: number;
  /** First wait between attempts, doubled each time (default 1 s); a 429's Retry-After wins, up to 30 s. */
  readonly backoffMs?: number;
}

/** What became of a run's alert message; the caller logs it. Never holds the webhook URL or a secret. */
export interface SendAlertsResult {
  readonly delivered: boolean;
  /** Requests made (0 when there was nothing to send). */
  readonly attempts: number;
  /** HTTP status of the last response, when one arrived. */
  readonly status?: number;
  /** Why it was not delivered, redacted. */
  readonly error?: string;
}

const MAX_RETRY_AFTER_MS = 30_000;

/**
 * Posts one Slack-compatible message holding all of a run's alerts to the webhook. Retries 429, 5xx
 * and network failures with backoff; never throws (a failed alert must not fail the run).
 */
export async function sendAlerts(url: string, alerts: readonly Alert[], options: SendAlertsOptions = {}): Promise<SendAlertsResult> {
  if (alerts.length === 0) return { delivered: false, attempts: 0, error: 'nothing to send' };
  // The webhook URL is a credential: whoever holds it can post to the channel.
  registerSecrets([url]);
  const body = JSON.stringify(slackMessage(options.heading ?? 'closeloop', alerts));
  const attempts = options.attempts ?? 4;
  let last: SendAlertsResult = { delivered: false, attempts: 0 };
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    const outcome = await postOnce(url, body, options);
    last = { ...outcome.result, attempts: attempt };
    if (last.delivered || !outcome.retriable || attempt === attempts) break;
    await sleep(outcome.retryAfterMs ?? (options.backoffMs ?? 1000) * 2 ** (attempt - 1));
  }
  return last;
}

interface PostOutcome {
  readonly result: Omit<SendAlertsResult, 'attempts'>;
  readonly retriable: boolean;
  readonly retryAfterMs?: number;
}

async function postOnce(url: string, body: string, options: SendAlertsOptions): Promise<PostOutcome> {
  const fetchImpl = options.fetch ?? fetch;
  try {
    const response = await fetchImpl(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
    if (response.ok) {
      await response.body?.cancel();
      return { result: { delivered: true, status: response.status }, retriable: false };
    }
    const text = (await response.text().catch(() => '')).trim().slice(0, 200);
    const retriable = response.status === 429 || response.status >= 500;
    return {
      result: { delivered: false, status: response.status, error: scrub(`the webhook answered HTTP ${response.status}${text ? `: ${text}` : ''}`, url) },
      retriable,
      retryAfterMs: response.status === 429 ? retryAfterMs(response.headers.get('retry-after')) : undefined,
    };
  } catch (error) {
    return { result: { delivered: false, error: scrub(`the webhook could not be reached: ${describe(error)}`, url) }, retriable: true };
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === 'TimeoutError') return 'timed out';
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
  return `${error.message}${cause}`;
}

/** Redacted, and without the URL even in a form redaction would not know. */
function scrub(text: string, url: string): string {
  return redactText(text.split(url).join('[webhook]'));
}

function retryAfterMs(header: string | null): number | undefined {
  if (header === null || !/^\d+(\.\d+)?$/.test(header.trim())) return undefined;
  return Math.min(Number(header.trim()) * 1000, MAX_RETRY_AFTER_MS);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
