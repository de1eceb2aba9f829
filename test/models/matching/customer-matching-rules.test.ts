import { readFile, appendFile } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDataset } from '../../../sandbox/generator/generate-dataset.ts';
import type { Warehouse } from '../../../warehouse/warehouse.ts';
import { makeTempDir, removeDir } from '../../support/dataset-files.ts';
import { buildFailures, buildMatching, masterIds, warehouseWithCustomers } from './matching-support.ts';

/**
 * Hand-written customers added to a generated company (whose records give the matcher realistic
 * frequencies), one per rule a user relies on.
 */
interface Customer {
  salesforce: Record<string, unknown>;
  netsuite: Record<string, unknown>;
  address?: Record<string, unknown>;
  /** A HubSpot company of another customer, in the same building. */
  sister?: { hubspot: Record<string, unknown>; netsuite: Record<string, unknown>; address: Record<string, unknown> };
}

const NAME_ONLY: Customer = {
  salesforce: { Id: '001Zz0000000001AAA', Name: 'Quillford Tapestry Inc' },
  netsuite: { id: 990001, companyname: 'Quillford Tapestry, Inc.' },
};
const SAME_NAME_OTHER_COMPANY: Customer = {
  salesforce: { Id: '001Zz0000000002AAA', Name: 'Brenmoor Analytics', Website: 'https://brenmoor.com', Phone: '+1 212 555 0142', BillingStreet: '12 Hudson St', BillingPostalCode: '10013', BillingCountry: 'United States' },
  netsuite: { id: 990002, companyname: 'Brenmoor Analytics GmbH', email: 'buchhaltung@brenmoor-analytics.de', phone: '+49 30 5550 1234', defaultbillingaddress: 880002 },
  address: { nkey: 880002, addr1: 'Friedrichstraße 80', city: 'Berlin', zip: '10117', country: 'DE' },
};
const RENAMED: Customer = {
  salesforce: { Id: '001Zz0000000003AAA', Name: 'Zantrix Holdings', Website: 'www.zantrix.io', Phone: '(617) 555-0199', BillingStreet: '400 Atlantic Ave', BillingPostalCode: '02110', BillingCountry: 'US' },
  netsuite: { id: 990003, companyname: 'ZTX Group Ltd', email: 'billing@zantrix.io', phone: '+1 617 555 0199', defaultbillingaddress: 880003 },
  address: { nkey: 880003, addr1: '400 Atlantic Avenue', city: 'Boston', state: 'MA', zip: '02110-1234', country: 'US' },
};
const FREE_MAIL: Customer = {
  salesforce: { Id: '001Zz0000000004AAA', Name: 'Orvale Bakery', Website: 'gmail.com' },
  netsuite: { id: 990004, companyname: 'Pinecrest Dental', email: 'pinecrest.dental@gmail.com' },
};
const NEIGHBOURS: Customer = {
  salesforce: { Id: '001Zz0000000005AAA', Name: 'Ocrevant Holdings Group', BillingStreet: '75 State Street, Floor 9', BillingPostalCode: '02109', BillingCountry: 'US' },
  netsuite: { id: 990005, companyname: 'Zuvelio Holdings Group', defaultbillingaddress: 880005 },
  address: { nkey: 880005, addr1: '75 State St, Suite 1200', city: 'Boston', state: 'MA', zip: '02109', country: 'US' },
};
/** Two sister companies in one building, each in the ERP: the CRM records must not merge them. */
const SISTERS: Customer = {
  salesforce: { Id: '001Zz0000000006AAA', Name: 'Quorvane Strategie Developpement', Website: 'quorvane-strategie.fr', Phone: '+33 1 45 55 01 77', BillingStreet: '66 Rue de Rivoli', BillingPostalCode: '75004', BillingCountry: 'France' },
  netsuite: { id: 990006, companyname: 'Quorvane Strategie Developpement SAS', email: 'compta@quorvane-strategie.fr', phone: '0145550177', defaultbillingaddress: 880006 },
  address: { nkey: 880006, addr1: '66 rue de Rivoli', city: 'Paris', zip: '75004', country: 'FR' },
  sister: {
    hubspot: { id: '990000007', properties: { name: 'Quorvane Automatisme Developpement', domain: 'quorvane-automatisme.fr', address: '66 Rue de Rivoli', city: 'Paris', zip: '75004', country: 'France' } },
    netsuite: { id: 990007, companyname: 'Quorvane Automatisme Developpement', email: 'factures@quorvane-automatisme.fr', defaultbillingaddress: 880007 },
    address: { nkey: 880007, addr1: '66 rue de Rivoli', city: 'Paris', zip: '75004', country: 'FR' },
  },
};
const CUSTOMERS = [NAME_ONLY, SAME_NAME_OTHER_COMPANY, RENAMED, FREE_MAIL, NEIGHBOURS, SISTERS];

