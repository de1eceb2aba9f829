import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runExtract } from '../../../extract/run-extract.ts';
import { MODELS } from '../../../models/model-registry.ts';
import { buildModels, type BuildResult } from '../../../models/runner/build-models.ts';
import { assertBuildable, compileModelGraph } from '../../../models/runner/model-graph.ts';
import { readSourceTables } from '../../../models/runner/warehouse-tables.ts';
import type { RunningSandbox } from '../../../sandbox/sandbox-server.ts';
import { installNormalisation } from '../../../models/normalisation/install-normalisation.ts';
import { migrateWarehouse } from '../../../warehouse/migrate.ts';
import { openWarehouse, type Warehouse } from '../../../warehouse/warehouse.ts';
import { sandboxClients, sandboxConnectors, sandboxForExtract } from '../../extract/extract-support.ts';
import { makeTempDir, removeDir } from '../../support/dataset-files.ts';

/** Live records per model, counted in the sandbox itself. */
const SANDBOX_COUNTS: Record<string, string> = {
  'stg.salesforce_account': `SELECT count(*) AS n FROM salesforce."Account" WHERE NOT "IsDeleted"`,
  'stg.salesforce_opportunity': `SELECT count(*) AS n FROM salesforce."Opportunity" WHERE NOT "IsDeleted"`,
  'stg.salesforce_opportunity_line_item': `SELECT count(*) AS n FROM salesforce."OpportunityLineItem" WHERE NOT "IsDeleted"`,
  'stg.salesforce_user': `SELECT count(*) AS n FROM salesforce."User"`,
  'stg.hubspot_companies': `SELECT count(*) AS n FROM hubspot."companies" WHERE NOT archived`,
  'stg.hubspot_deals': `SELECT count(*) AS n FROM hubspot."deals" WHERE NOT archived`,
  'stg.hubspot_line_items': `SELECT count(*) AS n FROM hubspot."line_items" WHERE NOT archived`,
  'stg.netsuite_customer': `SELECT count(*) AS n FROM netsuite."customer"`,
  'stg.netsuite_transaction': `SELECT count(*) AS n FROM netsuite."transaction"`,
  'stg.netsuite_transactionline': `SELECT count(*) AS n FROM netsuite."transactionline"`,
  'stg.netsuite_subsidiary': `SELECT count(*) AS n FROM netsuite."subsidiary"`,
  'stg.netsuite_currency': `SELECT count(*) AS n FROM netsuite."currency"`,
  'stg.netsuite_currencyrate': `SELECT count(*) AS n FROM netsuite."currencyrate"`,
};

let dir = '';
let sandbox: RunningSandbox;
let configFile = '';
let warehouse: Warehouse;

beforeAll(async () => {
  dir = await makeTempDir();
  ({ sandbox, configFile } = await sandboxForExtract(dir, {}, 10));
  warehouse = await openWarehouse(path.join(dir, 'warehouse.duckdb'));
  await migrateWarehouse(warehouse.db);
  await warehouse.withConnection((connection) => installNormalisation(connection));
}, 30_000);

afterAll(async () => {
  await warehouse?.close();
  await sandbox?.close();
  if (dir) await removeDir(dir);
});

async function extract(runId: string): Promise<void> {
  const summary = await runExtract(warehouse, sandboxConnectors(configFile), { runId });
  expect(summary.status, JSON.stringify(summary.streams.filter((s) => s.status !== 'ok'))).toBe('ok');
}

async function build(asOf: Date): Promise<BuildResult> {
  const plan = compileModelGraph(MODELS, { db: warehouse.db, asOf, sources: await readSourceTables(warehouse.db) });
  assertBuildable(plan);
  return buildModels(warehouse.db, plan);
}

async function accountName(id: string): Promise<unknown> {
  const result = await sql<{ name: string }>`SELECT name FROM stg.salesforce_account WHERE id = ${id}`.execute(warehouse.db);
  return result.rows.length === 0 ? 'missing' : result.rows[0]?.name;
}

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 20));

describe('staging models', () => {
  it('refuses to plan before extract, naming the missing raw tables', async () => {
    const plan = compileModelGraph(MODELS, { db: warehouse.db, asOf: new Date(), sources: await readSourceTables(warehouse.db) });
    expect(() => assertBuildable(plan)).toThrow(/stg\.salesforce_account: refers to raw\.salesforce__account: no such source table in the warehouse \(run extract first\?\)/);
  });

  it('builds every model with passing tests and one row per live sandbox record', async () => {
    await extract('run-1');
    const result = await build(new Date());
    expect(result.models.filter((m) => m.status !== 'built')).toEqual([]);
    expect(result.tests.filter((t) => t.status !== 'passed')).toEqual([]);
    expect(result.ok).toBe(true);
    const built = Object.fromEntries(result.models.filter((m) => m.name.startsWith('stg.')).map((m) => [m.name, m.rowCount]));
    const expected: Record<string, number> = {};
    for (const [model, count] of Object.entries(SANDBOX_COUNTS)) expected[model] = Number((await sandbox.db.all<{ n: bigint }>(count))[0]?.n);
    expect(built).toEqual(expected);
    expect(Math.min(...Object.values(expected))).toBeGreaterThan(0);
  });

  it('documents every column it builds, with lineage and typed money', async () => {
    const types = await sql<{ model: string; column_name: string; data_type: string }>`
      SELECT 'stg.' || table_name AS model, column_name, data_type FROM information_schema.columns WHERE table_schema = 'stg'`.execute(warehouse.db);
    const documented = new Set(MODELS.filter((m) => m.name.startsWith('stg.')).flatMap((m) => m.columns.map((c) => `${m.name}.${c.name}`)));
    expect(types.rows.map((r) => `${r.model}.${r.column_name}`).sort()).toEqual([...documented].sort());
    const typeOf = (column: string): string | undefined => types.rows.find((r) => `${r.model}.${r.column_name}` === column)?.data_type;
    expect(typeOf('stg.hubspot_deals.amount')).toBe('DECIMAL(18,2)');
    expect(typeOf('stg.hubspot_deals.close_date')).toBe('DATE');
    expect(typeOf('stg.hubspot_deals.close_timestamp')).toBe('TIMESTAMP');
    expect(typeOf('stg.netsuite_transaction.total_amount')).toBe('DECIMAL(18,2)');
    expect(typeOf('stg.salesforce_account.source_extracted_at')).toBe('TIMESTAMP');
  });

  it('shows the latest values as of the run time, reproduces earlier as-of times, and drops deleted records', async () => {
    const sf = await sandboxClients(sandbox).salesforce();
    const accounts = (await sf.query<{ Id: string; Name: string }>('SELECT Id, Name FROM Account ORDER BY Id LIMIT 2')).records;
    const [renamed, deleted] = [accounts[0]!, accounts[1]!];
    const betweenRuns = new Date();
    await tick();
    await sf.sobject('Account').update({ Id: renamed.Id, Name: 'Renamed Co' });
    await sf.sobject('Account').destroy(deleted.Id);
    await extract('run-2');

    expect((await build(new Date())).ok).toBe(true);
    expect(await accountName(renamed.Id)).toBe('Renamed Co');
    expect(await accountName(deleted.Id)).toBe('missing');

    expect((await build(betweenRuns)).ok).toBe(true);
    expect(await accountName(renamed.Id)).toBe(renamed.Name);
    expect(await accountName(deleted.Id)).toBe(deleted.Name);
  });
});
