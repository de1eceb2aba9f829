// One size of the matching benchmark, run in its own process by matching-bench.ts so its peak memory
// is its own: loads a generated dataset straight into a fresh warehouse, builds the customer
// matching models and scores them against the dataset's truth.json. Prints one `matching-figure=`
// JSON line on stdout; progress goes to stderr.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { DuckDBConnection } from '@duckdb/node-api';
import { formatEvaluationTable } from '../models/matching/evaluation-table.ts';
import { evaluateClusters } from '../models/matching/match-clusters.ts';
import { evaluateLinks, type MatchEvaluation, type PairScore } from '../models/matching/match-evaluation.ts';
import { nameBaselineLinksFromRelation } from '../models/matching/name-baseline.ts';
import type { MatchSystem, RecordRef } from '../models/matching/record-ref.ts';
import { readTruthPairs } from '../models/matching/truth-pairs.ts';
import { MODELS } from '../models/model-registry.ts';
import { installNormalisation } from '../models/normalisation/install-normalisation.ts';
import { buildModels, type ModelBuildResult } from '../models/runner/build-models.ts';
import { compileModelGraph, planEdges, type ModelPlan } from '../models/runner/model-graph.ts';
import { selectModels } from '../models/runner/model-selection.ts';
import { readSourceTables } from '../models/runner/warehouse-tables.ts';
import { loadDatasetIntoRaw } from '../sandbox/dataset/dataset-raw-loader.ts';
import { migrateWarehouse } from '../warehouse/migrate.ts';
import { openWarehouse, type Warehouse } from '../warehouse/warehouse.ts';

export interface MethodScore {
  crossSystem: PairScore;
  duplicates: PairScore;
  byType: Record<string, PairScore>;
}

export interface MatchingRunFigure {
  records: Record<MatchSystem, number>;
  loadSeconds: number;
  /** What was built: upstream of mart.customer_xref (and the blocking-rule report), or less while those models are missing. */
  selector: string;
  stagingSeconds: number;
  /** Every built model that is not staging. */
  matchingSeconds: number;
  models: Pick<ModelBuildResult, 'name' | 'status' | 'seconds' | 'rowCount' | 'message'>[];
  failedTests: string[];
  candidatePairs: number | null;
  naivePairs: number;
  blockingRules: { rule: string; pairs: number }[] | null;
  largestCluster: number | null;
  evaluationSeconds: number;
  evaluation: Record<string, MethodScore>;
  evaluationTable: string;
  /** Why a figure is missing (a table that does not exist yet). */
  notes: string[];
}

const XREF = 'mart.customer_xref';
const RULES = 'int.match_blocking_rules';
const CANDIDATES = 'int.match_candidates';
const RECORDS = 'int.customer_records';
const STAGING = ['stg.salesforce_account', 'stg.hubspot_companies', 'stg.netsuite_customer'];
const STAGING_NAMES = `(SELECT 'salesforce' AS system, id, name FROM stg.salesforce_account
  UNION ALL SELECT 'hubspot', id, name FROM stg.hubspot_companies
  UNION ALL SELECT 'netsuite', CAST(id AS VARCHAR), coalesce(nullif(trim(company_name), ''), entity_id) FROM stg.netsuite_customer)`;

const progress = (message: string): void => {
  process.stderr.write(`  ${message}\n`);
};

export async function runMatchingSize(dataDir: string, warehouseFile: string): Promise<MatchingRunFigure> {
  await rm(warehouseFile, { force: true });
  await rm(`${warehouseFile}.wal`, { force: true });
  const warehouse = await openWarehouse(warehouseFile);
  try {
    await migrateWarehouse(warehouse.db);
    const loadSeconds = await timed(() => loadDatasetIntoRaw(warehouse, dataDir, { runId: 'bench-direct-load', extractedAt: new Date() }));
    progress(`loaded the customer records into raw in ${loadSeconds.toFixed(1)} s`);
    await warehouse.withConnection((connection) => installNormalisation(connection));
    const notes: string[] = [];
    const built = await buildMatching(warehouse, notes);
    return await warehouse.withConnection(async (connection) => {
      const figures = await matchingFigures(connection, notes);
      const started = performance.now();
      const evaluation = await evaluate(connection, path.join(dataDir, 'truth.json'), notes);
      return { loadSeconds, ...built, ...figures, ...evaluation, evaluationSeconds: (performance.now() - started) / 1000, notes };
    });
  } finally {
    await warehouse.close();
  }
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return (performance.now() - started) / 1000;
}