let dir = '';
let warehouse: Warehouse;

/** A generated record of `file` as a template, so the added ones carry every field the generator writes. */
async function template(file: string): Promise<Record<string, unknown>> {
  const first = (await readFile(file, 'utf8')).split('\n')[0]!;
  const record = JSON.parse(first) as Record<string, unknown>;
  for (const key of Object.keys(record)) if (!['CreatedDate', 'LastModifiedDate', 'SystemModstamp', 'IsDeleted', 'datecreated', 'lastmodifieddate', 'isinactive', 'isperson', 'subsidiary', 'currency'].includes(key)) record[key] = null;
  return record;
}

async function addCustomers(data: string): Promise<void> {
  const files = {
    salesforce: path.join(data, 'salesforce', 'Account.ndjson'), hubspot: path.join(data, 'hubspot', 'companies.ndjson'),
    netsuite: path.join(data, 'netsuite', 'customer.ndjson'), address: path.join(data, 'netsuite', 'entityaddress.ndjson'),
  };
  const [account, company, customer, address] = await Promise.all([template(files.salesforce), template(files.hubspot), template(files.netsuite), template(files.address)]);
  const add = (file: string, record: object): Promise<void> => appendFile(file, `${JSON.stringify(record)}\n`);
  for (const c of CUSTOMERS) {
    await add(files.salesforce, { ...account, ...c.salesforce });
    await add(files.netsuite, { ...customer, defaultbillingaddress: null, ...c.netsuite });
    if (c.address) await add(files.address, { ...address, ...c.address });
    if (c.sister) {
      await add(files.hubspot, { ...company, createdAt: '2026-01-05T10:00:00Z', updatedAt: '2026-01-05T10:00:00Z', archived: false, ...c.sister.hubspot });
      await add(files.netsuite, { ...customer, ...c.sister.netsuite });
      await add(files.address, { ...address, ...c.sister.address });
    }
  }
}

interface PairRow {
  status: string;
  band: string;
  match_rule: string;
  evidence: string;
  decision: string | null;
}

async function pair(c: Customer): Promise<PairRow | undefined> {
  const { rows } = await sql<PairRow>`SELECT status, band, match_rule, evidence, decision FROM int.match_pairs
    WHERE left_system = 'salesforce' AND left_id = ${c.salesforce.Id} AND right_system = 'netsuite' AND right_id = ${String(c.netsuite.id)}`.execute(warehouse.db);
  return rows[0];
}

async function sameMaster(c: Customer): Promise<boolean> {
  const ids = await masterIds(warehouse);
  return ids.get(`salesforce:${String(c.salesforce.Id)}`) === ids.get(`netsuite:${String(c.netsuite.id)}`);
}

async function decide(c: Customer, decision: 'confirm' | 'reject'): Promise<void> {
  await sql`INSERT INTO meta.xref_decisions (left_system, left_id, right_system, right_id, decision, decided_by)
    VALUES ('netsuite', ${String(c.netsuite.id)}, 'salesforce', ${c.salesforce.Id}, ${decision}, 'test')`.execute(warehouse.db);
}

async function rebuild(): Promise<void> {
  expect(buildFailures(await buildMatching(warehouse))).toEqual([]);
}

beforeAll(async () => {
  dir = await makeTempDir('closeloop-matching-rules-');
  const data = path.join(dir, 'data');
  await generateDataset({ out: data, companies: 400, seed: 5, asOf: '2026-11-01' });
  await addCustomers(data);
  warehouse = await warehouseWithCustomers(dir, data);
  await rebuild();
}, 60_000);

