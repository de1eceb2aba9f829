import type { ApiRequest } from '../http/api-types.ts';
import { hsError } from './hubspot-errors.ts';

const MISSING_CREDENTIALS =
  'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview';

/** Private-app auth: `Authorization: Bearer <token>` must carry the sandbox's token, else 401. */
export function authenticate(req: ApiRequest, accessToken: string): void {
  const header = req.headers.authorization ?? '';
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  if (!match) throw hsError(401, 'INVALID_AUTHENTICATION', MISSING_CREDENTIALS);
  if (match[1] !== accessToken) {
    throw hsError(401, 'INVALID_AUTHENTICATION', 'The access token provided is invalid or has been revoked. Check the private app token the client was given.');
  }
}
