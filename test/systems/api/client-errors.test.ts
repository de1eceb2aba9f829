import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Connection } from 'jsforce';
import { Client } from '@hubspot/api-client';
import NetsuiteRest from 'netsuite-rest';
import { isRetriable, parseRetryAfter, readClientError } from '../../../systems/api/client-errors.ts';
import { startSandbox, type RunningSandbox } from '../../../sandbox/sandbox-server.ts';
import { ALL_SYSTEMS } from '../../../sandbox/all-systems.ts';
import { makeTempDir, removeDir, writeDataset } from '../../support/dataset-files.ts';

let sandbox: RunningSandbox;
let dir: string;

beforeAll(async () => {
  dir = await makeTempDir();
  await writeDataset(dir, {
    'salesforce/Account.ndjson': [{ Id: '001000000000001AAA', Name: 'Acme', OwnerId: '005000000000001AAA' }],
    'hubspot/companies.ndjson': [{ id: '101', properties: { name: 'Acme' }, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', archived: false }],
    'netsuite/customer.ndjson': [{ id: 7, companyname: 'Acme', isinactive: 'F' }],
  });
  sandbox = await startSandbox({ dataDir: dir, systems: ALL_SYSTEMS });
});

afterAll(async () => {
  await sandbox.close();
  await removeDir(dir);
});

type Fault = 'tooManyRequests' | 'serverError' | 'connectionReset';

/** Turns one fault on for every request while `work` runs, and returns what the client threw. */
async function failureWith(fault: Fault, work: () => Promise<unknown>): Promise<unknown> {
  const rates = Object.values(sandbox.options.faults.rates);
  for (const r of rates) r[fault] = 1;
  try {
    await work();
  } catch (error) {
    return error;
  } finally {
    for (const r of rates) r[fault] = 0;
  }
  throw new Error('expected the call to fail');
}

function hubspot(): Client {
  return new Client({ accessToken: sandbox.options.hubspot.accessToken, basePath: sandbox.urls.hubspot!, numberOfApiCallRetries: 0 });
}

function suiteql(): Promise<unknown> {
  const ns = sandbox.options.netsuite;
  const client = new NetsuiteRest({
    consumer_key: ns.consumerKey, consumer_secret_key: ns.consumerSecret, token: ns.tokenId, token_secret: ns.tokenSecret,
    realm: ns.accountId, base_url: sandbox.urls.netsuite!,
  });
  return client.request({ path: 'query/v1/suiteql?limit=10&offset=0', method: 'POST', body: JSON.stringify({ q: 'SELECT id FROM customer' }) });
}

async function salesforce(): Promise<Connection> {
  const sf = sandbox.options.salesforce;
  const conn = new Connection({ loginUrl: sandbox.urls.salesforce, version: '62.0', oauth2: { loginUrl: sandbox.urls.salesforce, clientId: sf.clientId, clientSecret: sf.clientSecret } });
  await conn.login(sf.username, sf.password);
  return conn;
}

describe('readClientError on errors thrown by the official clients', () => {
  it('HubSpot ApiException: status, category and retriability', async () => {
    const throttled = readClientError(await failureWith('tooManyRequests', () => hubspot().crm.companies.basicApi.getPage(10)));
    expect(throttled).toMatchObject({ status: 429, dailyLimit: false });
    expect(isRetriable(throttled)).toBe(true);
    const down = readClientError(await failureWith('serverError', () => hubspot().crm.companies.basicApi.getPage(10)));
    expect(down.status).toBeGreaterThanOrEqual(500);
    expect(isRetriable(down)).toBe(true);
    const missing = readClientError(await hubspot().crm.companies.basicApi.getById('999999').catch((e: unknown) => e));
    expect(missing.status).toBe(404);
    expect(isRetriable(missing)).toBe(false);
  });

  it('netsuite-rest (got HTTPError): status and NetSuite error code from the body; resets are retriable', async () => {
    const throttled = readClientError(await failureWith('tooManyRequests', suiteql));
    expect(throttled).toMatchObject({ status: 429, code: 'CONCURRENCY_LIMIT_EXCEEDED' });
    expect(isRetriable(throttled)).toBe(true);
    const reset = readClientError(await failureWith('connectionReset', suiteql));
    expect(reset.status).toBeUndefined();
    expect(isRetriable(reset)).toBe(true);
  });

  it('jsforce HttpApiError: status inferred from the Salesforce error code', async () => {
    const conn = await salesforce();
    // POSTs are not retried by jsforce itself, so the fault reaches us at once.
    const create = (): Promise<unknown> => conn.sobject('Account').create({ Name: 'New' });
    const throttled = readClientError(await failureWith('tooManyRequests', create));
    expect(throttled).toMatchObject({ status: 429, code: 'REQUEST_LIMIT_EXCEEDED', dailyLimit: false });
    expect(isRetriable(throttled)).toBe(true);
    const down = readClientError(await failureWith('serverError', create));
    expect(down.status).toBe(503);
    const bad = readClientError(await Promise.resolve(conn.query('SELECT Nope FROM Account')).then(() => undefined, (e: unknown) => e));
    expect(bad.status).toBe(400);
    expect(isRetriable(bad)).toBe(false);
    const refused = readClientError(await failureWith('tooManyRequests', () => salesforce()));
    expect(refused.status).toBe(429);
  });

  it('Salesforce daily limit and HubSpot daily policy are quota, not retries', () => {
    const sfDaily = readClientError(Object.assign(new Error('TotalRequests Limit exceeded.'), { name: 'REQUEST_LIMIT_EXCEEDED', errorCode: 'REQUEST_LIMIT_EXCEEDED' }));
    expect(sfDaily).toMatchObject({ status: 403, dailyLimit: true });
    expect(isRetriable(sfDaily)).toBe(false);
  });

  it('parses Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});
