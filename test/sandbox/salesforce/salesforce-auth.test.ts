import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import jsforce from 'jsforce';
import { apiError, sfId, startSalesforce, type SalesforceFixture } from './salesforce-fixture.ts';
import { noFaults } from '../../../sandbox/faults/fault-spec.ts';

const accounts = [1, 2, 3].map((n) => ({ Id: sfId('001', n), Name: `Account ${n}`, BillingCountry: 'US' }));

describe('Salesforce OAuth, sessions and API limits', () => {
  let sf: SalesforceFixture;
  beforeAll(async () => {
    sf = await startSalesforce({ 'salesforce/Account.ndjson': accounts });
  });
  afterAll(() => sf.close());

  it('logs in with the username-password flow and points jsforce at its own origin', async () => {
    const conn = await sf.connect();
    const options = sf.sandbox.options.salesforce;
    expect(conn.instanceUrl).toBe(sf.url);
    expect(conn.userInfo).toMatchObject({ id: options.userId, organizationId: options.orgId });
    expect((await conn.identity()).username).toBe(options.username);
    expect((await conn.query('SELECT Id FROM Account')).totalSize).toBe(3);
  });

  it('logs in with client credentials', async () => {
    const options = sf.sandbox.options.salesforce;
    const conn = new jsforce.Connection({ loginUrl: sf.url, version: '62.0', oauth2: { clientId: options.clientId, clientSecret: options.clientSecret } });
    await conn.authorize({ grant_type: 'client_credentials' });
    expect(conn.accessToken).toMatch(/^00D\w+!/);
    expect((await conn.query('SELECT COUNT() FROM Account')).totalSize).toBe(3);
  });

  it('refuses a wrong client secret, client id or password with the OAuth error names', async () => {
    const options = sf.sandbox.options.salesforce;
    const connect = (clientId: string, clientSecret: string): jsforce.Connection =>
      new jsforce.Connection({ loginUrl: sf.url, version: '62.0', oauth2: { clientId, clientSecret } });
    expect((await apiError(connect(options.clientId, 'wrong').login(options.username, options.password))).name).toBe('invalid_client');
    expect((await apiError(connect('wrong', options.clientSecret).login(options.username, options.password))).name).toBe('invalid_client_id');
    expect(await apiError(connect(options.clientId, options.clientSecret).login(options.username, 'wrong'))).toMatchObject({
      name: 'invalid_grant',
      message: 'authentication failure',
    });
  });

  it('expires sessions: jsforce logs in again and retries transparently after a password login', async () => {
    const conn = await sf.connect();
    const firstToken = conn.accessToken;
    sf.system.expireSessions();
    expect((await conn.query('SELECT Id FROM Account')).totalSize).toBe(3);
    expect(conn.accessToken).not.toBe(firstToken);
  });

  it('after a client-credentials login, an expired session surfaces (no refresh token is issued)', async () => {
    const options = sf.sandbox.options.salesforce;
    const conn = new jsforce.Connection({ loginUrl: sf.url, version: '62.0', oauth2: { clientId: options.clientId, clientSecret: options.clientSecret } });
    await conn.authorize({ grant_type: 'client_credentials' });
    sf.system.expireSessions();
    expect((await apiError(conn.query('SELECT Id FROM Account'))).message).toMatch(/No refresh token found/);
  });

  it('reports the same daily usage in /limits and in Sforce-Limit-Info', async () => {
    const conn = await sf.connect();
    const limits = await conn.limits();
    const daily = limits.DailyApiRequests!;
    const usage = conn.limitInfo.apiUsage!;
    expect(daily.Max).toBe(sf.sandbox.options.salesforce.dailyApiLimit);
    expect(usage.limit).toBe(daily.Max);
    expect(usage.used).toBe(daily.Max - daily.Remaining);
    expect(limits).toHaveProperty('DailyBulkV2QueryJobs.Max');
    await conn.query('SELECT Id FROM Account');
    expect(conn.limitInfo.apiUsage!.used).toBe(usage.used + 1);
  });

  it('answers any API version, lists versions, and answers unknown resources with NOT_FOUND', async () => {
    const conn = await sf.connect('45.0');
    const page = await conn.query<Record<string, unknown>>('SELECT Id FROM Account LIMIT 1');
    expect((page.records[0]!.attributes as { url: string }).url).toBe(`/services/data/v45.0/sobjects/Account/${sfId('001', 1)}`);
    const versions = await conn.request<{ version: string }[]>('/services/data');
    expect(versions.map((v) => v.version)).toContain('62.0');
    expect(await apiError(conn.request('/services/data/v45.0/no-such-resource'))).toMatchObject({ name: 'NOT_FOUND' });
  });

  it('answers faults in Salesforce form: 429 REQUEST_LIMIT_EXCEEDED and 503 SERVER_UNAVAILABLE', () => {
    expect(sf.system.tooManyRequests()).toMatchObject({ status: 429, body: [{ errorCode: 'REQUEST_LIMIT_EXCEEDED', message: 'ConcurrentPerOrgLongTxn Limit exceeded.' }] });
    expect(sf.system.serverError()).toMatchObject({ status: 503, body: [{ errorCode: 'SERVER_UNAVAILABLE' }] });
  });
});

describe('Salesforce daily request limit', () => {
  it('answers 403 REQUEST_LIMIT_EXCEEDED past the limit; logging in does not count', async () => {
    const sf = await startSalesforce({ 'salesforce/Account.ndjson': accounts }, { faults: { ...noFaults(), dailyLimits: { salesforce: 3 } } });
    try {
      const conn = await sf.connect();
      for (let i = 0; i < 3; i += 1) await conn.query('SELECT Id FROM Account');
      expect(conn.limitInfo.apiUsage).toEqual({ used: 3, limit: 3 });
      expect(await apiError(conn.query('SELECT Id FROM Account'))).toMatchObject({ name: 'REQUEST_LIMIT_EXCEEDED', message: 'TotalRequests Limit exceeded.' });
      const again = await sf.connect();
      expect(await apiError(again.limits())).toMatchObject({ name: 'REQUEST_LIMIT_EXCEEDED' });
    } finally {
      await sf.close();
    }
  });
});
