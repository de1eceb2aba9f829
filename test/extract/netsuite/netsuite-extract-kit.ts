import NetsuiteRest from 'netsuite-rest';
import type { NetsuiteSourceConfig } from '../../../config/pipeline-config.ts';
import type { ApiCaller, StreamCursor, StreamDescription, StreamPage, SourceConnector } from '../../../extract/extract-types.ts';
import { createNetsuiteConnector, type NetsuiteConnectorOptions } from '../../../extract/netsuite/netsuite-connector.ts';
import { createNetsuite } from '../../../sandbox/netsuite/netsuite-api.ts';
import { startSandbox, type RunningSandbox } from '../../../sandbox/sandbox-server.ts';
import { makeTempDir, removeDir, writeDataset } from '../../support/dataset-files.ts';

export interface NetsuiteExtractKit {
  sandbox: RunningSandbox;
  /** The official client on the sandbox, to change records through the record API. */
  client: NetsuiteRest;
  connector(options?: NetsuiteConnectorOptions, secrets?: Record<string, string>): SourceConnector;
  /** Every API call the connector made through the ApiCaller. */
  calls: { method: string; endpoint: string }[];
  /** Reads a stream to the end: its pages and the last cursor. */
  readAll(stream: string, cursor: StreamCursor | null, options?: NetsuiteConnectorOptions): Promise<{ pages: StreamPage[]; cursor: StreamCursor | null }>;
  close(): Promise<void>;
}

export const SOURCE: Omit<NetsuiteSourceConfig, 'accountId'> = {
  timeZone: 'America/Los_Angeles',
  consumerKeyEnv: 'NS_CONSUMER_KEY', consumerSecretEnv: 'NS_CONSUMER_SECRET', tokenIdEnv: 'NS_TOKEN_ID', tokenSecretEnv: 'NS_TOKEN_SECRET',
};

export async function startNetsuiteExtract(files: Record<string, readonly object[]>): Promise<NetsuiteExtractKit> {
  const dir = await makeTempDir('closeloop-ns-extract-');
  await writeDataset(dir, files);
  const sandbox = await startSandbox({ dataDir: dir, systems: { netsuite: createNetsuite } });
  const o = sandbox.options.netsuite;
  const baseUrl = sandbox.urls.netsuite!;
  const secrets: Record<string, string> = { NS_CONSUMER_KEY: o.consumerKey, NS_CONSUMER_SECRET: o.consumerSecret, NS_TOKEN_ID: o.tokenId, NS_TOKEN_SECRET: o.tokenSecret };
  const calls: { method: string; endpoint: string }[] = [];
  const api: ApiCaller = {
    call: (request, send) => {
      calls.push(request);
      return send();
    },
  };
  const connector = (options: NetsuiteConnectorOptions = {}, overrides: Record<string, string> = {}): SourceConnector =>
    createNetsuiteConnector({ ...SOURCE, accountId: o.accountId, baseUrl }, (name) => ({ ...secrets, ...overrides })[name]!, options);
  return {
    sandbox,
    client: new NetsuiteRest({
      consumer_key: o.consumerKey, consumer_secret_key: o.consumerSecret, token: o.tokenId, token_secret: o.tokenSecret, realm: o.accountId, base_url: baseUrl,
    }),
    connector,
    calls,
    readAll: async (stream, cursor, options = {}) => {
      const c = connector(options);
      const description = (await c.describe()).find((d) => d.stream === stream) as StreamDescription;
      const pages: StreamPage[] = [];
      for await (const page of c.read(description, { cursor, api, signal: new AbortController().signal })) pages.push(page);
      return { pages, cursor: pages.at(-1)?.cursor ?? cursor };
    },
    close: async () => {
      await sandbox.close();
      await removeDir(dir);
    },
  };
}

export function recordsOf(pages: StreamPage[]): StreamPage['records'] {
  return pages.flatMap((p) => p.records);
}

const customer = (id: number, lastmodifieddate: string, extra: object = {}): object => ({
  id, entityid: `CUST-${id}`, companyname: `Company ${id}`, subsidiary: 1, currency: 1, isinactive: 'F', datecreated: '2023-01-05T08:00:00Z', lastmodifieddate, ...extra,
});

/**
 * A small account: customers on both sides of the spring DST change (2024-03-10 10:00Z in Los Angeles),
 * three customers sharing one second, an inactive one, and transactions of every type with lines.
 */
