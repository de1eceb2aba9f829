import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from 'jsforce';
import { apiError, sfId, startSalesforce, type SalesforceFixture } from './salesforce-fixture.ts';

type Row = Record<string, unknown> & { Id: string };
type Result = { id?: string; success: boolean; created?: boolean; errors: { statusCode: string; message: string; fields: string[] }[] };

const OLD_STAMP = '2024-01-01T00:00:00.000Z';
const accounts = [
  { Id: sfId('001', 1), Name: 'Acme', BillingCountry: 'US', ERP_Open_Balance__c: 10, SystemModstamp: OLD_STAMP, LastModifiedDate: OLD_STAMP },
  { Id: sfId('001', 2), Name: 'No Country', BillingCountry: null, SystemModstamp: OLD_STAMP, LastModifiedDate: OLD_STAMP },
  { Id: sfId('001', 3), Name: 'Binned', BillingCountry: 'US', IsDeleted: true },
  { Id: sfId('001', 4), Name: 'Beta', BillingCountry: 'FR', SystemModstamp: OLD_STAMP, LastModifiedDate: OLD_STAMP },
  { Id: sfId('001', 5), Name: 'Gamma', BillingCountry: 'DE', ERP_Customer_Id__c: 'ERP-5' },
  { Id: sfId('001', 6), Name: 'Delta', BillingCountry: 'DE' },
];
const opportunities = [{ Id: sfId('006', 1), AccountId: sfId('001', 1), Name: 'Deal', StageName: 'Negotiation/Review', CloseDate: '2024-03-31', Amount: 100 }];

