import { CompiledQuery, type Kysely } from 'kysely';
import type { ModelPlan, PlanNode } from './model-graph.ts';
import { quoteTable } from '../../warehouse/sql-text.ts';
import type { PlannedTest } from './test-sql.ts';

export interface ModelBuildResult {
  readonly name: string;
  readonly status: 'built' | 'failed' | 'skipped';
  readonly seconds: number;
  readonly rowCount?: number;
  /** Why it failed, or which failed upstream model it was skipped for. */
  readonly message?: string;
  /** Lines the model's after-build step returned (e.g. a summary). */
  readonly notes?: readonly string[];
}

export interface TestResult {
  readonly name: string;
  readonly model: string;
  readonly status: 'passed' | 'failed' | 'error' | 'skipped';
  /** Rows breaking the test (for unique: duplicated value groups). */
  readonly failingRows: number;
  /** Up to SAMPLE_SIZE failing rows. */
  readonly sample: readonly Record<string, unknown>[];
  readonly message?: string;
}

export interface BuildResult {
  readonly ok: boolean;
  readonly models: readonly ModelBuildResult[];
  readonly tests: readonly TestResult[];
}

export interface BuildOptions {
  /** Only these models (the rest are taken as already built); default every model. */
  readonly select?: ReadonlySet<string>;
  /**
   * Skip the models' after-build steps, which record state for later runs (e.g. master ids). For
   * builds of an earlier as-of, such as reproducing a past report, which must not change that state.
   */
  readonly skipAfterBuild?: boolean;
}

const SAMPLE_SIZE = 5;

/**
 * Builds the plan's models in order (`CREATE OR REPLACE TABLE ... AS`, parameters bound), then
 * runs the data tests of the models that were built. A failed model skips its dependents only.
 * Expects a buildable plan (see assertBuildable).
 */
export async function buildModels<DB>(db: Kysely<DB>, plan: ModelPlan, options: BuildOptions = {}): Promise<BuildResult> {
  const nodes = plan.nodes.filter((node) => options.select?.has(node.name) ?? true);
  const models: ModelBuildResult[] = [];
  const broken = new Set<string>();
  for (const node of nodes) {
    const brokenDep = node.dependsOn.find((dep) => broken.has(dep));
    if (brokenDep !== undefined) {
      broken.add(node.name);
      models.push({ name: node.name, status: 'skipped', seconds: 0, message: `skipped: upstream ${brokenDep} was not built` });
      continue;
    }
    const result = await buildModel(db, node);
    if (result.status !== 'built') broken.add(node.name);
    models.push(result);
  }
  const tests: TestResult[] = [];
  for (const node of nodes) {
    for (const test of node.tests) tests.push(broken.has(node.name) ? skippedTest(test) : await runTest(db, test));
  }
  const ok = models.every((m) => m.status === 'built') && tests.every((t) => t.status === 'passed');
  const hooks = options.skipAfterBuild ? new Map<string, readonly string[] | string>() : await runAfterBuildHooks(db, nodes.filter((node) => !broken.has(node.name)), tests);
  const withHooks = models.map((m) => {
    const outcome = hooks.get(m.name);
    if (outcome === undefined) return m;
    return typeof outcome === 'string' ? { ...m, status: 'failed' as const, message: outcome } : { ...m, notes: outcome };
  });
  const hooksOk = [...hooks.values()].every((outcome) => typeof outcome !== 'string');
  return { ok: ok && hooksOk, models: withHooks, tests };
}

/** Runs the data tests of already built models (e.g. to check the marts before writing from them). */
export async function runModelTests<DB>(db: Kysely<DB>, plan: ModelPlan, select: (name: string) => boolean): Promise<TestResult[]> {
  const tests: TestResult[] = [];
  for (const node of plan.nodes.filter((n) => select(n.name))) {
    for (const test of node.tests) tests.push(await runTest(db, test));
  }
  return tests;
}

/**
 * Runs the hooks of built models whose tests all passed; returns model name → the lines its hook
 * returned, or a string saying why it failed.
 */
async function runAfterBuildHooks<DB>(db: Kysely<DB>, nodes: readonly PlanNode[], tests: readonly TestResult[]): Promise<Map<string, readonly string[] | string>> {
  const outcomes = new Map<string, readonly string[] | string>();
  for (const node of nodes) {
    if (!node.afterBuild || tests.some((t) => t.model === node.name && t.status !== 'passed')) continue;
    try {
      outcomes.set(node.name, (await node.afterBuild(db)) ?? []);
    } catch (error) {
      outcomes.set(node.name, `built, but its after-build step failed: ${errorMessage(error)}`);
    }
  }
  return outcomes;
}

async function buildModel<DB>(db: Kysely<DB>, node: PlanNode): Promise<ModelBuildResult> {
  const started = performance.now();
  const seconds = (): number => (performance.now() - started) / 1000;
  try {
    const create = `CREATE OR REPLACE TABLE ${quoteTable(node.name)} AS ${node.sql}`;
    await db.executeQuery(CompiledQuery.raw(create, [...node.parameters]));
    const rowCount = await countRows(db, `SELECT * FROM ${quoteTable(node.name)}`, []);
    return { name: node.name, status: 'built', seconds: seconds(), rowCount };
  } catch (error) {
    return { name: node.name, status: 'failed', seconds: seconds(), message: errorMessage(error) };
  }
}

async function runTest<DB>(db: Kysely<DB>, test: PlannedTest): Promise<TestResult> {
  try {
    const failingRows = await countRows(db, test.sql, test.parameters);
    const sample = failingRows === 0 ? [] : await sampleRows(db, test);
    return { name: test.name, model: test.model, status: failingRows === 0 ? 'passed' : 'failed', failingRows, sample };
  } catch (error) {
    return { name: test.name, model: test.model, status: 'error', failingRows: 0, sample: [], message: errorMessage(error) };
  }
}

function skippedTest(test: PlannedTest): TestResult {
  return { name: test.name, model: test.model, status: 'skipped', failingRows: 0, sample: [], message: 'the model was not built' };
}

async function countRows<DB>(db: Kysely<DB>, query: string, parameters: readonly unknown[]): Promise<number> {
  const result = await db.executeQuery<{ n: unknown }>(CompiledQuery.raw(`SELECT count(*) AS n FROM (${query}) AS counted`, [...parameters]));
  return Number(result.rows[0]?.n ?? 0);
}

async function sampleRows<DB>(db: Kysely<DB>, test: PlannedTest): Promise<Record<string, unknown>[]> {
  const result = await db.executeQuery<Record<string, unknown>>(
    CompiledQuery.raw(`SELECT * FROM (${test.sql}) AS failing LIMIT ${SAMPLE_SIZE}`, [...test.parameters]),
  );
  return result.rows;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
