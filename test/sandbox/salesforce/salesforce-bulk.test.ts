import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from 'jsforce';
import { apiError, sfId, startSalesforce, type SalesforceFixture } from './salesforce-fixture.ts';

type Row = Record<string, unknown> & { Id: string };

const users = [{ Id: sfId('005', 1), Username: 'ana@acme.test', LastName: 'Lima', Email: 'ana@acme.test' }];
const accounts = [
  ...Array.from({ length: 1500 }, (_, i) => ({
    Id: sfId('001', i + 1),
    Name: i === 0 ? 'Quote "and", comma' : `Account ${i + 1}`,
    BillingCountry: i === 1 ? null : 'US',
    OwnerId: i % 2 === 0 ? sfId('005', 1) : null,
    AnnualRevenue: i === 0 ? 1234.5 : null,
    Description: 'to be cleared',
    SystemModstamp: '2024-04-01T10:20:30.000Z',
  })),
  { Id: sfId('001', 9999), Name: 'Binned', BillingCountry: 'US', IsDeleted: true },
];

async function readAll(stream: AsyncIterable<unknown>): Promise<Record<string, string>[]> {
  const rows: Record<string, string>[] = [];
  for await (const row of stream) rows.push(row as Record<string, string>);
  return rows;
}

describe('Salesforce Bulk API 2.0 through jsforce', () => {
  let sf: SalesforceFixture;
  let conn: Connection;
  beforeAll(async () => {
    sf = await startSalesforce({ 'salesforce/User.ndjson': users, 'salesforce/Account.ndjson': accounts });
    conn = await sf.connect();
  });
  afterAll(() => sf.close());

  it('runs a query job and streams every row as CSV strings, relationship columns included', async () => {
    const rows = await readAll(await conn.bulk2.query('SELECT Id, Name, AnnualRevenue, Owner.Email, SystemModstamp FROM Account ORDER BY Id', { pollInterval: 50 }));
    expect(rows).toHaveLength(1500);
    expect(new Set(rows.map((r) => r.Id)).size).toBe(1500);
    expect(rows[0]).toEqual({
      Id: sfId('001', 1),
      Name: 'Quote "and", comma',
      AnnualRevenue: '1234.5',
      'Owner.Email': 'ana@acme.test',
      SystemModstamp: '2024-04-01T10:20:30.000Z',
    });
    expect(rows[1]).toMatchObject({ AnnualRevenue: '', 'Owner.Email': '' });
    const withDeleted = await readAll(await conn.bulk2.query("SELECT Id FROM Account WHERE Name = 'Binned'", { scanAll: true, pollInterval: 50 }));
    expect(withDeleted).toEqual([{ Id: sfId('001', 9999) }]);
  });

  it('rejects bad SOQL when the job is created', async () => {
    expect(await apiError(conn.bulk2.query('SELECT Nope FROM Account', { pollInterval: 50 }))).toMatchObject({ errorCode: 'INVALIDJOB', message: expect.stringContaining("No such column 'Nope'") });
  });

  it('pages results with maxRecords and ends with the literal Sforce-Locator "null"', async () => {
    // jsforce never sends maxRecords (and cannot read several pages), so this follows the wire protocol by hand.
    const base = `${sf.url}/services/data/v62.0/jobs/query`;
    const headers = { Authorization: `Bearer ${conn.accessToken}`, 'Content-Type': 'application/json' };
    const created = await fetch(base, { method: 'POST', headers, body: JSON.stringify({ operation: 'query', query: "SELECT Id FROM Account WHERE Name LIKE 'Account 1%' ORDER BY Id LIMIT 5" }) });
    const job = (await created.json()) as { id: string; state: string };
    expect(job.state).toBe('UploadComplete');
    const status = (await (await fetch(`${base}/${job.id}`, { headers })).json()) as { state: string; numberRecordsProcessed: number };
    expect(status).toMatchObject({ state: 'JobComplete', numberRecordsProcessed: 5 });
    const lines: string[] = [];
    let locator: string | null = '';
    const locators: string[] = [];
    while (locator !== 'null') {
      const page: Response = await fetch(`${base}/${job.id}/results?maxRecords=2${locator ? `&locator=${locator}` : ''}`, { headers });
      locator = page.headers.get('sforce-locator');
      locators.push(String(locator));
      expect(page.headers.get('content-type')).toBe('text/csv');
      lines.push(...(await page.text()).trim().split('\n').slice(1));
    }
    expect(locators).toHaveLength(3);
    expect(locators.at(-1)).toBe('null');
    expect(lines).toHaveLength(5);
  });

  it('loads an update job row by row: the validation-rule failure lands in failedResults, #N/A clears a field', async () => {
    const before = (await sf.changes()).length;
    const results = await conn.bulk2.loadAndWaitForResults({
      object: 'Account',
      operation: 'update',
      input: [
        { Id: sfId('001', 1), ERP_Customer_Id__c: 'E-1', Description: null },
        { Id: sfId('001', 2), ERP_Customer_Id__c: 'E-2', Description: null },
        { Id: sfId('001', 3), ERP_Customer_Id__c: 'E-3', Description: null },
      ],
      pollInterval: 50,
      pollTimeout: 10_000,
    });
    expect(results.successfulResults.map((r) => [r.sf__Id, r.sf__Created])).toEqual([[sfId('001', 1), 'false'], [sfId('001', 3), 'false']]);
    expect(results.failedResults).toEqual([
      { sf__Id: sfId('001', 2), sf__Error: 'FIELD_CUSTOM_VALIDATION_EXCEPTION:Billing Country is required:--', Id: sfId('001', 2), ERP_Customer_Id__c: 'E-2', Description: '#N/A' },
    ]);
    expect(results.unprocessedRecords).toEqual([]);
    const rows = await conn.query<Row>(`SELECT Id, ERP_Customer_Id__c, Description FROM Account WHERE Id IN ('${sfId('001', 1)}', '${sfId('001', 2)}') ORDER BY Id`);
    expect(rows.records.map((r) => [r.ERP_Customer_Id__c, r.Description])).toEqual([['E-1', null], [null, 'to be cleared']]);
    const logged = (await sf.changes()).slice(before);
    expect(logged.filter((c) => c.recordId === sfId('001', 1)).map((c) => [c.field, c.newValue])).toEqual([['Description', null], ['ERP_Customer_Id__c', 'E-1']]);
  });

  it('loads insert and delete jobs, and fails a job whose CSV names an unknown field', async () => {
    const inserted = await conn.bulk2.loadAndWaitForResults({
      object: 'Account',
      operation: 'insert',
      input: [{ Name: 'Bulk One', BillingCountry: 'NL' }, { Name: 'Bulk Two', BillingCountry: 'NL' }],
      pollInterval: 50,
    });
    expect(inserted.successfulResults.map((r) => [r.sf__Created, (r as Record<string, unknown>).Name])).toEqual([['true', 'Bulk One'], ['true', 'Bulk Two']]);
    expect((await conn.query("SELECT Id FROM Account WHERE BillingCountry = 'NL'")).totalSize).toBe(2);
    const deleted = await conn.bulk2.loadAndWaitForResults({ object: 'Account', operation: 'delete', input: [{ Id: inserted.successfulResults[0]!.sf__Id }], pollInterval: 50 });
    expect(deleted.successfulResults).toHaveLength(1);
    expect((await conn.query("SELECT Id FROM Account WHERE BillingCountry = 'NL'")).totalSize).toBe(1);
    const failing = conn.bulk2.loadAndWaitForResults({ object: 'Account', operation: 'insert', input: [{ Name: 'x', Colour__c: 'red' }], pollInterval: 50 });
    expect((await apiError(failing)).message).toBe('Ingest job failed to complete due to: InvalidBatch : Field name not found : Colour__c');
  });
});

describe('Salesforce Bulk API 2.0 result pages', () => {
  it('splits query results into bulkPageSize pages when the option is set', async () => {
    const sf = await startSalesforce({ 'salesforce/Account.ndjson': accounts.slice(0, 5) }, { salesforce: { bulkPageSize: 2 } });
    try {
      const conn = await sf.connect();
      const base = `${sf.url}/services/data/v62.0/jobs/query`;
      const headers = { Authorization: `Bearer ${conn.accessToken}`, 'Content-Type': 'application/json' };
      const created = await fetch(base, { method: 'POST', headers, body: JSON.stringify({ operation: 'query', query: 'SELECT Id FROM Account' }) });
      const { id } = (await created.json()) as { id: string };
      const first = await fetch(`${base}/${id}/results`, { headers });
      expect(first.headers.get('sforce-numberofrecords')).toBe('2');
      expect(first.headers.get('sforce-locator')).not.toBe('null');
      expect((await first.text()).split('\n')).toEqual(['"Id"', `"${sfId('001', 1)}"`, `"${sfId('001', 2)}"`, '']);
    } finally {
      await sf.close();
    }
  });
});