describe('Salesforce sObject Collections and single-record writes through jsforce', () => {
  let sf: SalesforceFixture;
  let conn: Connection;
  beforeAll(async () => {
    sf = await startSalesforce({ 'salesforce/Account.ndjson': accounts, 'salesforce/Opportunity.ndjson': opportunities });
    conn = await sf.connect();
  });
  afterAll(() => sf.close());

  const account = async (id: string): Promise<Row> => (await conn.query<Row>(`SELECT Id, Name, BillingCountry, ERP_Customer_Id__c, ERP_Open_Balance__c, SystemModstamp, LastModifiedDate FROM Account WHERE Id = '${id}'`)).records[0]!;

  it('updates per record: the validation-rule failure does not stop the others, which are committed and logged', async () => {
    const before = (await sf.changes()).length;
    const results = (await conn.sobject('Account').update([
      { Id: sfId('001', 1), Name: 'Acme', ERP_Customer_Id__c: 'ERP-1', ERP_Open_Balance__c: 250.75 },
      { Id: sfId('001', 2), ERP_Customer_Id__c: 'ERP-2' },
      { Id: sfId('001', 3), ERP_Customer_Id__c: 'ERP-3' },
      { Id: 'not-an-id', ERP_Customer_Id__c: 'ERP-4' },
      { Id: sfId('001', 999), ERP_Customer_Id__c: 'ERP-4' },
      { Id: sfId('001', 4), ERP_Customer_Id__c: 'ERP-B' },
    ])) as Result[];
    expect(results.map((r) => (r.success ? 'ok' : r.errors[0]!.statusCode))).toEqual([
      'ok', 'FIELD_CUSTOM_VALIDATION_EXCEPTION', 'ENTITY_IS_DELETED', 'MALFORMED_ID', 'INVALID_CROSS_REFERENCE_KEY', 'ok',
    ]);
    expect(results[1]).toEqual({ id: sfId('001', 2), success: false, errors: [{ statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message: 'Billing Country is required', fields: [] }] });

    const acme = await account(sfId('001', 1));
    expect(acme).toMatchObject({ ERP_Customer_Id__c: 'ERP-1', ERP_Open_Balance__c: 250.75 });
    expect(Date.parse(String(acme.SystemModstamp).replace('+0000', 'Z'))).toBeGreaterThan(Date.parse(OLD_STAMP));
    expect(acme.LastModifiedDate).toBe(acme.SystemModstamp);
    expect((await account(sfId('001', 2))).ERP_Customer_Id__c).toBeNull();

    const logged = (await sf.changes()).slice(before);
    expect(logged.map((c) => [c.recordId, c.operation, c.field, c.oldValue, c.newValue])).toEqual([
      [sfId('001', 1), 'update', 'ERP_Customer_Id__c', null, 'ERP-1'],
      [sfId('001', 1), 'update', 'ERP_Open_Balance__c', '10', '250.75'],
      [sfId('001', 4), 'update', 'ERP_Customer_Id__c', null, 'ERP-B'],
    ]);
  });

  it('bumps SystemModstamp on an update that changes nothing, and logs nothing', async () => {
    const before = await sf.changes();
    const stamp = (await account(sfId('001', 4))).SystemModstamp;
    const [result] = (await conn.sobject('Account').update([{ Id: sfId('001', 4), ERP_Customer_Id__c: 'ERP-B' }])) as Result[];
    expect(result!.success).toBe(true);
    expect((await account(sfId('001', 4))).SystemModstamp).not.toBe(stamp);
    expect(await sf.changes()).toHaveLength(before.length);
  });

  it('with allOrNone, one failure rolls every record back', async () => {
    const results = (await conn.sobject('Account').update(
      [{ Id: sfId('001', 4), ERP_Customer_Id__c: 'ROLLED' }, { Id: sfId('001', 2), ERP_Customer_Id__c: 'X' }],
      { allOrNone: true },
    )) as Result[];
    expect(results.map((r) => [r.success, r.errors[0]!.statusCode])).toEqual([
      [false, 'ALL_OR_NONE_OPERATION_ROLLED_BACK'],
      [false, 'FIELD_CUSTOM_VALIDATION_EXCEPTION'],
    ]);
    expect((await account(sfId('001', 4))).ERP_Customer_Id__c).toBe('ERP-B');
  });

  it('rejects more than 200 records, unknown fields and bad values for the whole request', async () => {
    const many = Array.from({ length: 201 }, (_, i) => ({ Id: sfId('001', 1), Name: `N${i}` }));
    expect(await apiError(conn.sobject('Account').update(many))).toMatchObject({ name: 'EXCEEDED_ID_LIMIT', message: 'record limit reached. cannot submit more than 200 records into this call' });
    expect(await apiError(conn.sobject('Account').update([{ Id: sfId('001', 1), Nmae: 'x' }]))).toMatchObject({ name: 'INVALID_FIELD', message: "No such column 'Nmae' on sobject of type Account" });
    expect(await apiError(conn.sobject('Account').update([{ Id: sfId('001', 1), ERP_Open_Balance__c: 'lots' }]))).toMatchObject({ name: 'JSON_PARSER_ERROR' });
  });

  it('refuses values outside a custom picklist and strings over the field length, per record', async () => {
    const results = (await conn.sobject('Account').update([
      { Id: sfId('001', 4), ERP_Payment_Status__c: 'Paid' },
      { Id: sfId('001', 1), ERP_Customer_Id__c: 'X'.repeat(41) },
    ])) as Result[];
    expect(results.map((r) => r.errors[0])).toEqual([
      { statusCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', message: 'ERP Payment Status: bad value for restricted picklist field: Paid', fields: ['ERP_Payment_Status__c'] },
      expect.objectContaining({ statusCode: 'STRING_TOO_LONG', fields: ['ERP_Customer_Id__c'] }),
    ]);
  });

  it('refuses read-only fields per record and derives IsWon/IsClosed from the stage', async () => {
    const [readOnly] = (await conn.sobject('Opportunity').update([{ Id: sfId('006', 1), IsWon: true }])) as Result[];
    expect(readOnly!.errors[0]).toMatchObject({ statusCode: 'INVALID_FIELD_FOR_INSERT_UPDATE', fields: ['IsWon'] });
    const before = (await sf.changes()).length;
    const single = (await conn.sobject('Opportunity').update({ Id: sfId('006', 1), StageName: 'Closed Won' })) as Result;
    expect(single).toEqual({ id: sfId('006', 1), success: true, errors: [] });
    const deal = (await conn.query<Row>(`SELECT IsWon, IsClosed FROM Opportunity WHERE Id = '${sfId('006', 1)}'`)).records[0];
    expect(deal).toMatchObject({ IsWon: true, IsClosed: true });
    expect((await sf.changes()).slice(before).map((c) => c.field)).toEqual(['StageName', 'IsClosed', 'IsWon']);
  });

  it('creates records with new 18-character ids, defaults and audit fields; logs the fields set', async () => {
    const results = (await conn.sobject('Account').create([{ Name: 'Newco', BillingCountry: 'NL' }, { Name: 'No Country Newco' }, { BillingCountry: 'NL' }])) as Result[];
    expect(results.map((r) => (r.success ? 'ok' : r.errors[0]!.statusCode))).toEqual(['ok', 'FIELD_CUSTOM_VALIDATION_EXCEPTION', 'REQUIRED_FIELD_MISSING']);
    expect(results[2]!.errors[0]!.fields).toEqual(['Name']);
    const id = results[0]!.id!;
    expect(id).toMatch(/^001[A-Za-z0-9]{15}$/);
    const created = (await conn.query<Row>(`SELECT Name, OwnerId, IsDeleted, CreatedDate, SystemModstamp FROM Account WHERE Id = '${id}'`)).records[0]!;
    expect(created).toMatchObject({ Name: 'Newco', OwnerId: sf.sandbox.options.salesforce.userId, IsDeleted: false });
    expect(created.CreatedDate).toBe(created.SystemModstamp);
    const logged = (await sf.changes()).filter((c) => c.recordId === id);
    expect(logged.every((c) => c.operation === 'create')).toBe(true);
    expect(logged).toContainEqual(expect.objectContaining({ field: 'Name', newValue: 'Newco' }));

    const single = (await conn.sobject('Account').create({ Name: 'Solo', BillingCountry: 'NL' })) as Result;
    expect(single).toMatchObject({ success: true, errors: [] });
    expect(await apiError(conn.sobject('Account').create({ Name: 'Solo without country' }))).toMatchObject({ name: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message: 'Billing Country is required' });
  });

  it('upserts by Id and by an external id field, reporting created per record', async () => {
    const byId = (await conn.sobject('Account').upsert([{ Id: sfId('001', 6), Name: 'Delta 2' }], 'Id')) as Result[];
    expect(byId).toEqual([{ id: sfId('001', 6), success: true, errors: [], created: false }]);
    expect((await account(sfId('001', 6))).Name).toBe('Delta 2');

    // Only fields marked External ID can key an upsert; ERP_Customer_Id__c is one in the sandbox org.
    expect(await apiError(conn.sobject('Account').upsert([{ AccountNumber: 'A-5', Name: 'x' }], 'AccountNumber'))).toMatchObject({ name: 'INVALID_FIELD' });
    const byExternalId = (await conn.sobject('Account').upsert(
      [{ ERP_Customer_Id__c: 'erp-5', Name: 'Gamma 2' }, { ERP_Customer_Id__c: 'ERP-NEW', Name: 'Brand new', BillingCountry: 'BE' }],
      'ERP_Customer_Id__c',
    )) as Result[];
    expect(byExternalId.map((r) => [r.success, r.created])).toEqual([[true, false], [true, true]]);
    expect(byExternalId[0]!.id).toBe(sfId('001', 5));
    expect((await account(sfId('001', 5))).Name).toBe('Gamma 2');
    const single = (await conn.sobject('Account').upsert({ ERP_Customer_Id__c: 'ERP-NEW', Name: 'Brand new 2' }, 'ERP_Customer_Id__c')) as Result;
    expect(single).toMatchObject({ id: byExternalId[1]!.id, success: true, created: false });
  });

  it('deletes to the Recycle Bin: query hides the record, queryAll shows it deleted', async () => {
    const results = (await conn.sobject('Account').destroy([sfId('001', 6), sfId('001', 3), sfId('006', 999)])) as Result[];
    expect(results.map((r) => (r.success ? 'ok' : r.errors[0]!.statusCode))).toEqual(['ok', 'ENTITY_IS_DELETED', 'INVALID_CROSS_REFERENCE_KEY']);
    expect((await conn.query(`SELECT Id FROM Account WHERE Id = '${sfId('001', 6)}'`)).totalSize).toBe(0);
    const binned = await conn.query<Row>(`SELECT Id, IsDeleted FROM Account WHERE Id = '${sfId('001', 6)}'`, { scanAll: true } as object);
    expect(binned.records[0]).toMatchObject({ IsDeleted: true });
    expect((await sf.changes()).at(-1)).toMatchObject({ recordId: sfId('001', 6), operation: 'delete' });
    expect(await apiError(conn.sobject('Account').update({ Id: sfId('001', 6), Name: 'x' }))).toMatchObject({ name: 'ENTITY_IS_DELETED' });
  });

  it('lists records updated and deleted in a time window (the replication API)', async () => {
    const start = new Date(Date.now() - 3_600_000).toISOString();
    const end = new Date(Date.now() + 60_000).toISOString();
    const updated = await conn.sobject('Account').updated(start, end);
    expect(updated.ids).toEqual(expect.arrayContaining([sfId('001', 1), sfId('001', 4)]));
    expect(updated.ids).not.toContain(sfId('001', 6));
    const deleted = await conn.sobject('Account').deleted(start, end);
    expect(deleted.deletedRecords.map((r) => r.id)).toEqual([sfId('001', 6)]);
    expect(deleted.deletedRecords[0]!.deletedDate).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/);
  });
});
