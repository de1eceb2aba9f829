import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runExtract } from '../../../extract/run-extract.ts';
import { MODELS } from '../../../models/model-registry.ts';
import { buildModels, type BuildResult } from '../../../models/runner/build-models.ts';
import { assertBuildable, compileModelGraph } from '../../../models/runner/model-graph.ts';
import { readSourceTables } from '../../../models/runner/warehouse-tables.ts';
import type { RunningSandbox } from '../../../sandbox/sandbox-server.ts';
import type { StaleXref } from '../../../sandbox/generator/cross-references.ts';
import type { TruthCustomer } from '../../../sandbox/generator/truth-writer.ts';
import { installNormalisation } from '../../../models/normalisation/install-normalisation.ts';
import { migrateWarehouse } from '../../../warehouse/migrate.ts';
import { openWarehouse, type Warehouse } from '../../../warehouse/warehouse.ts';
import { sandboxConnectors, sandboxForExtract } from '../../extract/extract-support.ts';
import { makeTempDir, removeDir } from '../../support/dataset-files.ts';

interface XrefRow {
  from_system: string;
  from_id: string;
  from_field: string;
  to_system: string;
  to_id: string;
  resolved_to_id: string | null;
  status: string;
  evidence: string;
}

interface Truth {
  customers: TruthCustomer[];
  stale_xrefs: StaleXref[];
}

let dir = '';
let sandbox: RunningSandbox;
let warehouse: Warehouse;
let result: BuildResult;
let rows: XrefRow[] = [];
let truth: Truth;

beforeAll(async () => {
  dir = await makeTempDir();
  let configFile: string;
  ({ sandbox, configFile } = await sandboxForExtract(dir, {}, 600));
  truth = JSON.parse(await readFile(path.join(dir, 'data', 'truth.json'), 'utf8')) as Truth;
  warehouse = await openWarehouse(path.join(dir, 'warehouse.duckdb'));
  await migrateWarehouse(warehouse.db);
  await warehouse.withConnection((connection) => installNormalisation(connection));
  const summary = await runExtract(warehouse, sandboxConnectors(configFile), { runId: 'run-1' });
  expect(summary.status).toBe('ok');
  const plan = compileModelGraph(MODELS, { db: warehouse.db, asOf: new Date(), sources: await readSourceTables(warehouse.db) });
  assertBuildable(plan);
  result = await buildModels(warehouse.db, plan);
  rows = (await sql<XrefRow>`SELECT * FROM int.existing_xrefs`.execute(warehouse.db)).rows;
}, 60_000);

afterAll(async () => {
  await warehouse?.close();
  await sandbox?.close();
  if (dir) await removeDir(dir);
});

const rowKey = (system: string, fromId: string, toId: string): string => `${system}|${fromId}|${toId}`;

/** Truth's company key of every record id (Salesforce ids by their first 15 characters). */
function clusterIndex(customers: readonly TruthCustomer[]): Map<string, string> {
  const index = new Map<string, string>();
  for (const c of customers) {
    for (const id of c.salesforce) index.set(`salesforce|${id.slice(0, 15)}`, c.key);
    for (const id of c.hubspot) index.set(`hubspot|${id}`, c.key);
    for (const id of c.netsuite) index.set(`netsuite|${id}`, c.key);
  }
  return index;
}

const clusterId = (system: string, id: string): string => (system === 'salesforce' ? id.slice(0, 15) : id);

describe('int.existing_xrefs', () => {
  it('builds with its data tests passing', () => {
    const mine = result.models.find((m) => m.name === 'int.existing_xrefs');
    expect(mine?.status, mine?.message).toBe('built');
    const tests = result.tests.filter((t) => JSON.stringify(t).includes('existing_xrefs') || t.status !== 'passed');
    expect(tests.filter((t) => t.status !== 'passed')).toEqual([]);
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(['verified', 'dangling', 'contradicted']));
    expect(rows.every((r) => r.evidence.length > 0)).toBe(true);
  });

  it('reports every stale xref in truth as dangling or contradicted', () => {
    const byKey = new Map(rows.map((r) => [rowKey(r.from_system, r.from_id, r.to_id), r]));
    const outcomes = truth.stale_xrefs.map((s) => ({ stale: s, row: byKey.get(rowKey(s.system, s.record_id, s.value)) }));
    expect(outcomes.length).toBeGreaterThan(5);
    const missed = outcomes.filter((o) => o.row === undefined || o.row.status === 'verified');
    console.log(`stale xrefs: ${outcomes.length}; ${outcomes.filter((o) => o.row?.status === 'dangling').length} dangling, `
      + `${outcomes.filter((o) => o.row?.status === 'contradicted').length} contradicted, ${missed.length} missed`);
    const staleKeys = new Set(truth.stale_xrefs.map((x) => rowKey(x.system, x.record_id, x.value)));
    const flaggedNotStale = rows.filter((r) => r.status !== 'verified' && !staleKeys.has(rowKey(r.from_system, r.from_id, r.to_id)));
    console.log(`rows: ${rows.length}; flagged but not stale in truth: ${flaggedNotStale.length}`, flaggedNotStale.map((r) => r.evidence));
    expect(missed).toEqual([]);
  });

  it('verifies most stored xrefs that agree with truth\'s customer clusters', () => {
    const clusters = clusterIndex(truth.customers);
    const agreeing = rows.filter((r) => {
      const from = clusters.get(`${r.from_system}|${clusterId(r.from_system, r.from_id)}`);
      return from !== undefined && from === clusters.get(`${r.to_system}|${clusterId(r.to_system, r.to_id)}`);
    });
    const verified = agreeing.filter((r) => r.status === 'verified');
    console.log(`agreeing xrefs: ${agreeing.length}; verified ${verified.length}; not verified:`,
      agreeing.filter((r) => r.status !== 'verified').map((r) => `${r.status}: ${r.evidence}`));
    expect(agreeing.length).toBeGreaterThan(20);
    expect(verified.length / agreeing.length).toBeGreaterThanOrEqual(0.9);
  });

  it('resolves a 15-character Salesforce id stored in NetSuite to the 18-character staging id', () => {
    const toSalesforce = rows.filter((r) => r.to_system === 'salesforce' && r.resolved_to_id !== null);
    expect(toSalesforce.length).toBeGreaterThan(0);
    for (const r of toSalesforce) {
      expect(r.resolved_to_id).toHaveLength(18);
      expect(r.resolved_to_id?.slice(0, 15)).toBe(r.to_id.slice(0, 15));
    }
  });
});
