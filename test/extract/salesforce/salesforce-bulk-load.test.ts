import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExtractedRecord, StreamDescription } from '../../../extract/extract-types.ts';
import { RecordingApi, readAll, sandboxConnector, sfId, startSalesforce, streamOf, type SalesforceFixture } from './salesforce-connector-fixture.ts';

const users = [{ Id: sfId('005', 1), Username: 'ana@acme.test', LastName: 'Lima', SystemModstamp: '2024-01-01T00:00:00.000Z' }];
const accounts = [
  ...Array.from({ length: 40 }, (_, i) => ({
    Id: sfId('001', i + 1),
    Name: i === 0 ? 'Quote "and", comma' : `Account ${i + 1}`,
    BillingCountry: 'US',
    OwnerId: i % 2 === 0 ? sfId('005', 1) : null,
    AnnualRevenue: i % 3 === 0 ? 1000 + i + 0.25 : null,
    NumberOfEmployees: i % 4 === 0 ? i : null,
    ERP_Credit_Hold__c: i % 5 === 0,
    ERP_Oldest_Overdue_Date__c: i % 6 === 0 ? '2024-02-29' : null,
    // Four accounts per timestamp, listed out of order.
    SystemModstamp: `2024-04-01T10:0${9 - Math.floor(i / 4)}:00.000Z`,
  })),
  { Id: sfId('001', 99), Name: 'Binned', BillingCountry: 'US', IsDeleted: true, SystemModstamp: '2024-04-02T00:00:00.000Z' },
];

const byId = (records: readonly ExtractedRecord[]): Map<string, ExtractedRecord> => new Map(records.map((r) => [r.id, r]));

describe('Salesforce connector: Bulk API 2.0 first loads and quota', () => {
  let sf: SalesforceFixture;
  let account: StreamDescription;
  beforeAll(async () => {
    sf = await startSalesforce({ 'salesforce/User.ndjson': users, 'salesforce/Account.ndjson': accounts }, { salesforce: { dailyApiLimit: 5000 } });
    account = await streamOf(sandboxConnector(sf), 'Account');
  });
  afterAll(() => sf.close());

  it('uses a bulk query job at or above the threshold and lands the same records and values as REST', async () => {
    const bulkApi = new RecordingApi();
    const bulk = await readAll(sandboxConnector(sf, { bulkThreshold: 10, pageSize: 15 }), account, null, bulkApi);
    const rest = await readAll(sandboxConnector(sf, { bulkThreshold: 1000, pageSize: 15 }), account, null);
    expect(bulkApi.calls.map((c) => c.endpoint)).toEqual(['/services/oauth2/token', '/services/data/v62.0/query', '/services/data/v62.0/jobs/query']);
    expect(bulk.pages.map((p) => p.records.length)).toEqual([15, 15, 11]);
    // Bulk results stream in the job's order, not the keyset's: the same records, once each.
    expect(bulk.records.map((r) => r.id).sort()).toEqual(rest.records.map((r) => r.id).sort());
    const restById = byId(rest.records);
    for (const record of bulk.records) {
      expect(record.values, record.id).toEqual(restById.get(record.id)!.values);
      expect(record.deleted).toBe(restById.get(record.id)!.deleted);
    }
    expect(byId(bulk.records).get(sfId('001', 1))!.values).toMatchObject({ name: 'Quote "and", comma', annualrevenue: 1000.25, numberofemployees: 0, erp_credit_hold__c: true, erp_oldest_overdue_date__c: '2024-02-29' });
    expect(byId(bulk.records).get(sfId('001', 99))).toMatchObject({ deleted: true });
    // Only the last page commits a keyset (the highest one, as REST's last page does); a load killed
    // before it starts again, and versions already landed are not landed twice.
    expect(bulk.pages.slice(0, -1).map((p) => p.cursor)).toEqual([{ systemModstamp: null, id: null }, { systemModstamp: null, id: null }]);
    expect(bulk.pages.at(-1)!.cursor).toEqual(rest.pages.at(-1)!.cursor);
  });

  it('reads the increment after a bulk load with REST from the committed cursor', async () => {
    const connector = sandboxConnector(sf, { bulkThreshold: 10, pageSize: 15, lookbackSeconds: 0 });
    const bulk = await readAll(connector, account, null);
    const conn = await sf.connect();
    await conn.sobject('Account').update({ Id: sfId('001', 40), Name: 'After bulk' });
    const api = new RecordingApi();
    const increment = await readAll(connector, account, bulk.cursor, api);
    expect(increment.records.map((r) => [r.id, r.values.name])).toEqual([[sfId('001', 40), 'After bulk']]);
    expect(api.calls.map((c) => c.endpoint)).toEqual(['/services/data/v62.0/queryAll']);
  });

  it('reports the API usage Salesforce sends in Sforce-Limit-Info', async () => {
    const connector = sandboxConnector(sf, { pageSize: 10 });
    expect(connector.quota()).toBeUndefined();
    await readAll(connector, account, null);
    const before = connector.quota()!;
    expect(before.limit).toBe(5000);
    expect(before.used).toBeGreaterThan(0);
    const api = new RecordingApi();
    await readAll(connector, account, null, api);
    expect(api.calls.length).toBeGreaterThan(1);
    expect(connector.quota()).toEqual({ used: before.used + api.calls.length, limit: 5000 });
  });
});
