import { createHmac } from 'node:crypto';
import { bodyText, json, type ApiRequest, type ApiResponse } from '../http/api-types.ts';
import type { SandboxOptions } from '../sandbox-options.ts';
import { bearerToken, type SessionStore } from './session-store.ts';
import { invalidSessionResponse } from './salesforce-errors.ts';

type Credentials = SandboxOptions['salesforce'];

/** The request's own origin (`http://127.0.0.1:7001`), which Salesforce returns as `instance_url`. */
export function originOf(req: ApiRequest): string {
  return req.url.origin;
}

function oauthError(error: string, description: string, status = 400): ApiResponse {
  return json(status, { error, error_description: description });
}

/**
 * `POST /services/oauth2/token`: the username-password and client-credentials flows. Neither returns a
 * refresh token (as on Salesforce), so jsforce re-runs the login when the session expires.
 */
export function tokenEndpoint(req: ApiRequest, credentials: Credentials, sessions: SessionStore): ApiResponse {
  const form = new URLSearchParams(req.url.search);
  for (const [key, value] of new URLSearchParams(bodyText(req))) form.set(key, value);
  const grantType = form.get('grant_type');
  if (grantType !== 'password' && grantType !== 'client_credentials') {
    return oauthError('unsupported_grant_type', 'grant type not supported');
  }
  if (form.get('client_id') !== credentials.clientId) return oauthError('invalid_client_id', 'client identifier invalid');
  if (form.get('client_secret') !== credentials.clientSecret) return oauthError('invalid_client', 'invalid client credentials');
  if (grantType === 'password' && (form.get('username') !== credentials.username || form.get('password') !== credentials.password)) {
    return oauthError('invalid_grant', 'authentication failure');
  }
  const session = sessions.issue(credentials.userId);
  const origin = originOf(req);
  const id = `${origin}/id/${credentials.orgId}/${credentials.userId}`;
  const issuedAt = String(session.issuedAt);
  return json(200, {
    access_token: session.token,
    instance_url: origin,
    id,
    token_type: 'Bearer',
    issued_at: issuedAt,
    signature: createHmac('sha256', credentials.clientSecret).update(id + issuedAt).digest('base64'),
    scope: 'api',
  });
}

/** `POST /services/oauth2/revoke`: ends the session of `token` (always 200, as Salesforce answers). */
export function revokeEndpoint(req: ApiRequest, sessions: SessionStore): ApiResponse {
  const form = new URLSearchParams(req.url.search);
  for (const [key, value] of new URLSearchParams(bodyText(req))) form.set(key, value);
  const token = form.get('token');
  if (token) sessions.revoke(token);
  return { status: 200 };
}

/** `GET /id/<orgId>/<userId>`: the identity service jsforce's `conn.identity()` reads. */
export function identityEndpoint(req: ApiRequest, credentials: Credentials, sessions: SessionStore): ApiResponse {
  const token = bearerToken(req.headers.authorization);
  if (!token || !sessions.use(token)) return invalidSessionResponse();
  if (req.params.org !== credentials.orgId || req.params.user !== credentials.userId) {
    return json(403, { error: 'Bad_Id', error_description: 'Bad_Id' });
  }
  const origin = originOf(req);
  return json(200, {
    id: `${origin}/id/${credentials.orgId}/${credentials.userId}`,
    asserted_user: true,
    user_id: credentials.userId,
    organization_id: credentials.orgId,
    username: credentials.username,
    nick_name: credentials.username.split('@')[0],
    display_name: 'Integration User',
    email: credentials.username,
    active: true,
    user_type: 'STANDARD',
    language: 'en_US',
    locale: 'en_US',
    utcOffset: 0,
    urls: {
      rest: `${origin}/services/data/v{version}/`,
      sobjects: `${origin}/services/data/v{version}/sobjects/`,
      query: `${origin}/services/data/v{version}/query/`,
    },
  });
}
