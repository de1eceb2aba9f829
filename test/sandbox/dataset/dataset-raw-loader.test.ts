import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runExtract } from '../../../extract/run-extract.ts';
import { MODELS } from '../../../models/model-registry.ts';
import { buildModels } from '../../../models/runner/build-models.ts';
import { compileModelGraph } from '../../../models/runner/model-graph.ts';
import { readSourceTables } from '../../../models/runner/warehouse-tables.ts';
import { ALL_SYSTEMS } from '../../../sandbox/all-systems.ts';
import { loadDatasetIntoRaw } from '../../../sandbox/dataset/dataset-raw-loader.ts';
import { writeSandboxConfig } from '../../../sandbox/sandbox-config-writer.ts';
import { startSandbox, type RunningSandbox } from '../../../sandbox/sandbox-server.ts';
import { migrateWarehouse } from '../../../warehouse/migrate.ts';
import { openWarehouse, type Warehouse } from '../../../warehouse/warehouse.ts';
import { sandboxConnectors, sandboxForExtract } from '../../extract/extract-support.ts';
import { makeTempDir, removeDir, writeDataset } from '../../support/dataset-files.ts';

const STAGING = ['stg.hubspot_companies', 'stg.netsuite_customer', 'stg.salesforce_account'] as const;
const RAW = ['salesforce__account', 'hubspot__companies', 'netsuite__customer'] as const;
const EXTRACTED_AT = new Date('2026-11-01T06:00:00Z');

interface Pair {
  extracted: Warehouse;
  direct: Warehouse;
}

let dir = '';
const sandboxes: RunningSandbox[] = [];
const warehouses: Warehouse[] = [];

async function newWarehouse(file: string): Promise<Warehouse> {
  const warehouse = await openWarehouse(file);
  warehouses.push(warehouse);
  await migrateWarehouse(warehouse.db);
  return warehouse;
}

/** Extracts the served dataset through the official clients into one warehouse, and loads it directly into another. */
async function extractAndLoad(name: string, dataDir: string, configFile: string): Promise<Pair> {
  const extracted = await newWarehouse(path.join(dir, `${name}-extracted.duckdb`));
  const summary = await runExtract(extracted, sandboxConnectors(configFile), { runId: 'extract-run' });
  expect(summary.status).toBe('ok');
  const direct = await newWarehouse(path.join(dir, `${name}-direct.duckdb`));
  await loadDatasetIntoRaw(direct, dataDir, { runId: 'direct-run', extractedAt: EXTRACTED_AT });
  for (const warehouse of [extracted, direct]) await buildStaging(warehouse);
  return { extracted, direct };
}

async function buildStaging(warehouse: Warehouse): Promise<void> {
  const plan = compileModelGraph(MODELS, { db: warehouse.db, asOf: new Date(), sources: await readSourceTables(warehouse.db) });
  // The direct load fills only the customer tables: other models may miss their sources, these may not.
  expect(plan.problems.filter((p) => (STAGING as readonly string[]).includes(p.model))).toEqual([]);
  const result = await buildModels(warehouse.db, plan, { select: new Set(STAGING) });
  expect(result.models.map((m) => [m.name, m.status, m.message])).toEqual(STAGING.map((name) => [name, 'built', undefined]));
}

async function rows(warehouse: Warehouse, query: string): Promise<Record<string, unknown>[]> {
  return warehouse.withConnection(async (connection) => (await connection.runAndReadAll(query)).getRowObjectsJson() as Record<string, unknown>[]);
}

function stagingRows(warehouse: Warehouse, model: string): Promise<Record<string, unknown>[]> {
  return rows(warehouse, `SELECT * EXCLUDE (source_run_id, source_extracted_at) FROM ${model} ORDER BY id`);
}

function rawColumns(warehouse: Warehouse): Promise<Record<string, unknown>[]> {
  return rows(warehouse, `SELECT table_name, column_name, data_type FROM information_schema.columns
    WHERE table_schema = 'raw' AND table_name IN (${RAW.map((t) => `'${t}'`).join(', ')}) ORDER BY table_name, column_name`);
}

function deletedIds(warehouse: Warehouse, table: string): Promise<Record<string, unknown>[]> {
  return rows(warehouse, `SELECT _record_id FROM raw.${table} WHERE _deleted ORDER BY 1`);
}

async function expectSameStaging(pair: Pair): Promise<void> {
  for (const model of STAGING) {
    const extracted = await stagingRows(pair.extracted, model);
    expect(extracted.length, `${model} is empty: the comparison would prove nothing`).toBeGreaterThan(0);
    expect(await stagingRows(pair.direct, model), model).toEqual(extracted);
  }
}

