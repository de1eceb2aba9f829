import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACCOUNT, recordsOf, startNetsuiteExtract, type NetsuiteExtractKit } from './netsuite-extract-kit.ts';

const STREAMS = ['customer', 'transaction', 'transactionline', 'subsidiary', 'currency', 'currencyrate', 'term'];

describe('NetSuite connector against the sandbox', () => {
  let kit: NetsuiteExtractKit;
  beforeEach(async () => {
    kit = await startNetsuiteExtract(ACCOUNT);
  });
  afterEach(() => kit.close());

  const sandboxCount = async (sql: string): Promise<number> => Number((await kit.sandbox.db.all(sql))[0]!.n);
  const patch = (path: string, body: object): Promise<unknown> => kit.client.request({ path: `record/v1/${path}`, method: 'PATCH', body: JSON.stringify(body) });

  it('describes every stream with typed columns, its raw table and key', async () => {
    const described = await kit.connector().describe();
    expect(described.map((d) => [d.stream, d.table, d.primaryKey])).toEqual(STREAMS.map((s) => [s, `netsuite__${s}`, s === 'transactionline' ? 'uniquekey' : 'id']));
    const customer = described.find((d) => d.stream === 'customer')!;
    const types = Object.fromEntries(customer.columns.map((c) => [c.name, c.type]));
    expect(types).toMatchObject({
      id: 'BIGINT', companyname: 'VARCHAR', creditlimit: 'DECIMAL(18,2)', isinactive: 'BOOLEAN', lastmodifieddate: 'TIMESTAMP', billaddr_city: 'VARCHAR', subsidiary: 'BIGINT',
    });
    const transaction = Object.fromEntries(described.find((d) => d.stream === 'transaction')!.columns.map((c) => [c.name, c.type]));
    expect(transaction).toMatchObject({ trandate: 'DATE', exchangerate: 'DOUBLE', foreigntotal: 'DECIMAL(18,2)' });
    expect((await kit.connector({ streams: ['customer'] }).describe()).map((d) => d.stream)).toEqual(['customer']);
  });

  it('reads every stream in full, matching the sandbox tables in count and typed values', async () => {
    const expected: Record<string, string> = {
      customer: 'SELECT count(*) AS n FROM netsuite."customer"',
      transaction: `SELECT count(*) AS n FROM netsuite."transaction" WHERE "type" IN ('SalesOrd', 'CustInvc', 'CustPymt', 'CustCred')`,
      transactionline: `SELECT count(*) AS n FROM netsuite."transactionline" l JOIN netsuite."transaction" t ON t.id = l."transaction" WHERE t."type" <> 'Estimate'`,
      subsidiary: 'SELECT count(*) AS n FROM netsuite."subsidiary"',
      currency: 'SELECT count(*) AS n FROM netsuite."currency"',
      currencyrate: 'SELECT count(*) AS n FROM netsuite."currencyrate"',
      term: 'SELECT count(*) AS n FROM netsuite."term"',
    };
    const read: Record<string, ReturnType<typeof recordsOf>> = {};
    for (const stream of STREAMS) {
      read[stream] = recordsOf((await kit.readAll(stream, null)).pages);
      expect(read[stream].length, stream).toBe(await sandboxCount(expected[stream]!));
      expect(new Set(read[stream].map((r) => r.id)).size, `${stream} ids are unique`).toBe(read[stream].length);
    }
    const byId = (stream: string, id: string): Record<string, unknown> => read[stream]!.find((r) => r.id === id)!.values;
    // Either side of the spring-forward change in the account's zone (Los Angeles): PST then PDT.
    expect(byId('customer', '1')).toMatchObject({
      lastmodifieddate: '2024-03-10T09:30:00Z', creditlimit: '5000.25', balancesearch: '1200.5', isinactive: false, billaddr_city: 'Springfield', billaddr_zip: '62701', defaultbillingaddress: 100,
    });
    expect(byId('customer', '2')).toMatchObject({ lastmodifieddate: '2024-03-10T10:30:00Z', billaddr_city: null });
    expect(byId('customer', '6')).toMatchObject({ isinactive: true });
    expect(read.customer!.every((r) => !r.deleted)).toBe(true);
    expect(byId('transaction', '10')).toMatchObject({ type: 'CustInvc', trandate: '2024-03-01', duedate: '2024-03-31', foreigntotal: '1000.1', foreignamountunpaid: '400.1', entity: 1 });
    expect(read.transaction!.map((r) => r.values.type).sort()).toEqual(['CustCred', 'CustInvc', 'CustPymt', 'SalesOrd']);
    expect(byId('transactionline', '1001')).toMatchObject({ transaction: 10, rate: '100.01', quantity: -10, mainline: false, transaction_lastmodifieddate: '2024-03-02T10:00:00Z' });
    expect(byId('currencyrate', '2')).toMatchObject({ exchangerate: 1.0931, effectivedate: '2024-04-01' });
    expect(kit.calls.every((c) => c.method === 'POST' && c.endpoint === 'query/v1/suiteql')).toBe(true);
  });

  it('reads only the customer changed through the record API after the cursor', async () => {
    const full = await kit.readAll('customer', null);
    expect(full.cursor).toMatchObject({ modifiedAt: '2024-06-03T12:00:00Z', id: 7 });
    await patch('customer/3', { companyName: 'Renamed Three' });
    const next = await kit.readAll('customer', full.cursor);
    expect(recordsOf(next.pages).map((r) => [r.id, r.values.companyname])).toEqual([['3', 'Renamed Three']]);
    const again = await kit.readAll('customer', next.cursor);
    expect(recordsOf(again.pages)).toEqual([]);
  });

  it('re-reads a little before the cursor when a lookback is set', async () => {
    const full = await kit.readAll('customer', null);
    const next = await kit.readAll('customer', full.cursor, { lookbackSeconds: 86_400 });
    expect(recordsOf(next.pages).map((r) => r.id)).toEqual(['6', '7']);
  });

  it('neither loses nor duplicates customers sharing a second across page and query boundaries', async () => {
    for (const options of [{ pageSize: 2 }, { pageSize: 1, queryWindow: 1 }, { pageSize: 2, queryWindow: 3 }]) {
      const { pages } = await kit.readAll('customer', null, options);
      expect(recordsOf(pages).map((r) => r.id), JSON.stringify(options)).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    }
    // Resuming from a page's cursor in the middle of the shared second continues after it.
    const { pages } = await kit.readAll('customer', null, { pageSize: 3 });
    expect(pages[0]!.cursor).toMatchObject({ modifiedAt: '2024-06-01T12:00:00Z', id: 3 });
    const resumed = await kit.readAll('customer', pages[0]!.cursor);
    expect(recordsOf(resumed.pages).map((r) => r.id)).toEqual(['4', '5', '6', '7']);
  });

  it('reports a customer deleted through the record API as deleted, once', async () => {
    const full = await kit.readAll('customer', null);
    await kit.client.request({ path: 'record/v1/customer/7', method: 'DELETE' });
    const next = await kit.readAll('customer', full.cursor);
    expect(recordsOf(next.pages).map((r) => ({ id: r.id, deleted: r.deleted, values: r.values }))).toEqual([{ id: '7', deleted: true, values: { id: 7 } }]);
    expect(next.cursor).toMatchObject({ modifiedAt: '2024-06-03T12:00:00Z', id: 7, deletedId: 7 });
    expect(recordsOf((await kit.readAll('customer', next.cursor)).pages)).toEqual([]);
  });

  it('reports a deleted invoice on the transaction stream', async () => {
    const full = await kit.readAll('transaction', null);
    await kit.client.request({ path: 'record/v1/creditMemo/13', method: 'DELETE' });
    const next = recordsOf((await kit.readAll('transaction', full.cursor)).pages);
    expect(next.map((r) => [r.id, r.deleted])).toEqual([['13', true]]);
  });

  it('re-reads all lines of a changed transaction and no others', async () => {
    const full = await kit.readAll('transactionline', null);
    expect(full.cursor).toMatchObject({ modifiedAt: '2024-03-12T10:00:00Z', id: 13, uniquekey: 1004 });
    await patch('invoice/10', { memo: 'Re-sent to customer' });
    const next = await kit.readAll('transactionline', full.cursor);
    expect(recordsOf(next.pages).map((r) => r.id)).toEqual(['1000', '1001']);
    const changedAt = String(recordsOf(next.pages)[0]!.values.transaction_lastmodifieddate);
    expect(changedAt > '2024-03-12T10:00:00Z').toBe(true);
  });

  it('tests the connection, and says what to fix when the login is refused', async () => {
    await expect(kit.connector().testConnection()).resolves.toBeUndefined();
    const refused = kit.connector({}, { NS_TOKEN_SECRET: 'wrong' }).testConnection();
    await expect(refused).rejects.toThrow(/401 INVALID_LOGIN.*NS_\* token variables.*account id\/realm.*REST Web Services/);
  });

  it('names the stream and the query when SuiteQL refuses a page', async () => {
    const c = kit.connector({ streams: ['customer'] });
    const [description] = await c.describe();
    const failing = { call: (): Promise<never> => Promise.reject(Object.assign(new Error('HTTPError'), { response: { statusCode: 400, body: '{"o:errorDetails":[{"detail":"Invalid search query.","o:errorCode":"INVALID_PARAMETER"}]}' } })) };
    const pages = c.read(description!, { cursor: null, api: failing, signal: new AbortController().signal });
    await expect((async () => {
      for await (const page of pages) void page;
    })()).rejects.toThrow(/stream customer .*SELECT .*400 INVALID_PARAMETER: Invalid search query/);
  });
});
