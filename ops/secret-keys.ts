/**
 * Field names that hold credentials, wherever they appear (a config file, a log object, a request).
 * Shared by the log redaction and the config's inline-secret check so both agree on what a secret is.
 */
const SECRET_KEY = /password|passwd|passphrase|secret|token|api[-_]?key|authorization|credential|private[-_]?key|consumer[-_]?key|client[-_]?id|signature|cookie|webhook[-_]?url/i;

/** True when a field of this name holds a secret (not a field that NAMES the variable holding one). */
export function isSecretKey(name: string): boolean {
  return SECRET_KEY.test(name) && !name.endsWith('Env');
}

/** Field names pino's `redact` censors at any of the first few levels of a log object. */
export const REDACTED_KEYS = [
  'password', 'passwd', 'secret', 'token', 'apiKey', 'api_key', 'authorization', 'Authorization', 'cookie',
  'accessToken', 'access_token', 'refreshToken', 'refresh_token', 'clientSecret', 'client_secret',
  'consumerKey', 'consumer_key', 'consumerSecret', 'consumer_secret', 'consumer_secret_key',
  'clientId', 'client_id', 'tokenId', 'tokenSecret', 'token_secret', 'oauth_signature', 'webhookUrl', 'webhook_url',
] as const;