/** Records with the values the APIs and exports mangle: string forms, custom fields, deletions, DST. */
const EDGE_DATASET: Record<string, object[]> = {
  'salesforce/Account.ndjson': [
    { attributes: { type: 'Account' }, Id: '001000000000001AAA', Name: 'Acme GmbH', AnnualRevenue: '1200.555', NumberOfEmployees: '42',
      CreatedDate: '2024-04-01T10:20:30.123+0000', SystemModstamp: 1711966830123, LastActivityDate: '3/31/2024', Region__c: 'EMEA', Tier__c: 2,
      ERP_Credit_Hold__c: 'true', Owner: { Name: 'someone' } },
    { Id: '001000000000002AAA', Name: 'Gone Ltd', IsDeleted: true, SystemModstamp: '2025-01-02T03:04:05.000Z', Tier__c: null },
    { Id: '001000000000003AAA', Name: '', BillingCity: 'Zürich', Website: 'https://acme.example/', SystemModstamp: '2025-11-02T09:30:00Z' },
  ],
  'hubspot/companies.ndjson': [
    { id: '101', properties: { name: 'Acme', numberofemployees: '1,200', annualrevenue: '99.5', createdate: '1700000000000', segment_code: 'B' },
      createdAt: '2023-11-14T22:13:20Z', updatedAt: '2024-02-01T00:00:00.5Z', archived: false },
    { properties: { hs_object_id: '102', name: 'No envelope Inc', hs_lastmodifieddate: '2024-03-01T00:00:00Z' } },
    { id: '103', properties: { name: 'Archived Co' }, createdAt: '2024-01-01T00:00:00Z', updatedAt: '2024-05-01T00:00:00Z', archived: true, archivedAt: '2024-05-01T00:00:00Z' },
  ],
  'netsuite/customer.ndjson': [
    { id: 7, entityid: 'CUST7', companyname: 'Acme GmbH', isinactive: 'F', oncredithold: true, creditlimit: '1000.505', defaultbillingaddress: 70,
      datecreated: '2025-11-02T08:30:00Z', lastmodifieddate: '2025-11-02T09:30:00Z' },
    { id: '8', companyname: 'No address', isperson: 'T', balancesearch: 12, lastmodifieddate: '2025-03-09T10:30:00Z' },
  ],
  'netsuite/entityaddress.ndjson': [{ nkey: 70, addr1: 'Hauptstr. 1', city: 'Berlin', zip: 10115, country: 'DE' }],
  'netsuite/deletedrecord.ndjson': [{ recordid: 9, type: 'customer', deleteddate: '2025-06-01T00:00:00Z' }, { recordid: 10, type: 'invoice', deleteddate: '2025-06-01T00:00:00Z' }],
};

let generated: Pair;
let edge: Pair;
let generatedData = '';

beforeAll(async () => {
  dir = await makeTempDir();
  const served = await sandboxForExtract(path.join(dir, 'generated'), {}, 400);
  sandboxes.push(served.sandbox);
  generatedData = path.join(dir, 'generated', 'data');
  generated = await extractAndLoad('generated', generatedData, served.configFile);

  const edgeData = await writeDataset(path.join(dir, 'edge'), EDGE_DATASET);
  const sandbox = await startSandbox({ dataDir: edgeData, systems: ALL_SYSTEMS, options: {} });
  sandboxes.push(sandbox);
  const configFile = path.join(dir, 'edge.json');
  await writeSandboxConfig(configFile, sandbox.urls, sandbox.options);
  edge = await extractAndLoad('edge', edgeData, configFile);
}, 180_000);

afterAll(async () => {
  for (const warehouse of warehouses) await warehouse.close();
  for (const sandbox of sandboxes) await sandbox.close();
  if (dir) await removeDir(dir);
});

describe('loadDatasetIntoRaw', () => {
  it('gives the customer staging models the same rows as extracting the dataset through the sandbox', async () => {
    await expectSameStaging(generated);
  });

  it('does so for values in the forms real exports carry, custom fields, deletions and the autumn clock change', async () => {
    await expectSameStaging(edge);
  });

  it('lands the same raw columns and types, and the same deletions, as the extract', async () => {
    for (const pair of [generated, edge]) {
      expect(await rawColumns(pair.direct)).toEqual(await rawColumns(pair.extracted));
      for (const table of RAW) expect(await deletedIds(pair.direct, table), table).toEqual(await deletedIds(pair.extracted, table));
    }
    expect(await deletedIds(edge.direct, 'netsuite__customer')).toEqual([{ _record_id: '9' }]);
  });

  it('lands each version once, so loading the folder again adds nothing', async () => {
    const again = await loadDatasetIntoRaw(generated.direct, generatedData, { runId: 'direct-run-2', extractedAt: new Date() });
    expect(again.map((f) => [f.object, f.records])).toEqual([['salesforce/Account', 0], ['hubspot/companies', 0], ['netsuite/customer', 0]]);
  });

  it('says which folder or file is missing', async () => {
    const empty = await newWarehouse(':memory:');
    await expect(loadDatasetIntoRaw(empty, path.join(dir, 'nowhere'), { runId: 'r', extractedAt: new Date() }))
      .rejects.toThrow(/Dataset folder .*nowhere does not exist/);
    const partial = await writeDataset(path.join(dir, 'partial'), { 'salesforce/Account.ndjson': [{ Id: '001000000000001AAA' }] });
    await expect(loadDatasetIntoRaw(empty, partial, { runId: 'r', extractedAt: new Date() }))
      .rejects.toThrow(/has no hubspot\/companies\.ndjson/);
    const loaded = await loadDatasetIntoRaw(empty, partial, { runId: 'r', extractedAt: new Date(), objects: ['salesforce/Account'] });
    expect(loaded.map((f) => [f.table, f.records])).toEqual([['raw."salesforce__account"', 1]]);
  });

  it('refuses a record without an id, naming the file', async () => {
    const empty = await newWarehouse(':memory:');
    const broken = await writeDataset(path.join(dir, 'broken'), { 'hubspot/companies.ndjson': [{ id: '1', properties: { name: 'ok' } }, { properties: { name: 'no id' } }] });
    await expect(loadDatasetIntoRaw(empty, broken, { runId: 'r', extractedAt: new Date(), objects: ['hubspot/companies'] }))
      .rejects.toThrow(/hubspot\/companies\.ndjson: a record has no id/);
  });
});