type BuiltFigures = Pick<MatchingRunFigure, 'selector' | 'stagingSeconds' | 'matchingSeconds' | 'models' | 'failedTests'>;

async function buildMatching(warehouse: Warehouse, notes: string[]): Promise<BuiltFigures> {
  const plan = compileModelGraph(MODELS, { db: warehouse.db, asOf: new Date(), sources: await readSourceTables(warehouse.db) });
  const selector = selectorFor(plan, notes);
  const select = selectModels(planEdges(plan), selector);
  const problems = plan.problems.filter((p) => select.has(p.model));
  if (problems.length > 0) {
    throw new Error(`The models the matching bench builds cannot be built:\n${problems.map((p) => `  - ${p.model}: ${p.message}`).join('\n')}`);
  }
  progress(`building ${select.size} models (${selector}) …`);
  const result = await buildModels(warehouse.db, plan, { select });
  for (const model of result.models) progress(`${model.name.padEnd(32)} ${model.status.padEnd(7)} ${model.seconds.toFixed(2).padStart(8)} s${model.message ? `  ${model.message}` : ''}`);
  const built = result.models.filter((m) => m.status === 'built');
  const seconds = (models: readonly ModelBuildResult[]): number => models.reduce((sum, m) => sum + m.seconds, 0);
  return {
    selector,
    stagingSeconds: seconds(built.filter((m) => m.name.startsWith('stg.'))),
    matchingSeconds: seconds(built.filter((m) => !m.name.startsWith('stg.'))),
    models: result.models.map(({ name, status, seconds: s, rowCount, message }) => ({ name, status, seconds: s, rowCount, message })),
    failedTests: result.tests.filter((t) => t.status !== 'passed').map((t) => `${t.name} (${t.status}${t.failingRows ? `, ${t.failingRows} rows` : ''}${t.message ? `: ${t.message}` : ''})`),
  };
}

/** Upstream of the cross-reference mart and the blocking-rule report; while they are not models yet, as much of the chain as exists. */
function selectorFor(plan: ModelPlan, notes: string[]): string {
  const planned = new Set(plan.nodes.map((n) => n.name));
  const targets = [XREF, RULES].filter((name) => planned.has(name));
  for (const missing of [XREF, RULES].filter((name) => !planned.has(name))) notes.push(`${missing} is not a model yet, so it was not built.`);
  if (targets.length > 0) return targets.map((name) => `+${name}`).join(' ');
  for (const fallback of [CANDIDATES, RECORDS]) if (planned.has(fallback)) return `+${fallback}`;
  return STAGING.join(' ');
}

async function tableExists(connection: DuckDBConnection, table: string): Promise<boolean> {
  const [schema, name] = table.split('.');
  const reader = await connection.runAndReadAll(
    'SELECT count(*) FROM information_schema.tables WHERE table_schema = $1 AND table_name = $2', [schema!, name!]);
  return Number(reader.getRows()[0]?.[0]) > 0;
}

async function scalar(connection: DuckDBConnection, query: string): Promise<number> {
  return Number((await connection.runAndReadAll(query)).getRows()[0]?.[0] ?? 0);
}

type CountFigures = Pick<MatchingRunFigure, 'records' | 'candidatePairs' | 'naivePairs' | 'blockingRules' | 'largestCluster'>;