afterAll(async () => {
  await warehouse?.close();
  if (dir) await removeDir(dir);
});

describe('matching rules', () => {
  it('never links on the name alone: an equal name with nothing else to compare waits for review', async () => {
    const row = await pair(NAME_ONLY);
    expect(row?.status).toBe('review');
    expect(row?.evidence).toContain('only the name agrees');
    expect(await sameMaster(NAME_ONLY)).toBe(false);
    const { rows } = await sql<{ match_status: string }>`SELECT match_status FROM mart.customer_xref WHERE source_id = ${NAME_ONLY.salesforce.Id}`.execute(warehouse.db);
    expect(rows[0]?.match_status).toBe('review');
  });

  it('keeps apart two companies with one name when domain, phone and country disagree', async () => {
    const row = await pair(SAME_NAME_OTHER_COMPANY);
    expect(row?.status).toBe('below_threshold');
    expect(row?.evidence).toMatch(/countries differ: US vs DE/);
    expect(await sameMaster(SAME_NAME_OTHER_COMPANY)).toBe(false);
  });

  it('links a renamed customer on domain, phone and address, and says why', async () => {
    const row = await pair(RENAMED);
    expect(row).toMatchObject({ status: 'linked', match_rule: 'score' });
    expect(row?.evidence).toMatch(/domain zantrix\.io equal/);
    expect(row?.evidence).toMatch(/phone …6175550199 equal|phone …175550199 equal/);
    expect(row?.evidence).toMatch(/postcode 02110 and number 400 equal/);
    expect(await sameMaster(RENAMED)).toBe(true);
  });

  it('does not link two companies in one building whose names share only common words', async () => {
    const row = await pair(NEIGHBOURS);
    expect(row?.evidence).toMatch(/names differ: 'ocrevant holdings group' vs 'zuvelio holdings group'/);
    expect(row?.status).not.toBe('linked');
    expect(await sameMaster(NEIGHBOURS)).toBe(false);
  });

  it('keeps sister companies in one building apart when each has its own ERP customer', async () => {
    const ids = await masterIds(warehouse);
    const [sf, hs] = [ids.get(`salesforce:${String(SISTERS.salesforce.Id)}`), ids.get(`hubspot:${String(SISTERS.sister!.hubspot.id)}`)];
    expect(sf).toBe(ids.get(`netsuite:${String(SISTERS.netsuite.id)}`));
    expect(hs).toBe(ids.get(`netsuite:${String(SISTERS.sister!.netsuite.id)}`));
    expect(sf).not.toBe(hs);
    const { rows } = await sql<PairRow>`SELECT status, band, match_rule, evidence, decision FROM int.match_pairs
      WHERE left_system = 'salesforce' AND left_id = ${SISTERS.salesforce.Id} AND right_system = 'hubspot'`.execute(warehouse.db);
    // the score alone would link the two CRM records (similar names, one address): the conflict check holds them apart
    expect(rows[0]).toMatchObject({ band: 'link', status: 'review', evidence: expect.stringMatching(/not linked: it would join netsuite:99000[67] and netsuite:99000[67]/) });
  });

  it('does not compare companies that only share a free-mail domain', async () => {
    expect(await pair(FREE_MAIL)).toBeUndefined();
  });

  it('applies human decisions over scores on this and every later build', async () => {
    await decide(NAME_ONLY, 'confirm');
    await decide(RENAMED, 'reject');
    for (let build = 0; build < 2; build++) {
      await rebuild();
      expect(await pair(NAME_ONLY)).toMatchObject({ status: 'linked', match_rule: 'human_confirmed', decision: 'confirm' });
      expect(await pair(RENAMED)).toMatchObject({ status: 'rejected', decision: 'reject' });
      expect(await sameMaster(NAME_ONLY)).toBe(true);
      expect(await sameMaster(RENAMED)).toBe(false);
    }
  });

  it('lets a person link two records the matcher never paired', async () => {
    expect(await pair(FREE_MAIL)).toBeUndefined();
    await decide(FREE_MAIL, 'confirm');
    await rebuild();
    expect(await pair(FREE_MAIL)).toMatchObject({ status: 'linked', match_rule: 'human_confirmed' });
    expect(await sameMaster(FREE_MAIL)).toBe(true);
  });
});
