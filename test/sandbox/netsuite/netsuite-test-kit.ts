import { randomBytes } from 'node:crypto';
import NetsuiteRest from 'netsuite-rest';
import { expect } from 'vitest';
import { oauthEncode, oauthSignature } from '../../../sandbox/netsuite/oauth1-signature.ts';
import { startSandbox, type RunningSandbox, type SandboxOverrides } from '../../../sandbox/sandbox-server.ts';
import { createNetsuite } from '../../../sandbox/netsuite/netsuite-api.ts';
import { readChanges, type LoggedChange } from '../../../sandbox/store/change-log.ts';
import { makeTempDir, removeDir, writeDataset } from '../../support/dataset-files.ts';

/** One SuiteQL page as netsuite-rest hands it over (`response.data`). */
export interface SuiteqlPage {
  links: { rel: string; href: string }[];
  count: number;
  hasMore: boolean;
  offset: number;
  totalResults: number;
  items: Record<string, unknown>[];
}

export interface NetsuiteKit {
  sandbox: RunningSandbox;
  client: NetsuiteRest;
  /** A client with different credentials against the same sandbox. */
  clientWith(overrides: Partial<ConstructorParameters<typeof NetsuiteRest>[0]>): NetsuiteRest;
  suiteql(q: string, limit?: number, offset?: number, client?: NetsuiteRest): Promise<SuiteqlPage>;
  changes(): Promise<LoggedChange[]>;
  /**
   * A signed request without netsuite-rest, for what the client cannot do: its responses lose the
   * headers (the client spreads got's response, whose `headers` is a prototype getter), so a
   * Location header can only be checked this way.
   */
  raw(method: string, path: string, body?: object): Promise<Response>;
  close(): Promise<void>;
}

/** Starts a sandbox serving only NetSuite over the given dataset files, with the official client. */
export async function startNetsuite(files: Record<string, readonly object[]>, options: SandboxOverrides = {}): Promise<NetsuiteKit> {
  const dir = await makeTempDir('closeloop-netsuite-');
  await writeDataset(dir, files);
  const sandbox = await startSandbox({ dataDir: dir, systems: { netsuite: createNetsuite }, options });
  const o = sandbox.options.netsuite;
  const clientWith = (overrides: Partial<ConstructorParameters<typeof NetsuiteRest>[0]>): NetsuiteRest =>
    new NetsuiteRest({
      consumer_key: o.consumerKey, consumer_secret_key: o.consumerSecret, token: o.tokenId, token_secret: o.tokenSecret,
      realm: o.accountId, base_url: sandbox.urls.netsuite!, ...overrides,
    });
  const client = clientWith({});
  return {
    sandbox,
    client,
    clientWith,
    suiteql: async (q, limit = 1000, offset = 0, using = client) => {
      const response = await using.request<SuiteqlPage>({ path: `query/v1/suiteql?limit=${limit}&offset=${offset}`, method: 'POST', body: JSON.stringify({ q }) });
      return response.data;
    },
    changes: () => sandbox.db.exclusive((tx) => readChanges(tx, { system: 'netsuite' })),
    raw: (method, path, body) => {
      const url = `${sandbox.urls.netsuite}/services/rest/${path}`;
      const init: RequestInit = { method, headers: { authorization: signedHeader(sandbox, method, url) } };
      if (body) init.body = JSON.stringify(body);
      return fetch(url, init);
    },
    close: async () => {
      await sandbox.close();
      await removeDir(dir);
    },
  };
}

/** An OAuth 1.0a header built independently of netsuite-rest (also for replays and stale timestamps). */
export function signedHeader(sandbox: RunningSandbox, method: string, url: string, timestamp = Math.floor(Date.now() / 1000)): string {
  const o = sandbox.options.netsuite;
  const [base, query = ''] = url.split('?');
  const oauth: [string, string][] = [
    ['oauth_consumer_key', o.consumerKey], ['oauth_nonce', randomBytes(16).toString('hex')], ['oauth_signature_method', 'HMAC-SHA256'],
    ['oauth_timestamp', String(timestamp)], ['oauth_token', o.tokenId], ['oauth_version', '1.0'],
  ];
  const queryParams = query ? query.split('&').map((p) => p.split('=') as [string, string]) : [];
  const signature = oauthSignature({ method, baseUrl: base!, params: [...oauth, ...queryParams], consumerSecret: o.consumerSecret, tokenSecret: o.tokenSecret });
  const fields = [...oauth, ['oauth_signature', signature]].map(([k, v]) => `${k}="${oauthEncode(v!)}"`);
  return `OAuth realm="${o.accountId}", ${fields.join(', ')}`;
}