export const ACCOUNT = {
  'netsuite/subsidiary.ndjson': [
    { id: 1, name: 'Parent Company', fullname: 'Parent Company', currency: 1, country: 'US', iselimination: 'F', isinactive: 'F', lastmodifieddate: '2023-01-01T00:00:00Z' },
    { id: 2, name: 'Germany', fullname: 'Parent Company : Germany', parent: 1, currency: 2, country: 'DE', iselimination: 'F', isinactive: 'F', lastmodifieddate: '2023-01-02T00:00:00Z' },
  ],
  'netsuite/currency.ndjson': [
    { id: 1, name: 'US Dollar', symbol: 'USD', isbasecurrency: 'T', exchangerate: 1, isinactive: 'F', lastmodifieddate: '2022-01-01T00:00:00Z' },
    { id: 2, name: 'Euro', symbol: 'EUR', isbasecurrency: 'F', exchangerate: 1.0825, isinactive: 'F', lastmodifieddate: '2022-01-01T00:00:00Z' },
  ],
  'netsuite/currencyrate.ndjson': [
    { id: 1, basecurrency: 1, transactioncurrency: 2, exchangerate: 1.0825, effectivedate: '2024-03-01', lastmodifieddate: '2024-03-01T01:00:00Z' },
    { id: 2, basecurrency: 1, transactioncurrency: 2, exchangerate: 1.0931, effectivedate: '2024-04-01', lastmodifieddate: '2024-04-01T01:00:00Z' },
  ],
  'netsuite/term.ndjson': [{ id: 1, name: 'Net 30', daysuntilnetdue: 30, isinactive: 'F', lastmodifieddate: '2022-01-01T00:00:00Z' }],
  'netsuite/entityaddress.ndjson': [
    { nkey: 100, addressee: 'Company 1', addr1: '1 Main St', city: 'Springfield', state: 'IL', zip: '62701', country: 'US', addrtext: 'Company 1\n1 Main St' },
  ],
  'netsuite/customer.ndjson': [
    customer(1, '2024-03-10T09:30:00Z', { defaultbillingaddress: 100, creditlimit: 5000.25, balancesearch: 1200.5 }),
    customer(2, '2024-03-10T10:30:00Z'),
    customer(5, '2024-06-01T12:00:00Z'),
    customer(3, '2024-06-01T12:00:00Z'),
    customer(4, '2024-06-01T12:00:00Z'),
    customer(6, '2024-06-02T12:00:00Z', { isinactive: 'T' }),
    customer(7, '2024-06-03T12:00:00Z'),
  ],
  'netsuite/transaction.ndjson': [
    { id: 10, tranid: 'INV-10', type: 'CustInvc', recordtype: 'invoice', entity: 1, trandate: '2024-03-01', duedate: '2024-03-31', status: 'A', foreigntotal: 1000.1, foreignamountunpaid: 400.1, foreignamountpaid: 600, currency: 1, exchangerate: 1, lastmodifieddate: '2024-03-02T10:00:00Z' },
    { id: 11, tranid: 'SO-11', type: 'SalesOrd', recordtype: 'salesorder', entity: 1, trandate: '2024-02-20', status: 'F', foreigntotal: 2000, currency: 1, exchangerate: 1, lastmodifieddate: '2024-02-21T10:00:00Z' },
    { id: 12, tranid: 'PYMT-12', type: 'CustPymt', recordtype: 'customerpayment', entity: 1, trandate: '2024-03-10', status: 'B', foreigntotal: 600, currency: 1, exchangerate: 1, lastmodifieddate: '2024-03-10T10:00:00Z' },
    { id: 13, tranid: 'CM-13', type: 'CustCred', recordtype: 'creditmemo', entity: 2, trandate: '2024-03-12', status: 'A', foreigntotal: 50, currency: 1, exchangerate: 1, lastmodifieddate: '2024-03-12T10:00:00Z' },
    { id: 14, tranid: 'EST-14', type: 'Estimate', recordtype: 'estimate', entity: 2, trandate: '2024-03-12', status: 'A', foreigntotal: 70, currency: 1, exchangerate: 1, lastmodifieddate: '2024-03-12T11:00:00Z' },
  ],
  'netsuite/transactionline.ndjson': [
    { uniquekey: 1000, transaction: 10, id: 0, linesequencenumber: 0, mainline: 'T', foreignamount: 1000.1, entity: 1, subsidiary: 1 },
    { uniquekey: 1001, transaction: 10, id: 1, linesequencenumber: 1, mainline: 'F', quantity: -10, rate: 100.01, foreignamount: -1000.1, entity: 1, subsidiary: 1 },
    { uniquekey: 1002, transaction: 11, id: 0, linesequencenumber: 0, mainline: 'T', foreignamount: 2000, entity: 1, subsidiary: 1 },
    { uniquekey: 1003, transaction: 11, id: 1, linesequencenumber: 1, mainline: 'F', quantity: -4, rate: 500, foreignamount: -2000, entity: 1, subsidiary: 1 },
    { uniquekey: 1004, transaction: 13, id: 0, linesequencenumber: 0, mainline: 'T', foreignamount: -50, entity: 2, subsidiary: 1 },
    { uniquekey: 1005, transaction: 14, id: 0, linesequencenumber: 0, mainline: 'T', foreignamount: 70, entity: 2, subsidiary: 1 },
  ],
} as const;
