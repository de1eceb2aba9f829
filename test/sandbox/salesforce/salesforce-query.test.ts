import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from 'jsforce';
import { apiError, sfId, startSalesforce, type SalesforceFixture } from './salesforce-fixture.ts';

type Row = Record<string, unknown> & { Id: string };

const today = new Date().toISOString().slice(0, 10);
const users = [
  { Id: sfId('005', 1), Username: 'ana@acme.test', FirstName: 'Ana', LastName: 'Lima', Email: 'ana@acme.test', IsActive: true },
  { Id: sfId('005', 2), Username: 'bo@acme.test', LastName: 'Bo', IsActive: true },
];
const named = [
  { Id: sfId('001', 1), Name: 'Acme Corp', BillingCountry: 'US', OwnerId: sfId('005', 1), AnnualRevenue: 5000000, Industry: 'Technology', CreatedDate: '2024-01-10T09:00:00.000Z' },
  { Id: sfId('001', 2), Name: "O'Brien Ltd", BillingCountry: 'IE', OwnerId: sfId('005', 2), Industry: 'Retail', CreatedDate: '2024-02-01T00:00:00Z' },
  { Id: sfId('001', 3), Name: '100% Pure', BillingCountry: 'DE', Industry: null, CreatedDate: `${today}T00:30:00Z` },
  { Id: sfId('001', 4), Name: 'globex', BillingCountry: 'us', Industry: 'Technology', CreatedDate: '2023-12-31T23:30:00-02:00' },
  { Id: sfId('001', 5), Name: 'Initech', BillingCountry: 'US', IsDeleted: true, CreatedDate: '2023-06-01T00:00:00Z' },
];
const fillers = Array.from({ length: 2500 }, (_, i) => ({ Id: sfId('001', 1000 + i), Name: `Filler ${i}`, BillingCountry: 'FR', CreatedDate: '2022-01-01T00:00:00Z' }));
const opportunities = [
  { Id: sfId('006', 1), AccountId: sfId('001', 1), Name: 'Acme renewal', StageName: 'Closed Won', Amount: 1200.5, CloseDate: '2024-03-31', CreatedDate: '2024-03-01T10:20:30.123Z' },
  { Id: sfId('006', 2), AccountId: sfId('001', 1), Name: 'Acme upsell', StageName: 'Prospecting', Amount: null, CloseDate: '2024-06-30' },
  { Id: sfId('006', 3), Name: 'Orphan deal', StageName: 'Qualification', Amount: 300, CloseDate: '2024-05-01' },
  { Id: sfId('006', 4), AccountId: sfId('001', 2), Name: 'Pub fit-out', StageName: 'Closed Lost', Amount: 800, CloseDate: '2024-04-15' },
];

