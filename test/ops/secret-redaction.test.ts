import { afterEach, describe, expect, it } from 'vitest';
import { clearRegisteredSecrets, redactDeep, redactError, redactText, registerSecrets } from '../../ops/secret-redaction.ts';

afterEach(() => clearRegisteredSecrets());

describe('redactText', () => {
  it('blanks every registered secret wherever it occurs, also URL-encoded', () => {
    registerSecrets(['s3cr3t pass/word!']);
    const text = 'login failed for s3cr3t pass/word! (body: password=s3cr3t%20pass%2Fword%21&x=1, form s3cr3t+pass%2Fword%21)';
    const redacted = redactText(text);
    expect(redacted).not.toMatch(/s3cr3t/);
    expect(redacted).toBe('login failed for [redacted] (body: password=[redacted]&x=1, form [redacted])');
  });

  it('blanks the RFC 3986 spelling OAuth 1.0a signs with, and a secret inside a longer one whole', () => {
    registerSecrets(["it's(secret)", 'abcd', 'abcd-efgh-ijkl']);
    expect(redactText("key=it%27s%28secret%29 and it's(secret)")).toBe('key=[redacted] and [redacted]');
    expect(redactText('token abcd-efgh-ijkl')).toBe('token [redacted]');
  });

  it('leaves values too short to be secrets alone, and text without secrets unchanged', () => {
    registerSecrets(['ab', '']);
    expect(redactText('tab and lab')).toBe('tab and lab');
    expect(redactText('HTTP 503 SERVER_UNAVAILABLE: try again')).toBe('HTTP 503 SERVER_UNAVAILABLE: try again');
  });

  it('masks bearer tokens, OAuth signatures and token parameters it was never told about', () => {
    expect(redactText('Authorization: Bearer abcDEF123456.xyz-_')).toBe('Authorization: Bearer [redacted]');
    expect(redactText('OAuth realm="1234567_SB1",oauth_consumer_key="ck1234",oauth_signature="a%2Bb%3D"'))
      .toBe('OAuth realm="1234567_SB1",oauth_consumer_key="[redacted]",oauth_signature="[redacted]"');
    expect(redactText('GET /cb?access_token=ya29.abc&state=1')).toBe('GET /cb?access_token=[redacted]&state=1');
    expect(redactText('{"access_token":"00Dxx!AQ4","instance_url":"https://x"}')).toBe('{"access_token":"[redacted]","instance_url":"https://x"}');
    expect(redactText('token pat-na1-11111111-2222-3333-4444-555555555555 rejected')).toBe('token [redacted] rejected');
    expect(redactText('posting to https://hooks.slack.com/services/T000/B000/XXXXXXXX failed')).toBe('posting to https://hooks.slack.com/services/[redacted] failed');
    expect(redactText('jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.sig_nature-1')).toBe('jwt [redacted]');
  });
});

describe('redactError and redactDeep', () => {
  it('redacts an error message before it is printed', () => {
    registerSecrets(['hunter2-secret']);
    expect(redactError(new Error('INVALID_LOGIN: hunter2-secret rejected'))).toBe('INVALID_LOGIN: [redacted] rejected');
    expect(redactError('plain hunter2-secret')).toBe('plain [redacted]');
  });

  it('blanks secret-named fields at any depth and redacts strings, errors and their causes', () => {
    registerSecrets(['hunter2-secret']);
    const error = new Error('outer hunter2-secret', { cause: new Error('inner hunter2-secret') });
    const copy = redactDeep({ user: 'ann', headers: { Authorization: 'x', accept: 'json' }, nested: [{ clientSecret: 'y', note: 'hunter2-secret' }], accessTokenEnv: 'HS_TOKEN', error }) as Record<string, unknown>;
    expect(JSON.stringify(copy)).not.toMatch(/hunter2/);
    expect(copy).toMatchObject({
      user: 'ann', headers: { Authorization: '[redacted]', accept: 'json' }, nested: [{ clientSecret: '[redacted]', note: '[redacted]' }], accessTokenEnv: 'HS_TOKEN',
      error: { type: 'Error', message: 'outer [redacted]', cause: { message: 'inner [redacted]' } },
    });
  });
});
