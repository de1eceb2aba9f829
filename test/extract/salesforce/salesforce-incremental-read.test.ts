import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from 'jsforce';
import type { ExtractedRecord, SourceConnector, StreamCursor, StreamDescription, StreamPage } from '../../../extract/extract-types.ts';
import { RecordingApi, readAll, sandboxConnector, sfId, startSalesforce, streamOf, type SalesforceFixture } from './salesforce-connector-fixture.ts';

const SHARED_STAMP = '2024-04-01T10:00:00.000Z';
const users = [1, 2, 3].map((n) => ({ Id: sfId('005', n), Username: `u${n}@acme.test`, LastName: `User ${n}`, IsActive: n !== 3, SystemModstamp: `2024-01-0${n}T08:00:00.000Z` }));
const accounts = [
  // Twelve accounts share one SystemModstamp, so small pages split them across page boundaries.
  ...Array.from({ length: 12 }, (_, i) => ({
    Id: sfId('001', i + 1),
    Name: i === 0 ? "O'Brien \\ Sons" : `Shared ${i + 1}`,
    BillingCountry: 'US',
    OwnerId: sfId('005', 1),
    AnnualRevenue: i === 0 ? 1234.5 : null,
    NumberOfEmployees: i === 0 ? 42 : null,
    CreatedDate: '2024-03-01T09:30:00.000Z',
    SystemModstamp: SHARED_STAMP,
  })),
  ...Array.from({ length: 8 }, (_, i) => ({ Id: sfId('001', 13 + i), Name: `Later ${i}`, BillingCountry: 'DE', OwnerId: sfId('005', 2), SystemModstamp: `2024-04-02T0${i}:00:00.000Z` })),
  { Id: sfId('001', 21), Name: 'Binned', BillingCountry: 'US', IsDeleted: true, SystemModstamp: '2024-04-03T00:00:00.000Z' },
];
const opportunities = [
  { Id: sfId('006', 1), AccountId: sfId('001', 1), Name: 'Renewal', StageName: 'Closed Won', Amount: 1200.5, Probability: 100, CloseDate: '2024-03-31', OwnerId: sfId('005', 1), SystemModstamp: '2024-04-01T11:00:00.000Z' },
  { Id: sfId('006', 2), AccountId: sfId('001', 2), Name: 'Upsell', StageName: 'Prospecting', Amount: null, Probability: 10, CloseDate: '2024-06-30', OwnerId: sfId('005', 2), SystemModstamp: '2024-04-01T12:00:00.000Z' },
];
const lineItems = [{ Id: sfId('00k', 1), OpportunityId: sfId('006', 1), Quantity: 3, UnitPrice: 400.17, TotalPrice: 1200.5, ServiceDate: '2024-04-01', SystemModstamp: '2024-04-01T11:00:00.000Z' }];

const ids = (records: readonly ExtractedRecord[]): string[] => records.map((r) => r.id);
const stampOf = (cursor: StreamCursor | null): number => Date.parse(String(cursor?.systemModstamp));

