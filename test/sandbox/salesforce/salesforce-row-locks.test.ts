import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from 'jsforce';
import { parseFaultSpec } from '../../../sandbox/faults/fault-spec.ts';
import { apiError, sfId, startSalesforce, type SalesforceFixture } from './salesforce-fixture.ts';

type Row = Record<string, unknown> & { Id: string };
type Result = { id?: string; success: boolean; errors: { statusCode: string; message: string; fields: string[] }[] };

const accounts = Array.from({ length: 12 }, (_, i) => ({ Id: sfId('001', i + 1), Name: `Account ${i + 1}`, BillingCountry: 'US' }));
const ids = accounts.map((a) => a.Id);
const lockError = (id: string): Result['errors'][number] => ({ statusCode: 'UNABLE_TO_LOCK_ROW', message: `unable to obtain exclusive access to this record or 1 records: ${id}`, fields: [] });

async function customerIds(conn: Connection, wanted: string[]): Promise<Map<string, unknown>> {
  const rows = await conn.query<Row>(`SELECT Id, ERP_Customer_Id__c FROM Account WHERE Id IN ('${wanted.join("','")}')`);
  return new Map(rows.records.map((r) => [r.Id, r.ERP_Customer_Id__c]));
}

describe('Salesforce row-lock faults (salesforce.lock=1) through jsforce', () => {
  let sf: SalesforceFixture;
  let conn: Connection;
  beforeAll(async () => {
    sf = await startSalesforce({ 'salesforce/Account.ndjson': accounts }, { faults: parseFaultSpec('salesforce.lock=1') });
    conn = await sf.connect();
  });
  afterAll(() => sf.close());

  it('fails every record of a collections update with UNABLE_TO_LOCK_ROW and writes nothing', async () => {
    const before = (await sf.changes()).length;
    const results = (await conn.sobject('Account').update(ids.slice(0, 3).map((Id) => ({ Id, ERP_Customer_Id__c: `E-${Id}` })))) as Result[];
    expect(results).toEqual(ids.slice(0, 3).map((id) => ({ id, success: false, errors: [lockError(id)] })));
    expect(await sf.changes()).toHaveLength(before);
    expect([...(await customerIds(conn, ids.slice(0, 3))).values()]).toEqual([null, null, null]);
  });

  it('answers a single-record PATCH with HTTP 400 and the error array', async () => {
    const id = ids[0]!;
    const response = await fetch(`${sf.url}/services/data/v62.0/sobjects/Account/${id}`, {
      method: 'PATCH',
      headers: { Authorization: `Bearer ${conn.accessToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ ERP_Customer_Id__c: 'E-1' }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual([{ message: lockError(id).message, errorCode: 'UNABLE_TO_LOCK_ROW', fields: [] }]);
    expect(await apiError(conn.sobject('Account').update({ Id: id, ERP_Customer_Id__c: 'E-1' }))).toMatchObject({ name: 'UNABLE_TO_LOCK_ROW' });
    expect((await customerIds(conn, [id])).get(id)).toBeNull();
  });

  it('puts every row of a Bulk 2.0 update job in failedResults', async () => {
    const before = (await sf.changes()).length;
    const results = await conn.bulk2.loadAndWaitForResults({
      object: 'Account',
      operation: 'update',
      input: ids.slice(0, 3).map((Id) => ({ Id, ERP_Customer_Id__c: 'BULK' })),
      pollInterval: 50,
      pollTimeout: 10_000,
    });
    expect(results.successfulResults).toEqual([]);
    expect(results.failedResults).toEqual(ids.slice(0, 3).map((id) => ({
      sf__Id: id, sf__Error: `UNABLE_TO_LOCK_ROW:unable to obtain exclusive access to this record or 1 records: ${id}:--`, Id: id, ERP_Customer_Id__c: 'BULK',
    })));
    expect(await sf.changes()).toHaveLength(before);
  });

  it('never locks an insert: there is no existing row to hold', async () => {
    const results = (await conn.sobject('Account').create([{ Name: 'Fresh', BillingCountry: 'NL' }])) as Result[];
    expect(results.map((r) => r.success)).toEqual([true]);
  });
});

describe('Salesforce row-lock faults at a rate (salesforce.lock=0.5)', () => {
  const open: SalesforceFixture[] = [];
  afterEach(async () => {
    for (const sf of open.splice(0)) await sf.close();
  });

  async function lockedIdsOfOneUpdate(faults: string): Promise<{ conn: Connection; sf: SalesforceFixture; locked: string[]; results: Result[] }> {
    const sf = await startSalesforce({ 'salesforce/Account.ndjson': accounts }, { faults: parseFaultSpec(faults) });
    open.push(sf);
    const conn = await sf.connect();
    const results = (await conn.sobject('Account').update(ids.map((Id) => ({ Id, ERP_Customer_Id__c: `E-${Id}` })))) as Result[];
    return { sf, conn, results, locked: results.flatMap((r, i) => (r.success ? [] : [ids[i]!])) };
  }

  it('locks some records and writes the others; the locked ones read back unchanged', async () => {
    const { sf, conn, results, locked } = await lockedIdsOfOneUpdate('salesforce.lock=0.5,seed=7');
    expect(locked.length).toBeGreaterThan(0);
    expect(locked.length).toBeLessThan(ids.length);
    results.forEach((r, i) => {
      if (!r.success) expect(r.errors).toEqual([lockError(ids[i]!)]);
    });
    const values = await customerIds(conn, ids);
    for (const id of ids) expect(values.get(id)).toBe(locked.includes(id) ? null : `E-${id}`);
    expect(new Set((await sf.changes()).map((c) => c.recordId))).toEqual(new Set(ids.filter((id) => !locked.includes(id))));
  });

  it('locks the same records again for the same seed, and a retry of a locked record can succeed', async () => {
    const first = await lockedIdsOfOneUpdate('salesforce.lock=0.5,seed=7');
    const second = await lockedIdsOfOneUpdate('salesforce.lock=0.5,seed=7');
    expect(first.locked.length).toBeGreaterThan(0);
    expect(second.locked).toEqual(first.locked);

    let pending = first.locked;
    for (let attempt = 0; attempt < 20 && pending.length > 0; attempt += 1) {
      const retry = (await first.conn.sobject('Account').update(pending.map((Id) => ({ Id, ERP_Customer_Id__c: `E-${Id}` })))) as Result[];
      pending = pending.filter((_, i) => !retry[i]!.success);
    }
    expect(pending).toEqual([]);
    expect([...(await customerIds(first.conn, ids)).entries()].every(([id, value]) => value === `E-${id}`)).toBe(true);
  });

  it('with allOrNone, a locked record rolls back the others', async () => {
    const sf = await startSalesforce({ 'salesforce/Account.ndjson': accounts }, { faults: parseFaultSpec('salesforce.lock=0.5,seed=7') });
    open.push(sf);
    const conn = await sf.connect();
    const results = (await conn.sobject('Account').update(ids.map((Id) => ({ Id, ERP_Customer_Id__c: 'ALL' })), { allOrNone: true })) as Result[];
    const codes = new Set(results.map((r) => r.errors[0]?.statusCode));
    expect(results.every((r) => !r.success)).toBe(true);
    expect(codes).toEqual(new Set(['UNABLE_TO_LOCK_ROW', 'ALL_OR_NONE_OPERATION_ROLLED_BACK']));
    expect(await sf.changes()).toEqual([]);
  });
});
