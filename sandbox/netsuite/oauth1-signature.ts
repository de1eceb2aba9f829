import { createHmac } from 'node:crypto';

/** RFC 3986 percent-encoding as OAuth 1.0a requires: `encodeURIComponent` plus `!*'()`. */
export function oauthEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!*'()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export interface SignatureInput {
  method: string;
  /** `scheme://host[:port]/path` exactly as the client addressed it, without the query string. */
  baseUrl: string;
  /** Every oauth_* parameter except the signature, plus every query parameter (decoded). */
  params: readonly (readonly [string, string])[];
  consumerSecret: string;
  tokenSecret: string;
}

/** The OAuth 1.0a HMAC-SHA256 signature (base64) of one request. */
export function oauthSignature(input: SignatureInput): string {
  const encoded = input.params.map(([k, v]) => [oauthEncode(k), oauthEncode(v)] as const);
  encoded.sort(([ka, va], [kb, vb]) => (ka < kb ? -1 : ka > kb ? 1 : va < vb ? -1 : va > vb ? 1 : 0));
  const paramString = encoded.map(([k, v]) => `${k}=${v}`).join('&');
  const baseString = `${input.method.toUpperCase()}&${oauthEncode(input.baseUrl)}&${oauthEncode(paramString)}`;
  const key = `${oauthEncode(input.consumerSecret)}&${oauthEncode(input.tokenSecret)}`;
  return createHmac('sha256', key).update(baseString).digest('base64');
}
