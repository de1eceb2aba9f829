import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPANY, failure, signedHeader, startNetsuite } from './netsuite-test-kit.ts';
import type { NetsuiteKit } from './netsuite-test-kit.ts';

const ONE_ROW = 'SELECT id FROM customer WHERE id = 1';

describe('NetSuite token-based authentication (OAuth 1.0a, HMAC-SHA256)', () => {
  let kit: NetsuiteKit;
  beforeAll(async () => {
    kit = await startNetsuite(COMPANY, { netsuite: { consumerSecret: 'cons&secret=1', tokenSecret: 'tok&en secret!*' } });
  });
  afterAll(() => kit.close());

  it('accepts the official client, with secrets that contain & and other reserved characters', async () => {
    const page = await kit.suiteql(ONE_ROW);
    expect(page.items).toEqual([{ links: [], id: '1' }]);
    const record = await kit.client.request<{ id: string }>({ path: 'record/v1/customer/1?fields=companyName', method: 'GET' });
    expect(record.data.id).toBe('1');
  });

  it.each([
    ['a wrong consumer secret', { consumer_secret_key: 'cons&secret=2' }],
    ['a wrong token secret', { token_secret: 'tok&en secret' }],
    ['another account (realm)', { realm: '7654321_SB1' }],
    ['an unknown consumer key', { consumer_key: 'someone-else' }],
    ['an unknown token', { token: 'revoked-token' }],
  ])('refuses %s with 401 INVALID_LOGIN and a WWW-Authenticate header', async (_case, overrides) => {
    const refused = await failure(kit.suiteql(ONE_ROW, 1000, 0, kit.clientWith(overrides)));
    expect(refused.status).toBe(401);
    expect(refused.code).toBe('INVALID_LOGIN');
    expect(refused.detail).toMatch(/^Invalid login attempt/);
    expect(refused.body).toMatchObject({ title: 'Unauthorized', status: 401 });
    expect(String(refused.headers['www-authenticate'])).toMatch(/^OAuth realm="1234567_SB1"/);
  });

  it('refuses a request signed for other query parameters than it carries', async () => {
    const url = `${kit.sandbox.urls.netsuite}/services/rest/query/v1/suiteql?limit=5&offset=0`;
    const header = signedHeader(kit.sandbox, 'POST', url.replace('limit=5', 'limit=1000'));
    const response = await fetch(url, { method: 'POST', headers: { authorization: header }, body: JSON.stringify({ q: ONE_ROW }) });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ 'o:errorDetails': [{ 'o:errorCode': 'INVALID_LOGIN' }] });
  });

  it('refuses a timestamp outside the five-minute window', async () => {
    const url = `${kit.sandbox.urls.netsuite}/services/rest/record/v1/customer/1`;
    const header = signedHeader(kit.sandbox, 'GET', url, Math.floor(Date.now() / 1000) - 600);
    const response = await fetch(url, { headers: { authorization: header } });
    expect(response.status).toBe(401);
  });

  it('lets a retry reuse its nonce while strictNonce is off (got resends the same header)', async () => {
    const url = `${kit.sandbox.urls.netsuite}/services/rest/record/v1/customer/1`;
    const header = signedHeader(kit.sandbox, 'GET', url);
    expect((await fetch(url, { headers: { authorization: header } })).status).toBe(200);
    expect((await fetch(url, { headers: { authorization: header } })).status).toBe(200);
  });
});

describe('NetSuite nonce replay with strictNonce', () => {
  it('refuses a replayed nonce', async () => {
    const kit = await startNetsuite(COMPANY, { netsuite: { strictNonce: true } });
    try {
      const url = `${kit.sandbox.urls.netsuite}/services/rest/record/v1/customer/1`;
      const header = signedHeader(kit.sandbox, 'GET', url);
      expect((await fetch(url, { headers: { authorization: header } })).status).toBe(200);
      const replay = await fetch(url, { headers: { authorization: header } });
      expect(replay.status).toBe(401);
      expect(await replay.json()).toMatchObject({ 'o:errorDetails': [{ 'o:errorCode': 'INVALID_LOGIN' }] });
      expect((await kit.suiteql(ONE_ROW)).count).toBe(1);
    } finally {
      await kit.close();
    }
  });
});