/** The HTTP error a netsuite-rest call rejected with: status, parsed NetSuite error body, headers. */
export async function failure(call: Promise<unknown>): Promise<{ status: number; code: string; detail: string; body: Record<string, unknown>; headers: Record<string, unknown> }> {
  let caught: unknown;
  try {
    await call;
  } catch (error) {
    caught = error;
  }
  expect(caught, 'the request should have failed').toBeDefined();
  const response = (caught as { response?: { statusCode: number; body: string; headers: Record<string, unknown> } }).response;
  expect(response, `expected an HTTP error, got ${String(caught)}`).toBeDefined();
  const body = JSON.parse(response!.body) as { 'o:errorDetails': { detail: string; 'o:errorCode': string }[] };
  const detail = body['o:errorDetails'][0]!;
  return { status: response!.statusCode, code: detail['o:errorCode'], detail: detail.detail, body, headers: response!.headers };
}

/** A small company: subsidiaries, currencies, customers with an address, and their transactions. */
export const COMPANY = {
  'netsuite/subsidiary.ndjson': [
    { id: 1, name: 'Parent Company', fullname: 'Parent Company', currency: 1, country: 'US', iselimination: 'F', isinactive: 'F', lastmodifieddate: '2023-01-01T00:00:00Z' },
    { id: 2, name: 'Germany', fullname: 'Parent Company : Germany', parent: 1, currency: 2, country: 'DE', iselimination: 'F', isinactive: 'F', lastmodifieddate: '2023-01-01T00:00:00Z' },
  ],
  'netsuite/currency.ndjson': [
    { id: 1, name: 'US Dollar', symbol: 'USD', isbasecurrency: 'T', exchangerate: 1, isinactive: 'F' },
    { id: 2, name: 'Euro', symbol: 'EUR', isbasecurrency: 'F', exchangerate: 1.1, isinactive: 'F' },
  ],
  'netsuite/term.ndjson': [{ id: 1, name: 'Net 30', daysuntilnetdue: 30, isinactive: 'F' }],
  'netsuite/entityaddress.ndjson': [
    { nkey: 100, addressee: 'Acme Corp', addr1: '1 Main St', city: 'Springfield', state: 'IL', zip: '62701', country: 'US', addrtext: 'Acme Corp\n1 Main St\nSpringfield IL 62701' },
  ],
  'netsuite/customer.ndjson': [
    {
      id: 1, entityid: 'CUST-1', companyname: 'Acme Corp', email: 'ap@acme.com', externalid: 'SF-001', custentity_crm_account_id: '001A',
      subsidiary: 1, currency: 1, terms: 1, creditlimit: 10000, balancesearch: 1200.5, isinactive: 'F', isperson: false,
      defaultbillingaddress: 100, datecreated: '2023-01-05T08:00:00Z', lastmodifieddate: '2024-03-31T12:05:00Z',
    },
    {
      id: 2, entityid: 'CUST-2', companyname: 'Beta GmbH', email: 'rechnung@beta.de', subsidiary: 2, currency: 2, creditlimit: 5000.25,
      isinactive: 'T', datecreated: '2023-02-01T08:00:00Z', lastmodifieddate: '2024-01-15T08:00:00Z',
    },
    { id: 3, entityid: 'CUST-3', companyname: 'Gamma Ltd', subsidiary: 1, currency: 1, isinactive: 'F', datecreated: '2023-03-01T08:00:00Z', lastmodifieddate: '2024-02-01T23:30:00Z' },
  ],
  'netsuite/transaction.ndjson': [
    { id: 10, tranid: 'INV-10', type: 'CustInvc', recordtype: 'invoice', entity: 1, trandate: '2024-03-01', duedate: '2024-03-31', status: 'A', foreigntotal: 1000, foreignamountunpaid: 400, foreignamountpaid: 600, currency: 1, exchangerate: 1, externalid: 'INV-EXT-10', lastmodifieddate: '2024-03-02T10:00:00Z' },
    { id: 11, tranid: 'INV-11', type: 'CustInvc', recordtype: 'invoice', entity: 2, trandate: '2024-03-05', duedate: '2024-04-04', status: 'B', foreigntotal: 500, foreignamountunpaid: 0, foreignamountpaid: 500, currency: 2, exchangerate: 1.1, lastmodifieddate: '2024-03-06T10:00:00Z' },
    { id: 12, tranid: 'SO-12', type: 'SalesOrd', recordtype: 'salesorder', entity: 1, trandate: '2024-02-20', status: 'F', foreigntotal: 2000, currency: 1, exchangerate: 1, lastmodifieddate: '2024-02-21T10:00:00Z' },
    { id: 13, tranid: 'PYMT-13', type: 'CustPymt', recordtype: 'customerpayment', entity: 1, trandate: '2024-03-10', status: 'B', foreigntotal: 600, currency: 1, exchangerate: 1, lastmodifieddate: '2024-03-10T10:00:00Z' },
  ],
  'netsuite/transactionline.ndjson': [
    { uniquekey: 1000, transaction: 11, id: 0, linesequencenumber: 0, mainline: 'T', foreignamount: 500, entity: 2, subsidiary: 2 },
    { uniquekey: 1001, transaction: 11, id: 1, linesequencenumber: 1, mainline: 'F', quantity: -5, rate: 100, foreignamount: -500, entity: 2, subsidiary: 2 },
  ],
} as const;