async function matchingFigures(connection: DuckDBConnection, notes: string[]): Promise<CountFigures> {
  const records = {
    salesforce: await scalar(connection, 'SELECT count(*) FROM stg.salesforce_account'),
    hubspot: await scalar(connection, 'SELECT count(*) FROM stg.hubspot_companies'),
    netsuite: await scalar(connection, 'SELECT count(*) FROM stg.netsuite_customer'),
  };
  const n = records.salesforce + records.hubspot + records.netsuite;
  const candidatePairs = await ifTable(connection, CANDIDATES, notes, () => scalar(connection, `SELECT count(*) FROM ${CANDIDATES}`));
  const blockingRules = await ifTable(connection, RULES, notes, async () =>
    (await connection.runAndReadAll(`SELECT rule, pairs FROM ${RULES}`)).getRows().map(([rule, pairs]) => ({ rule: String(rule), pairs: Number(pairs) })));
  const largestCluster = await ifTable(connection, XREF, notes, () =>
    scalar(connection, `SELECT coalesce(max(records), 0) FROM (SELECT count(*) AS records FROM ${XREF} GROUP BY master_id)`));
  return { records, naivePairs: (n * (n - 1)) / 2, candidatePairs, blockingRules, largestCluster };
}

async function ifTable<T>(connection: DuckDBConnection, table: string, notes: string[], read: () => Promise<T>): Promise<T | null> {
  if (await tableExists(connection, table)) return read();
  notes.push(`${table} does not exist, so its figures are missing.`);
  return null;
}

type EvaluationFigures = Pick<MatchingRunFigure, 'evaluation' | 'evaluationTable'>;

/** The matcher's clusters (records sharing a master id) and the exact-name baseline, scored against truth.json. */
async function evaluate(connection: DuckDBConnection, truthFile: string, notes: string[]): Promise<EvaluationFigures> {
  const truth = await readTruthPairs(truthFile);
  const evaluations: Record<string, MatchEvaluation> = {};
  if (await tableExists(connection, XREF)) evaluations.matcher = evaluateClusters(await xrefClusters(connection), truth);
  const names = (await tableExists(connection, RECORDS)) ? `(SELECT system, source_id AS id, name FROM ${RECORDS})` : STAGING_NAMES;
  if (names === STAGING_NAMES) notes.push(`${RECORDS} does not exist: the name baseline read the staging tables.`);
  evaluations['name baseline'] = evaluateLinks(await nameBaselineLinksFromRelation(connection, names), truth);
  const evaluation = Object.fromEntries(Object.entries(evaluations).map(([method, e]) => [method, methodScore(e)]));
  return { evaluation, evaluationTable: formatEvaluationTable(evaluations) };
}

function methodScore(evaluation: MatchEvaluation): MethodScore {
  return { crossSystem: evaluation.crossSystem, duplicates: evaluation.duplicates, byType: Object.fromEntries(evaluation.byType) };
}

/** Clusters of two or more records (single records imply no pair), streamed in master id order. */
async function xrefClusters(connection: DuckDBConnection): Promise<RecordRef[][]> {
  const result = await connection.stream(`
    SELECT master_id, system, source_id FROM ${XREF}
    WHERE master_id IN (SELECT master_id FROM ${XREF} GROUP BY master_id HAVING count(*) > 1)
    ORDER BY master_id`);
  const clusters: RecordRef[][] = [];
  let current: RecordRef[] = [];
  let currentId: unknown;
  for await (const rows of result.yieldRowsJs()) {
    for (const [masterId, system, sourceId] of rows) {
      if (masterId !== currentId && current.length > 0) {
        clusters.push(current);
        current = [];
      }
      currentId = masterId;
      current.push({ system: system as MatchSystem, id: String(sourceId) });
    }
  }
  if (current.length > 0) clusters.push(current);
  return clusters;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { data: { type: 'string' }, warehouse: { type: 'string' } } });
  if (!values.data || !values.warehouse) throw new Error('usage: matching-size-run.ts --data DATASET_DIR --warehouse FILE');
  const figure = await runMatchingSize(path.resolve(values.data), path.resolve(values.warehouse));
  process.stdout.write(`matching-figure=${JSON.stringify(figure)}\n`);
}

if (process.argv[1] === import.meta.filename) await main();

