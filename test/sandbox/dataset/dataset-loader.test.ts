import { afterEach, describe, expect, it } from 'vitest';
import { writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { SandboxDb } from '../../../sandbox/store/sandbox-db.ts';
import { loadDataset } from '../../../sandbox/dataset/dataset-loader.ts';
import { makeTempDir, removeDir, writeDataset } from '../../support/dataset-files.ts';

const dirs: string[] = [];
const dbs: SandboxDb[] = [];

async function load(files: Record<string, object[]>) {
  const dir = await makeTempDir();
  dirs.push(dir);
  await writeDataset(dir, files);
  const db = await SandboxDb.open();
  dbs.push(db);
  return { db, dataset: await loadDataset(db, dir), dir };
}

afterEach(async () => {
  for (const db of dbs.splice(0)) db.close();
  for (const dir of dirs.splice(0)) await removeDir(dir);
});

describe('loadDataset', () => {
  it('loads each system into typed tables, accepting the real APIs’ value forms', async () => {
    const { db, dataset } = await load({
      'salesforce/Account.ndjson': [
        { attributes: { type: 'Account' }, Id: '001000000000001AAA', Name: 'Acme', AnnualRevenue: 1200.5, SystemModstamp: '2024-04-01T10:20:30.000+0000', Owner: { Name: 'x' } },
      ],
      'hubspot/deals.ndjson': [
        { id: '11', properties: { dealname: 'Big', amount: '1200.50' }, createdAt: '2024-01-01T00:00:00Z', updatedAt: '2024-02-01T00:00:00Z', archived: false,
          associations: { companies: { results: [{ id: '55', type: 'deal_to_company' }] } } },
      ],
      'netsuite/transaction.ndjson': [{ id: 7, type: 'CustInvc', trandate: '3/31/2024', foreigntotal: '99.95', voided: 'F', lastmodifieddate: '2024-03-31T12:00:00Z' }],
    });
    const [account] = await db.all('SELECT "Name", "AnnualRevenue", "SystemModstamp" FROM salesforce."Account"');
    expect(account).toEqual({ Name: 'Acme', AnnualRevenue: 1200.5, SystemModstamp: new Date('2024-04-01T10:20:30.000Z') });
    const [deal] = await db.all('SELECT id, hs_object_id, dealname, amount, hs_lastmodifieddate FROM hubspot."deals"');
    expect(deal).toEqual({ id: '11', hs_object_id: '11', dealname: 'Big', amount: '1200.50', hs_lastmodifieddate: '2024-02-01T00:00:00Z' });
    const links = await db.all('SELECT from_type, from_id, to_type, to_id, type_id FROM hubspot.associations ORDER BY type_id');
    expect(links).toEqual([
      { from_type: 'deals', from_id: '11', to_type: 'companies', to_id: '55', type_id: 341 },
      { from_type: 'companies', from_id: '55', to_type: 'deals', to_id: '11', type_id: 342 },
    ]);
    const [invoice] = await db.all('SELECT trandate, foreigntotal, voided FROM netsuite."transaction"');
    expect(invoice).toEqual({ trandate: new Date('2024-03-31T00:00:00Z'), foreigntotal: 99.95, voided: false });
    expect(dataset.rowCounts['salesforce/Account']).toBe(1);
    expect(dataset.rowCounts['salesforce/Opportunity']).toBe(0);
  });

  it('adds fields the data brings as new columns and to the effective schema', async () => {
    const { db, dataset } = await load({
      'salesforce/Account.ndjson': [{ Id: '001A', Name: 'A' }, { Id: '001B', Name: 'B', Region__c: 'EMEA' }],
    });
    expect(dataset.salesforce.find((s) => s.name === 'Account')!.fields.some((f) => f.name === 'Region__c' && f.type === 'string')).toBe(true);
    expect(await db.all('SELECT "Id", "Region__c" FROM salesforce."Account" ORDER BY 1')).toEqual([
      { Id: '001A', Region__c: null },
      { Id: '001B', Region__c: 'EMEA' },
    ]);
  });

  it('names the file, line and field of a malformed value', async () => {
    await expect(load({ 'netsuite/customer.ndjson': [{ id: 1 }, { id: 2, creditlimit: 'lots' }] })).rejects.toThrow(
      'netsuite/customer.ndjson line 2, field "creditlimit": expected a number, got "lots"',
    );
    await expect(load({ 'salesforce/Opportunity.ndjson': [{ Id: '006A', CloseDate: '2024-02-30' }] })).rejects.toThrow(
      'salesforce/Opportunity.ndjson line 1, field "CloseDate": expected a date (YYYY-MM-DD), got "2024-02-30"',
    );
  });

  it('rejects lines that are not JSON objects and duplicate ids', async () => {
    const dir = await makeTempDir();
    dirs.push(dir);
    await mkdir(path.join(dir, 'hubspot'), { recursive: true });
    await writeFile(path.join(dir, 'hubspot/companies.ndjson'), '{"id":"1","properties":{}}\n{"id":"2",\n');
    const db = await SandboxDb.open();
    dbs.push(db);
    await expect(loadDataset(db, dir)).rejects.toThrow(/hubspot\/companies.ndjson line 2: not valid JSON/);
    await expect(load({ 'netsuite/customer.ndjson': [{ id: 1 }, { id: 1 }] })).rejects.toThrow(/line 2, field "id": duplicate id 1/);
  });

  it('explains a missing dataset folder', async () => {
    const db = await SandboxDb.open();
    dbs.push(db);
    await expect(loadDataset(db, '/nonexistent/closeloop-data')).rejects.toThrow(/closeloop sandbox generate --out/);
  });
});
