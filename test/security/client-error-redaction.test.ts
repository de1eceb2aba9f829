import { afterEach, describe, expect, it } from 'vitest';
import { readClientError } from '../../systems/api/client-errors.ts';
import { clearRegisteredSecrets, registerSecrets } from '../../ops/secret-redaction.ts';

afterEach(() => clearRegisteredSecrets());

describe('API errors as recorded in meta.api_calls and printed', () => {
  it('carry no credential an API echoed back or a client put in its message', () => {
    registerSecrets(['ns-token-secret-value']);
    const got = Object.assign(new Error('Response code 401 (Unauthorized)'), {
      response: { statusCode: 401, headers: {}, body: JSON.stringify({ 'o:errorDetails': [{ detail: 'Invalid login with token ns-token-secret-value', 'o:errorCode': 'INVALID_LOGIN' }] }) },
    });
    expect(readClientError(got).message).toBe('HTTP 401 INVALID_LOGIN: Invalid login with token [redacted]');

    const hubspot = Object.assign(new Error('HTTP-Code: 401'), { code: 401, body: { message: 'Bearer pat-na1-11111111-2222-3333-4444-555555555555 is invalid', category: 'INVALID_AUTHENTICATION' }, headers: {} });
    expect(readClientError(hubspot).message).toBe('HTTP 401 INVALID_AUTHENTICATION: Bearer [redacted] is invalid');

    const network = new Error('request to https://x/services/oauth2/token?password=hunter2&grant_type=password failed, reason: socket hang up');
    expect(readClientError(network).message).toBe('request to https://x/services/oauth2/token?password=[redacted]&grant_type=password failed, reason: socket hang up');
  });
});
