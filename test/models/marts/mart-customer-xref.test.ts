import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runExtract } from '../../../extract/run-extract.ts';
import { MODELS } from '../../../models/model-registry.ts';
import { installNormalisation } from '../../../models/normalisation/install-normalisation.ts';
import { buildModels, type BuildResult } from '../../../models/runner/build-models.ts';
import { assertBuildable, compileModelGraph } from '../../../models/runner/model-graph.ts';
import { readColumnTypes, readSourceTables } from '../../../models/runner/warehouse-tables.ts';
import type { RunningSandbox } from '../../../sandbox/sandbox-server.ts';
import { migrateWarehouse } from '../../../warehouse/migrate.ts';
import { openWarehouse, type Warehouse } from '../../../warehouse/warehouse.ts';
import { sandboxClients, sandboxConnectors, sandboxForExtract } from '../../extract/extract-support.ts';
import { makeTempDir, removeDir } from '../../support/dataset-files.ts';
import { buildFailures, masterIds } from '../matching/matching-support.ts';
import path from 'node:path';

let dir = '';
let sandbox: RunningSandbox;
let configFile = '';
let warehouse: Warehouse;

async function extractAndBuild(runId: string): Promise<BuildResult> {
  const summary = await runExtract(warehouse, sandboxConnectors(configFile), { runId });
  expect(summary.status).toBe('ok');
  return build();
}

async function build(): Promise<BuildResult> {
  const plan = compileModelGraph(MODELS, { db: warehouse.db, asOf: new Date(), sources: await readSourceTables(warehouse.db) });
  assertBuildable(plan);
  const result = await buildModels(warehouse.db, plan);
  expect(buildFailures(result)).toEqual([]);
  return result;
}

/** Record keys per master id. */
function clusters(ids: ReadonlyMap<string, string>): Map<string, string[]> {
  const byMaster = new Map<string, string[]>();
  for (const [record, master] of ids) byMaster.set(master, [...(byMaster.get(master) ?? []), record]);
  return byMaster;
}

function notes(result: BuildResult, model: string): string[] {
  return [...(result.models.find((m) => m.name === model)?.notes ?? [])];
}

beforeAll(async () => {
  dir = await makeTempDir();
  ({ sandbox, configFile } = await sandboxForExtract(dir, {}, 300));
  warehouse = await openWarehouse(path.join(dir, 'warehouse.duckdb'));
  await migrateWarehouse(warehouse.db);
  await warehouse.withConnection((connection) => installNormalisation(connection));
}, 60_000);

afterAll(async () => {
  await warehouse?.close();
  await sandbox?.close();
  if (dir) await removeDir(dir);
});

describe('mart.customer_xref master ids', () => {
  it('stay with unchanged customers across runs while records change, and new customers get new ids', async () => {
    await extractAndBuild('run-1');
    const before = await masterIds(warehouse);
    const multi = [...clusters(before).values()].filter((records) => records.length >= 2 && records.some((r) => r.startsWith('salesforce:')));
    expect(multi.length).toBeGreaterThan(20);

    // Edits through the official clients: a renamed account, a new phone in NetSuite, an archived HubSpot company, a new account.
    const clients = sandboxClients(sandbox);
    const sf = await clients.salesforce();
    const renamed = multi[0]!.find((r) => r.startsWith('salesforce:'))!.slice('salesforce:'.length);
    await sf.sobject('Account').update({ Id: renamed, Description: 'key account', BillingCity: 'Springfield' });
    const netsuiteEdited = multi[1]!.find((r) => r.startsWith('netsuite:'));
    if (netsuiteEdited) {
      await clients.netsuite.request({ path: `record/v1/customer/${netsuiteEdited.slice('netsuite:'.length)}`, method: 'PATCH', body: JSON.stringify({ phone: '+1 555 010 9999' }) });
    }
    const archived = [...before.keys()].find((r) => r.startsWith('hubspot:'))!;
    await clients.hubspot.crm.companies.basicApi.archive(archived.slice('hubspot:'.length));
    const created = await sf.sobject('Account').create({ Name: 'Newcomer Widgets Corp', BillingCountry: 'US' });
    expect(created.success).toBe(true);

    await extractAndBuild('run-2');
    const after = await masterIds(warehouse);
    const touched = new Set([...multi[0]!, ...multi[1]!, ...clusters(before).get(before.get(archived)!)!]);
    const unchanged = [...before.keys()].filter((r) => !touched.has(r));
    const moved = unchanged.filter((r) => after.get(r) !== before.get(r));
    expect(moved).toEqual([]);
    expect(after.get(`salesforce:${renamed}`)).toBe(before.get(`salesforce:${renamed}`));
    expect(after.has(archived)).toBe(false);
    const newcomer = after.get(`salesforce:${created.id}`);
    expect(newcomer).toMatch(/^M\d{8}$/);
    expect(new Set(before.values()).has(newcomer!)).toBe(false);
  }, 120_000);

  it('assigns nothing new when a build sees no change', async () => {
    const before = await masterIds(warehouse);
    const result = await build();
    expect(notes(result, 'mart.customer_xref')).toContain('0 records got a new or changed master id');
    expect(await masterIds(warehouse)).toEqual(before);
  }, 60_000);

  it('splits a customer a person rejects: one side keeps the id, the other gets an id never used before', async () => {
    const { rows } = await sql<{ left_system: string; left_id: string; right_system: string; right_id: string }>`
      SELECT left_system, left_id, right_system, right_id FROM int.match_pairs p
      WHERE status = 'linked' AND pair_kind = 'cross'
        AND (SELECT master_records FROM mart.customer_xref x WHERE x.system = p.left_system AND x.source_id = p.left_id) = 2
      ORDER BY left_id LIMIT 1`.execute(warehouse.db);
    const pair = rows[0]!;
    const before = await masterIds(warehouse);
    const [left, right] = [`${pair.left_system}:${pair.left_id}`, `${pair.right_system}:${pair.right_id}`];
    const original = before.get(left)!;
    expect(before.get(right)).toBe(original);
    await sql`INSERT INTO meta.xref_decisions (left_system, left_id, right_system, right_id, decision, decided_by)
      VALUES (${pair.left_system}, ${pair.left_id}, ${pair.right_system}, ${pair.right_id}, 'reject', 'test')`.execute(warehouse.db);
    await build();
    const after = await masterIds(warehouse);
    const ids = [after.get(left)!, after.get(right)!];
    expect(ids).toContain(original);
    const fresh = ids.find((id) => id !== original)!;
    const { rows: history } = await sql<{ n: bigint }>`SELECT count(*) AS n FROM meta.master_ids WHERE master_id = ${fresh} AND assigned_at < (SELECT max(assigned_at) FROM meta.master_ids)`.execute(warehouse.db);
    expect(Number(history[0]!.n)).toBe(0);
    expect(new Set(before.values()).has(fresh)).toBe(false);
  }, 60_000);
});

describe('model documentation', () => {
  it('describes every column every model builds, and builds every column it describes', async () => {
    const types = await readColumnTypes(warehouse.db, MODELS.map((m) => m.name));
    const mismatches = MODELS.flatMap((model) => {
      const built = [...(types.get(model.name)?.keys() ?? [])];
      const described = model.columns.map((c) => c.name);
      return [
        ...built.filter((c) => !described.includes(c)).map((c) => `${model.name}.${c} is built but not described`),
        ...described.filter((c) => !built.includes(c)).map((c) => `${model.name}.${c} is described but not built`),
      ];
    });
    expect(types.size).toBe(MODELS.length);
    expect(mismatches).toEqual([]);
  }, 120_000);
});
