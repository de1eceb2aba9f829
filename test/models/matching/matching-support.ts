import path from 'node:path';
import { sql } from 'kysely';
import { MODELS } from '../../../models/model-registry.ts';
import { installNormalisation } from '../../../models/normalisation/install-normalisation.ts';
import { buildModels, type BuildResult } from '../../../models/runner/build-models.ts';
import { compileModelGraph, planEdges } from '../../../models/runner/model-graph.ts';
import { selectModels } from '../../../models/runner/model-selection.ts';
import { readSourceTables } from '../../../models/runner/warehouse-tables.ts';
import type { MatchSystem, RecordRef } from '../../../models/matching/record-ref.ts';
import { loadDatasetIntoRaw } from '../../../sandbox/dataset/dataset-raw-loader.ts';
import { migrateWarehouse } from '../../../warehouse/migrate.ts';
import { openWarehouse, type Warehouse } from '../../../warehouse/warehouse.ts';

/** The matching models and what they need: everything upstream of mart.customer_xref, plus the blocking log. */
export const MATCHING_SELECTOR = '+mart.customer_xref,int.match_blocking_rules';

/** A migrated warehouse in `dir` holding a dataset's customer records, loaded directly into raw, with normalisation installed. */
export async function warehouseWithCustomers(dir: string, dataDir: string, name = 'warehouse.duckdb'): Promise<Warehouse> {
  const warehouse = await openWarehouse(path.join(dir, name));
  await migrateWarehouse(warehouse.db);
  await loadDatasetIntoRaw(warehouse, dataDir, { runId: 'load-1', extractedAt: new Date('2026-11-01T06:00:00Z') });
  await warehouse.withConnection((connection) => installNormalisation(connection));
  return warehouse;
}

/** Builds the matching models (and their staging models) as of now. */
export async function buildMatching(warehouse: Warehouse, selector = MATCHING_SELECTOR): Promise<BuildResult> {
  const plan = compileModelGraph(MODELS, { db: warehouse.db, asOf: new Date(), sources: await readSourceTables(warehouse.db) });
  return buildModels(warehouse.db, plan, { select: selectModels(planEdges(plan), selector) });
}

/** The build's failures, readable in an assertion message. */
export function buildFailures(result: BuildResult): string[] {
  return [
    ...result.models.filter((m) => m.status !== 'built').map((m) => `${m.name}: ${m.message}`),
    ...result.tests.filter((t) => t.status !== 'passed').map((t) => `${t.name}: ${t.status} ${JSON.stringify(t.sample[0] ?? t.message, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))}`),
  ];
}

/** Master id per record key `system:id`. */
export async function masterIds(warehouse: Warehouse): Promise<Map<string, string>> {
  const { rows } = await sql<{ system: string; source_id: string; master_id: string }>`
    SELECT system, source_id, master_id FROM mart.customer_xref`.execute(warehouse.db);
  return new Map(rows.map((r) => [`${r.system}:${r.source_id}`, r.master_id]));
}

/** The predicted customers: records grouped by master id. */
export async function predictedClusters(warehouse: Warehouse): Promise<RecordRef[][]> {
  const clusters = new Map<string, RecordRef[]>();
  for (const [key, master] of await masterIds(warehouse)) {
    const [system, ...id] = key.split(':');
    const cluster = clusters.get(master) ?? [];
    cluster.push({ system: system as MatchSystem, id: id.join(':') });
    clusters.set(master, cluster);
  }
  return [...clusters.values()];
}
