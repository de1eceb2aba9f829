import { timingSafeEqual } from 'node:crypto';
import type { ApiRequest } from '../http/api-types.ts';
import { oauthSignature } from './oauth1-signature.ts';
import { NonceRegistry } from './nonce-registry.ts';

/** The account's token-based-authentication credentials. */
export interface TbaCredentials {
  accountId: string;
  consumerKey: string;
  consumerSecret: string;
  tokenId: string;
  tokenSecret: string;
  /** Refuse a nonce seen before (real NetSuite does; got's retries resend the same header). */
  strictNonce: boolean;
}

/** Why a request was refused; NetSuite itself only ever answers INVALID_LOGIN. */
export type AuthFailure =
  | 'missing header' | 'not OAuth' | 'wrong realm' | 'unknown consumer key' | 'unknown token'
  | 'unsupported signature method' | 'stale timestamp' | 'replayed nonce' | 'bad signature';

const TIMESTAMP_WINDOW_SECONDS = 300;

/** Verifies NetSuite TBA headers (OAuth 1.0a, HMAC-SHA256) exactly as NetSuite checks them. */
export class OAuth1Verifier {
  private readonly credentials: TbaCredentials;
  private readonly nonces = new NonceRegistry(TIMESTAMP_WINDOW_SECONDS * 1000);

  constructor(credentials: TbaCredentials) {
    this.credentials = credentials;
  }

  /** `undefined` when the request is authentic, otherwise the reason it is not. */
  verify(req: ApiRequest, nowMs: number = Date.now()): AuthFailure | undefined {
    const header = req.headers.authorization;
    if (!header) return 'missing header';
    const params = parseAuthorizationHeader(header);
    if (!params) return 'not OAuth';
    const c = this.credentials;
    if (params.get('realm') !== c.accountId) return 'wrong realm';
    if (params.get('oauth_consumer_key') !== c.consumerKey) return 'unknown consumer key';
    if (params.get('oauth_token') !== c.tokenId) return 'unknown token';
    if (params.get('oauth_signature_method') !== 'HMAC-SHA256') return 'unsupported signature method';
    const timestamp = Number(params.get('oauth_timestamp'));
    if (!Number.isInteger(timestamp) || Math.abs(nowMs / 1000 - timestamp) > TIMESTAMP_WINDOW_SECONDS) return 'stale timestamp';
    if (!signatureMatches(req, params, c)) return 'bad signature';
    if (c.strictNonce && !this.nonces.claim(c.tokenId, params.get('oauth_nonce') ?? '', nowMs)) return 'replayed nonce';
    return undefined;
  }
}

/** `OAuth realm="…", oauth_consumer_key="…", …` → decoded parameters; undefined when not an OAuth header. */
export function parseAuthorizationHeader(header: string): Map<string, string> | undefined {
  const match = /^\s*OAuth\s+(.*)$/is.exec(header);
  if (!match) return undefined;
  const params = new Map<string, string>();
  const pair = /([A-Za-z0-9_.~%-]+)\s*=\s*"([^"]*)"/g;
  for (let m = pair.exec(match[1]!); m; m = pair.exec(match[1]!)) {
    try {
      params.set(decodeURIComponent(m[1]!), m[1] === 'realm' ? m[2]! : decodeURIComponent(m[2]!));
    } catch {
      return undefined;
    }
  }
  return params;
}

function signatureMatches(req: ApiRequest, oauth: Map<string, string>, c: TbaCredentials): boolean {
  const given = Buffer.from(oauth.get('oauth_signature') ?? '', 'utf8');
  const params: [string, string][] = [...oauth].filter(([k]) => k.startsWith('oauth_') && k !== 'oauth_signature');
  params.push(...queryParams(req.url.search));
  for (const baseUrl of candidateBaseUrls(req)) {
    const expected = Buffer.from(oauthSignature({ method: req.method, baseUrl, params, consumerSecret: c.consumerSecret, tokenSecret: c.tokenSecret }), 'utf8');
    if (expected.length === given.length && timingSafeEqual(expected, given)) return true;
  }
  return false;
}

/** Query parameters decoded the way OAuth clients decode them (`+` stays a plus sign). */
function queryParams(search: string): [string, string][] {
  const out: [string, string][] = [];
  for (const part of search.replace(/^\?/, '').split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? '' : part.slice(eq + 1);
    out.push([safeDecode(key), safeDecode(value)]);
  }
  return out;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * The client signs the URL string it was given; the server sees it after URL normalisation
 * (percent-encoded path, default port dropped). Both spellings are tried.
 */
function candidateBaseUrls(req: ApiRequest): string[] {
  const host = typeof req.headers.host === 'string' ? req.headers.host : req.url.host;
  const origins = new Set([`${req.url.protocol}//${req.url.host}`, `${req.url.protocol}//${host}`]);
  const paths = new Set([req.url.pathname, safeDecode(req.url.pathname)]);
  const out: string[] = [];
  for (const origin of origins) for (const path of paths) out.push(origin + path);
  return out;
}