describe('Salesforce connector: keyset incremental reads', () => {
  let sf: SalesforceFixture;
  let conn: Connection;
  let connector: SourceConnector;
  let account: StreamDescription;
  beforeAll(async () => {
    sf = await startSalesforce({
      'salesforce/User.ndjson': users,
      'salesforce/Account.ndjson': accounts,
      'salesforce/Opportunity.ndjson': opportunities,
      'salesforce/OpportunityLineItem.ndjson': lineItems,
    });
    conn = await sf.connect();
    connector = sandboxConnector(sf, { pageSize: 5, lookbackSeconds: 0 });
    account = await streamOf(connector, 'Account');
  });
  afterAll(() => sf.close());

  it('reads every record once, in keyset pages, with typed values and deleted rows flagged', async () => {
    const api = new RecordingApi();
    const { pages, records } = await readAll(connector, account, null, api);
    expect(pages.map((p) => p.records.length)).toEqual([5, 5, 5, 5, 1]);
    expect(ids(records).sort()).toEqual(accounts.map((a) => a.Id).sort());
    const first = records.find((r) => r.id === sfId('001', 1))!;
    expect(first.deleted).toBe(false);
    expect(first.values).toMatchObject({
      id: sfId('001', 1), name: "O'Brien \\ Sons", annualrevenue: 1234.5, numberofemployees: 42, isdeleted: false,
      createddate: '2024-03-01T09:30:00.000Z', systemmodstamp: SHARED_STAMP, ownerid: sfId('005', 1), description: null,
    });
    expect((first.raw as { SystemModstamp: string }).SystemModstamp).toBe('2024-04-01T10:00:00.000+0000');
    expect(records.filter((r) => r.deleted).map((r) => r.id)).toEqual([sfId('001', 21)]);
    // Cursors strictly advance through the twelve records sharing one timestamp.
    const cursors = pages.map((p) => p.cursor);
    expect(cursors.slice(0, 2)).toEqual([{ systemModstamp: SHARED_STAMP, id: sfId('001', 5) }, { systemModstamp: SHARED_STAMP, id: sfId('001', 10) }]);
    expect(cursors.at(-1)).toEqual({ systemModstamp: '2024-04-03T00:00:00.000Z', id: sfId('001', 21) });
    expect(api.calls.filter((c) => c.endpoint.endsWith('/queryAll'))).toHaveLength(5);
    expect(api.calls.every((c) => c.endpoint.startsWith('/services/'))).toBe(true);
  });

  it('types dates, currency, percent and booleans on the other streams', async () => {
    const [opportunity, lineItem, user] = await Promise.all(['Opportunity', 'OpportunityLineItem', 'User'].map((s) => streamOf(connector, s)));
    const opps = (await readAll(connector, opportunity!, null)).records;
    expect(opps.map((r) => r.values)).toMatchObject([
      { id: sfId('006', 1), closedate: '2024-03-31', amount: 1200.5, probability: 100, isclosed: true, iswon: true, accountid: sfId('001', 1) },
      { id: sfId('006', 2), closedate: '2024-06-30', amount: null, probability: 10, isclosed: false },
    ]);
    expect((await readAll(connector, lineItem!, null)).records[0]!.values).toMatchObject({ quantity: 3, unitprice: 400.17, servicedate: '2024-04-01', opportunityid: sfId('006', 1) });
    const people = (await readAll(connector, user!, null)).records;
    expect(people.map((r) => [r.id, r.values.isactive, r.deleted])).toEqual([[sfId('005', 1), true, false], [sfId('005', 2), true, false], [sfId('005', 3), false, false]]);
  });

  it('reads only what changed after the saved cursor, deletes included', async () => {
    const full = await readAll(connector, account, null);
    await conn.sobject('Account').update([{ Id: sfId('001', 3), Name: 'Renamed 3' }, { Id: sfId('001', 15), NumberOfEmployees: 7 }]);
    await conn.sobject('Account').destroy(sfId('001', 7));
    const increment = await readAll(connector, account, full.cursor);
    expect(ids(increment.records).sort()).toEqual([sfId('001', 3), sfId('001', 15), sfId('001', 7)].sort());
    const byId = new Map(increment.records.map((r) => [r.id, r]));
    expect(byId.get(sfId('001', 3))!.values.name).toBe('Renamed 3');
    expect(byId.get(sfId('001', 15))!.values.numberofemployees).toBe(7);
    expect(byId.get(sfId('001', 7))).toMatchObject({ deleted: true, values: { isdeleted: true, name: 'Shared 7' } });
    expect(stampOf(increment.cursor)).toBeGreaterThan(stampOf(full.cursor));
    expect((await readAll(connector, account, increment.cursor)).records).toEqual([]);
  });

  it('lands a record updated while paging, and every other record too', async () => {
    const pages: StreamPage[] = [];
    const reader = connector.read(account, { cursor: null, api: new RecordingApi(), signal: new AbortController().signal });
    for await (const page of reader) {
      pages.push(page);
      if (pages.length === 1) {
        expect(ids(page.records)).toContain(sfId('001', 2));
        await conn.sobject('Account').update([{ Id: sfId('001', 2), Name: 'Changed after landing' }, { Id: sfId('001', 18), Name: 'Changed before landing' }]);
      }
    }
    const records = pages.flatMap((p) => p.records);
    expect(new Set(ids(records))).toEqual(new Set(accounts.map((a) => a.Id)));
    expect(records.filter((r) => r.id === sfId('001', 18)).map((r) => r.values.name)).toEqual(['Changed before landing']);
    expect(records.filter((r) => r.id === sfId('001', 2)).map((r) => r.values.name)).toEqual(['Shared 2', 'Changed after landing']);
    expect(records).toHaveLength(accounts.length + 1);
  });

  it('looks back from the cursor to land a record whose change committed late', async () => {
    const { cursor } = await readAll(connector, account, null);
    const late = new Date(stampOf(cursor) - 5_000).toISOString();
    // A transaction that stamped its record earlier but committed after the cursor was read.
    await sf.sandbox.db.run(`UPDATE salesforce."Account" SET "Name" = 'Late commit', "SystemModstamp" = ?::TIMESTAMP WHERE "Id" = ?`, [late, sfId('001', 4)]);
    expect(ids((await readAll(connector, account, cursor)).records)).not.toContain(sfId('001', 4));
    const withLookback = sandboxConnector(sf, { pageSize: 5, lookbackSeconds: 30 });
    const again = await readAll(withLookback, account, cursor);
    expect(again.records.find((r) => r.id === sfId('001', 4))?.values.name).toBe('Late commit');
    expect(new Set(ids(again.records)).size).toBe(again.records.length);
    expect(again.cursor).toEqual(cursor);
  });
});
