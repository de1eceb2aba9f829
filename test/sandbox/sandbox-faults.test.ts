import { afterEach, describe, expect, it } from 'vitest';
import { Connection } from 'jsforce';
import { Client } from '@hubspot/api-client';
import NetsuiteRest from 'netsuite-rest';
import { startSandbox, type RunningSandbox } from '../../sandbox/sandbox-server.ts';
import { ALL_SYSTEMS } from '../../sandbox/all-systems.ts';
import { parseFaultSpec } from '../../sandbox/faults/fault-spec.ts';
import { makeTempDir, removeDir, writeDataset } from '../support/dataset-files.ts';

const running: RunningSandbox[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const r of running.splice(0)) await r.close();
  for (const d of dirs.splice(0)) await removeDir(d);
});

async function sandboxWith(faults: string): Promise<RunningSandbox> {
  const dir = await makeTempDir();
  dirs.push(dir);
  await writeDataset(dir, {
    'salesforce/Account.ndjson': [{ Id: '001000000000001AAA', Name: 'Acme', BillingCountry: 'US', OwnerId: '005000000000001AAA' }],
    'hubspot/companies.ndjson': [{ id: '101', properties: { name: 'Acme' }, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', archived: false }],
    'netsuite/customer.ndjson': [{ id: 7, companyname: 'Acme', isinactive: 'F' }],
  });
  const sandbox = await startSandbox({ dataDir: dir, systems: ALL_SYSTEMS, options: { faults: parseFaultSpec(faults) } });
  running.push(sandbox);
  return sandbox;
}

function clients(sandbox: RunningSandbox) {
  const { salesforce: sf, hubspot: hs, netsuite: ns } = sandbox.options;
  return {
    salesforce: new Connection({ loginUrl: sandbox.urls.salesforce, version: '62.0', oauth2: { loginUrl: sandbox.urls.salesforce, clientId: sf.clientId, clientSecret: sf.clientSecret } }),
    hubspot: new Client({ accessToken: hs.accessToken, basePath: sandbox.urls.hubspot!, numberOfApiCallRetries: 0 }),
    netsuite: new NetsuiteRest({
      consumer_key: ns.consumerKey, consumer_secret_key: ns.consumerSecret, token: ns.tokenId, token_secret: ns.tokenSecret,
      realm: ns.accountId, base_url: sandbox.urls.netsuite!,
    }),
  };
}

function suiteql(client: NetsuiteRest) {
  return client.request({ path: 'query/v1/suiteql?limit=10&offset=0', method: 'POST', body: JSON.stringify({ q: 'SELECT id FROM customer' }) });
}

async function rejection(promise: Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Record<string, unknown>;
  }
  throw new Error('expected the call to fail');
}

describe('fault injection, as each official client sees it', () => {
  it('429: every system answers with its own throttling response', async () => {
    const sandbox = await sandboxWith('429=1');
    const c = clients(sandbox);
    const sf = await rejection(c.salesforce.login(sandbox.options.salesforce.username, sandbox.options.salesforce.password));
    // The token endpoint answers in OAuth's error format, which jsforce turns into the error's name.
    expect(sf.name).toBe('request_limit_exceeded');

    const hs = await rejection(c.hubspot.crm.companies.basicApi.getPage(10));
    expect(hs.code).toBe(429);
    expect(JSON.stringify(hs.body)).toMatch(/RATE_LIMIT/);

    const ns = await rejection(suiteql(c.netsuite));
    const nsResponse = ns.response as { statusCode: number; body: string };
    expect(nsResponse.statusCode).toBe(429);
    expect(JSON.parse(nsResponse.body)).toMatchObject({ status: 429 });
  });

  it('5xx: a JSON server error each client can parse', async () => {
    const sandbox = await sandboxWith('5xx=1');
    const c = clients(sandbox);
    const hs = await rejection(c.hubspot.crm.companies.basicApi.getPage(10));
    expect(Number(hs.code)).toBeGreaterThanOrEqual(500);
    const ns = await rejection(suiteql(c.netsuite));
    const nsResponse = ns.response as { statusCode: number; body: string };
    expect(nsResponse.statusCode).toBeGreaterThanOrEqual(500);
    expect(() => JSON.parse(nsResponse.body)).not.toThrow();
  });

  it('reset: the connection is dropped without an answer', async () => {
    const sandbox = await sandboxWith('reset=1');
    const c = clients(sandbox);
    const hs = await rejection(c.hubspot.crm.companies.basicApi.getPage(10));
    expect(String(hs.message) + String((hs.cause as Error | undefined)?.message)).toMatch(/fetch failed|socket|ECONNRESET|other side closed/i);
    const ns = await rejection(suiteql(c.netsuite));
    expect(String(ns.code ?? ns.message)).toMatch(/ECONNRESET|socket hang up/i);
  });

  it('slow: the answer comes after slow-ms, past a client timeout, and is then correct', async () => {
    const sandbox = await sandboxWith('slow=1,slow-ms=600');
    const url = `${sandbox.urls.hubspot}/crm/v3/objects/companies?limit=1`;
    const headers = { authorization: `Bearer ${sandbox.options.hubspot.accessToken}` };
    await expect(fetch(url, { headers, signal: AbortSignal.timeout(150) })).rejects.toThrow(/timeout|aborted/i);
    const started = Date.now();
    const response = await fetch(url, { headers });
    expect(Date.now() - started).toBeGreaterThanOrEqual(550);
    expect(response.status).toBe(200);
  });

  it('no faults: the same calls succeed', async () => {
    const sandbox = await sandboxWith('');
    const c = clients(sandbox);
    await c.salesforce.login(sandbox.options.salesforce.username, sandbox.options.salesforce.password);
    expect((await c.salesforce.query('SELECT Id FROM Account')).totalSize).toBe(1);
    expect((await c.hubspot.crm.companies.basicApi.getPage(10)).results).toHaveLength(1);
    expect(((await suiteql(c.netsuite)).data as { items: unknown[] }).items).toHaveLength(1);
  });
});