describe('Salesforce SOQL query through jsforce', () => {
  let sf: SalesforceFixture;
  let conn: Connection;
  beforeAll(async () => {
    sf = await startSalesforce({
      'salesforce/User.ndjson': users,
      'salesforce/Account.ndjson': [...named, ...fillers],
      'salesforce/Opportunity.ndjson': opportunities,
    });
    conn = await sf.connect();
  });
  afterAll(() => sf.close());

  const ids = async (soql: string): Promise<string[]> => (await conn.query<Row>(soql)).records.map((r) => r.Id);

  it('pages with Sforce-Query-Options batchSize and queryMore; autoFetch reads every record once', async () => {
    const soql = "SELECT Id, Name FROM Account WHERE Name LIKE 'Filler%'";
    const first = await conn.query<Row>(soql, { headers: { 'Sforce-Query-Options': 'batchSize=1000' } } as object);
    expect(first).toMatchObject({ totalSize: 2500, done: false });
    expect(first.records).toHaveLength(1000);
    const second = await conn.queryMore<Row>(first.nextRecordsUrl!);
    expect(second).toMatchObject({ totalSize: 2500, done: false });
    const third = await conn.queryMore<Row>(second.nextRecordsUrl!);
    expect(third).toMatchObject({ done: true });
    expect(third.records).toHaveLength(500);
    expect(third.nextRecordsUrl).toBeUndefined();
    const pages = [first, second, third].flatMap((p) => p.records.map((r) => r.Id));
    expect(new Set(pages).size).toBe(2500);

    const all = await conn.query<Row>(soql).run({ autoFetch: true, maxFetch: 10_000 });
    expect(all.records).toHaveLength(2500);
    expect(new Set(all.records.map((r) => r.Id)).size).toBe(2500);
    expect(await apiError(conn.queryMore(first.nextRecordsUrl!))).toMatchObject({ name: 'INVALID_QUERY_LOCATOR' });
  });

  it('hides deleted rows from query and shows them to queryAll, also on later pages', async () => {
    expect(await ids("SELECT Id FROM Account WHERE Name = 'Initech'")).toEqual([]);
    const all = await conn.query<Row>("SELECT Id, IsDeleted FROM Account WHERE Name IN ('Initech', 'Acme Corp')", { scanAll: true } as object);
    expect(all.records.map((r) => [r.Id, r.IsDeleted])).toEqual([[sfId('001', 1), false], [sfId('001', 5), true]]);
    const paged = await conn.query<Row>('SELECT Id FROM Account', { scanAll: true, headers: { 'Sforce-Query-Options': 'batchSize=2000' } } as object);
    const rest = await conn.queryMore<Row>(paged.nextRecordsUrl!);
    expect(paged.totalSize).toBe(2505);
    expect(paged.records.length + rest.records.length).toBe(2505);
  });

  it('serializes records like Salesforce: attributes, numbers, dates, datetimes, nulls and parent objects', async () => {
    const result = await conn.query<Row>(
      'SELECT Id, Name, Amount, CloseDate, CreatedDate, IsWon, IsClosed, Description, Account.Name, Account.Owner.Email FROM Opportunity ORDER BY Name',
    );
    const byName = Object.fromEntries(result.records.map((r) => [r.Name, r]));
    expect(byName['Acme renewal']).toEqual({
      attributes: { type: 'Opportunity', url: `/services/data/v62.0/sobjects/Opportunity/${sfId('006', 1)}` },
      Id: sfId('006', 1),
      Name: 'Acme renewal',
      Amount: 1200.5,
      CloseDate: '2024-03-31',
      CreatedDate: '2024-03-01T10:20:30.123+0000',
      IsWon: true,
      IsClosed: true,
      Description: null,
      Account: {
        attributes: { type: 'Account', url: `/services/data/v62.0/sobjects/Account/${sfId('001', 1)}` },
        Name: 'Acme Corp',
        Owner: { attributes: { type: 'User', url: `/services/data/v62.0/sobjects/User/${sfId('005', 1)}` }, Email: 'ana@acme.test' },
      },
    });
    expect(byName['Orphan deal']).toMatchObject({ Account: null, IsWon: false, IsClosed: false });
    expect(byName['Acme upsell']).toMatchObject({ Amount: null });
    expect(byName['Pub fit-out']).toMatchObject({ IsWon: false, IsClosed: true, Account: { Name: "O'Brien Ltd", Owner: { Email: null } } });
  });

  it('filters with AND/OR/NOT, IN, LIKE, nulls, dates and datetimes, case-insensitively', async () => {
    expect(await ids("SELECT Id FROM Account WHERE name = 'ACME CORP'")).toEqual([sfId('001', 1)]);
    expect(await ids("SELECT Id FROM Account WHERE Name LIKE 'o\\'brien%'")).toEqual([sfId('001', 2)]);
    expect(await ids("SELECT Id FROM Account WHERE Name LIKE '100\\%%'")).toEqual([sfId('001', 3)]);
    expect(await ids("SELECT Id FROM Account WHERE BillingCountry IN ('US', 'IE') AND (Industry = 'Technology' OR Industry = null)")).toEqual([sfId('001', 1), sfId('001', 4)]);
    expect(await ids("SELECT Id FROM Account WHERE Industry NOT IN ('Technology') AND BillingCountry != 'FR'")).toEqual([sfId('001', 2), sfId('001', 3)]);
    expect(await ids("SELECT Id FROM Account WHERE NOT (Industry = 'Technology') AND BillingCountry != 'FR'")).toEqual([sfId('001', 2), sfId('001', 3)]);
    // SOQL treats null as a value: != matches records whose field is null
    expect(await ids("SELECT Id FROM Account WHERE Industry != 'technology' AND BillingCountry != 'FR'")).toEqual([sfId('001', 2), sfId('001', 3)]);
    expect(await ids("SELECT Id FROM Account WHERE Industry != null AND BillingCountry != 'FR'")).toEqual([sfId('001', 1), sfId('001', 2), sfId('001', 4)]);
    // globex: 2023-12-31T23:30:00-02:00 is 2024-01-01T01:30Z
    expect(await ids('SELECT Id FROM Account WHERE CreatedDate >= 2024-01-01T00:00:00Z AND CreatedDate < 2024-02-01T00:00:00.000Z')).toEqual([sfId('001', 1), sfId('001', 4)]);
    expect(await ids('SELECT Id FROM Account WHERE CreatedDate > 2024-01-01T01:00:00+00:00 AND CreatedDate < 2024-01-10T00:00:00Z')).toEqual([sfId('001', 4)]);
    expect(await ids('SELECT Id FROM Account WHERE CreatedDate = TODAY')).toEqual([sfId('001', 3)]);
    expect(await ids('SELECT Id FROM Account WHERE CreatedDate = LAST_N_DAYS:3')).toEqual([sfId('001', 3)]);
    expect(await ids('SELECT Id FROM Opportunity WHERE CloseDate >= 2024-04-01 AND CloseDate <= 2024-05-01')).toEqual([sfId('006', 3), sfId('006', 4)]);
    expect(await ids("SELECT Id FROM Opportunity WHERE Account.Name = 'acme corp' AND Amount > 1000")).toEqual([sfId('006', 1)]);
    expect(await ids("SELECT Id FROM Opportunity WHERE Id IN ('006000000000003', '006000000000004AAA')")).toEqual([sfId('006', 3), sfId('006', 4)]);
    expect(await ids("SELECT Id FROM Account WHERE Id IN (SELECT AccountId FROM Opportunity WHERE IsWon = true)")).toEqual([sfId('001', 1)]);
  });

  it('orders by several fields with NULLS FIRST/LAST and applies LIMIT and OFFSET', async () => {
    expect(await ids('SELECT Id FROM Opportunity ORDER BY Amount DESC NULLS LAST, Name')).toEqual([sfId('006', 1), sfId('006', 4), sfId('006', 3), sfId('006', 2)]);
    expect(await ids('SELECT Id FROM Opportunity ORDER BY Amount')).toEqual([sfId('006', 2), sfId('006', 3), sfId('006', 4), sfId('006', 1)]);
    expect(await ids('SELECT Id FROM Opportunity ORDER BY Account.Name DESC NULLS FIRST, CloseDate ASC LIMIT 2 OFFSET 1')).toEqual([sfId('006', 4), sfId('006', 1)]);
    expect(await ids("SELECT Id FROM Account WHERE BillingCountry != 'FR' ORDER BY Name")).toEqual([sfId('001', 3), sfId('001', 1), sfId('001', 4), sfId('001', 2)]);
  });

  it('answers COUNT() with totalSize and aggregate queries with AggregateResult records', async () => {
    expect(await conn.query("SELECT COUNT() FROM Account WHERE BillingCountry = 'FR'")).toEqual({ totalSize: 2500, done: true, records: [] });
    const grouped = await conn.query('SELECT StageName, COUNT(Id) n, SUM(Amount) FROM Opportunity WHERE Amount != null GROUP BY StageName ORDER BY StageName');
    expect(grouped.records).toEqual([
      { attributes: { type: 'AggregateResult' }, StageName: 'Closed Lost', n: 1, expr0: 800 },
      { attributes: { type: 'AggregateResult' }, StageName: 'Closed Won', n: 1, expr0: 1200.5 },
      { attributes: { type: 'AggregateResult' }, StageName: 'Qualification', n: 1, expr0: 300 },
    ]);
  });

  it('returns child subquery results as nested query results, or null without children', async () => {
    const result = await conn.query<Row>("SELECT Name, (SELECT Name FROM Opportunities ORDER BY Name DESC) FROM Account WHERE Name IN ('Acme Corp', 'globex') ORDER BY Name");
    expect(result.records.map((r) => [r.Name, r.Opportunities])).toEqual([
      ['Acme Corp', { totalSize: 2, done: true, records: [
        { attributes: { type: 'Opportunity', url: `/services/data/v62.0/sobjects/Opportunity/${sfId('006', 2)}` }, Name: 'Acme upsell' },
        { attributes: { type: 'Opportunity', url: `/services/data/v62.0/sobjects/Opportunity/${sfId('006', 1)}` }, Name: 'Acme renewal' },
      ] }],
      ['globex', null],
    ]);
  });

  it('answers bad SOQL with Salesforce error codes and messages', async () => {
    const unknownField = await apiError(conn.query('SELECT Id, Foo FROM Account'));
    expect(unknownField.name).toBe('INVALID_FIELD');
    expect(unknownField.message).toBe(
      "\nSELECT Id, Foo FROM Account\n           ^\nERROR at Row:1:Column:12\nNo such column 'Foo' on entity 'Account'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.",
    );
    expect(await apiError(conn.query('SELECT Id FROM Acount'))).toMatchObject({ name: 'INVALID_TYPE', message: expect.stringContaining("sObject type 'Acount' is not supported") });
    expect(await apiError(conn.query('SELECT Id FROM Opportunity WHERE Acount.Name = null'))).toMatchObject({ name: 'INVALID_FIELD', message: expect.stringContaining("Didn't understand relationship 'Acount'") });
    expect(await apiError(conn.query('SELECT Id Account'))).toMatchObject({ name: 'MALFORMED_QUERY' });
    expect(await apiError(conn.query("SELECT Id FROM Opportunity WHERE Amount = '12'"))).toMatchObject({ name: 'INVALID_FIELD', message: expect.stringContaining("value of filter criterion for field 'Amount'") });
    expect(await apiError(conn.query('SELECT Id FROM Account WHERE CreatedDate > 2024-01-01'))).toMatchObject({ name: 'INVALID_FIELD' });
    expect(await apiError(conn.query('SELECT Id FROM Account WHERE Description = null'))).toMatchObject({ name: 'INVALID_FIELD', message: expect.stringContaining("field 'Description' can not be filtered") });
    const rawDate = await apiError(conn.sobject('Account').find({ CreatedDate: { $gte: new Date('2024-01-01T00:00:00Z') } }, ['Id']).execute());
    expect(rawDate.name).toBe('MALFORMED_QUERY');
  });

  it('describes objects from the schema, which jsforce uses to expand find("*")', async () => {
    const global = await conn.describeGlobal();
    expect(global.sobjects.map((s) => s.name)).toEqual(expect.arrayContaining(['Account', 'Opportunity', 'OpportunityLineItem', 'User']));
    const account = await conn.describe('Account');
    expect(account).toMatchObject({ name: 'Account', keyPrefix: '001', queryable: true, urls: { describe: '/services/data/v62.0/sobjects/Account/describe' } });
    expect(account.fields.find((f) => f.name === 'OwnerId')).toMatchObject({ type: 'reference', referenceTo: ['User'], relationshipName: 'Owner' });
    expect(account.childRelationships).toContainEqual(expect.objectContaining({ childSObject: 'Opportunity', field: 'AccountId', relationshipName: 'Opportunities' }));
    const found = await conn.sobject('Opportunity').find<Row>({ Name: 'Acme renewal' }, '*');
    expect(found[0]).toMatchObject({ Id: sfId('006', 1), StageName: 'Closed Won', ERP_Invoice_Status__c: null });
    const retrieved = await conn.sobject('Account').retrieve(sfId('001', 2));
    expect(retrieved).toMatchObject({ Id: sfId('001', 2), Name: "O'Brien Ltd" });
  });
});

describe('Salesforce single-currency org', () => {
  it('has no CurrencyIsoCode field when multi-currency is off', async () => {
    const sf = await startSalesforce({ 'salesforce/Account.ndjson': named.slice(0, 1) }, { salesforce: { multiCurrency: false } });
    try {
      const conn = await sf.connect();
      expect(await apiError(conn.query('SELECT CurrencyIsoCode FROM Account'))).toMatchObject({ name: 'INVALID_FIELD' });
      expect((await conn.describe('Account')).fields.map((f) => f.name)).not.toContain('CurrencyIsoCode');
    } finally {
      await sf.close();
    }
  });
});
