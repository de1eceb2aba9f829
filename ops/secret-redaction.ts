import { isSecretKey } from './secret-keys.ts';

export const REDACTED = '[redacted]';

/** Values shorter than this are not scrubbed by value: they would blank out ordinary words and numbers. */
const MIN_SECRET_LENGTH = 4;

/** Names of credential parameters, in query strings, form bodies, OAuth headers and JSON. */
const CREDENTIAL_PARAMS = 'oauth_signature|oauth_token|oauth_consumer_key|access_token|refresh_token|id_token|client_secret|client_assertion|password|token_secret|api_key|apikey';

const PATTERNS: readonly [RegExp, string][] = [
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{6,}/gi, `$1 ${REDACTED}`],
  [new RegExp(`\\b(${CREDENTIAL_PARAMS})=("?)[^&\\s",;]+`, 'gi'), `$1=$2${REDACTED}`],
  [new RegExp(`"(${CREDENTIAL_PARAMS}|accessToken|clientSecret|authorization)"\\s*:\\s*"[^"]*"`, 'gi'), `"$1":"${REDACTED}"`],
  // HubSpot private app tokens, Slack incoming webhooks, JWTs.
  [/\bpat-[a-z]{2,3}\d?-[A-Za-z0-9-]{16,}/g, REDACTED],
  [/(https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/)[^\s"']+/gi, `$1${REDACTED}`],
  [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g, REDACTED],
];

/** Every secret value this process has read, with the spellings it takes on the wire. */
const secrets = new Set<string>();
let ordered: string[] = [];

/**
 * Remembers secret values so `redactText` blanks them wherever they turn up (error messages of the
 * official clients, echoed request bodies, URLs). `loadConfig`'s `secret()` registers every value it reads.
 */
export function registerSecrets(values: Iterable<string>): void {
  for (const value of values) {
    if (value.length < MIN_SECRET_LENGTH) continue;
    for (const spelling of spellings(value)) secrets.add(spelling);
  }
  // Longest first, so a secret containing another is blanked whole.
  ordered = [...secrets].sort((a, b) => b.length - a.length);
}

/** Forgets every registered secret (tests). */
export function clearRegisteredSecrets(): void {
  secrets.clear();
  ordered = [];
}

/** The text with every registered secret and every credential-looking token replaced by `[redacted]`. */
export function redactText(text: string): string {
  let result = text;
  for (const secret of ordered) {
    if (result.includes(secret)) result = result.split(secret).join(REDACTED);
  }
  for (const [pattern, replacement] of PATTERNS) result = result.replace(pattern, replacement);
  return result;
}

/** An error's message, redacted: what to print or store when a run fails. */
export function redactError(error: unknown): string {
  return redactText(error instanceof Error ? error.message : String(error));
}

/** A copy of a log object or payload: secret-named fields blanked, every string redacted. */
export function redactDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object' || depth > 8) return value;
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, depth + 1));
  if (value instanceof Date) return value;
  if (value instanceof Error) return redactedError(value, depth);
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] = isSecretKey(key) && item !== undefined && item !== null ? REDACTED : redactDeep(item, depth + 1);
  }
  return copy;
}

function redactedError(error: Error, depth: number): Record<string, unknown> {
  const fields: Record<string, unknown> = { type: error.name, message: redactText(error.message) };
  if (error.stack !== undefined) fields.stack = redactText(error.stack);
  if (error.cause !== undefined) fields.cause = redactDeep(error.cause, depth + 1);
  return fields;
}

function spellings(value: string): string[] {
  const encoded = encodeURIComponent(value);
  // OAuth 1.0a signs RFC 3986 percent-encoding, which also escapes !'()*.
  const rfc3986 = encoded.replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const form = new URLSearchParams({ v: value }).toString().slice(2);
  const forms = new Set([value, encoded, rfc3986, form, JSON.stringify(value).slice(1, -1)]);
  return [...forms].filter((form) => form.length >= MIN_SECRET_LENGTH);
}
