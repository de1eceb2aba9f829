import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { MODELS } from '../models/model-registry.ts';
import { buildModels, runModelTests, type BuildResult, type TestResult } from '../models/runner/build-models.ts';
import { installNormalisation } from '../models/normalisation/install-normalisation.ts';
import { renderDataDictionary } from '../models/runner/data-dictionary.ts';
import type { ModelDefinition } from '../models/runner/model-definition.ts';
import { assertBuildable, compileModelGraph, planEdges, type ModelPlan } from '../models/runner/model-graph.ts';
import { selectModels } from '../models/runner/model-selection.ts';
import { readColumnTypes, readSourceTables } from '../models/runner/warehouse-tables.ts';
import { formatBuildResult } from './build-report.ts';
import { parseAsOf, withWarehouseSession, type WarehouseSession } from './warehouse-session.ts';

interface BuildCommandOptions {
  config: string;
  plan?: boolean;
  select?: string;
  asOf?: string;
}

interface DocsCommandOptions {
  config: string;
  out: string;
}

/** `closeloop build` and `closeloop docs`; `models` defaults to the registry (tests pass their own). */
export function registerBuildCommand(program: Command, models: readonly ModelDefinition[] = MODELS): void {
  program
    .command('build')
    .description('Build the SQL models in dependency order, then run their data tests (exit 1 when a model or test fails).')
    .option('--config <file>', 'pipeline config file', 'closeloop.json')
    .option('--plan', 'only print the compiled plan as JSON (and any problems); build nothing')
    .option('--select <selector>', 'only these models: name, name+ (and downstream), +name (and upstream); several comma-separated')
    .option('--as-of <time>', 'staging reads the latest version of each record extracted up to this time (default now)')
    .action(async (opts: BuildCommandOptions) => {
      process.exitCode = await buildCommand(opts, models);
    });
  program
    .command('docs')
    .description('Write the data dictionary (Markdown) from the model definitions and the built tables\' column types.')
    .option('--config <file>', 'pipeline config file', 'closeloop.json')
    .option('--out <file>', 'where to write it', 'docs/data-dictionary.md')
    .action(async (opts: DocsCommandOptions) => {
      process.exitCode = await docsCommand(opts, models);
    });
}

async function buildCommand(opts: BuildCommandOptions, models: readonly ModelDefinition[]): Promise<number> {
  const asOf = parseAsOf(opts.asOf);
  return withWarehouseSession(opts.config, async (session) => {
    const plan = await planModels(session, models, asOf);
    if (opts.plan) {
      console.log(JSON.stringify(plan, jsonValue, 2));
      if (plan.problems.length > 0) console.error(problemReport(plan));
      return plan.problems.length > 0 ? 1 : 0;
    }
    return (await buildStage(session, asOf, { models, selector: opts.select })).ok ? 0 : 1;
  });
}

export interface BuildStageOptions {
  readonly models?: readonly ModelDefinition[];
  /** A --select selector; default every model. */
  readonly selector?: string;
  /** Record no state for later runs (an earlier as-of rebuilt to reproduce a report). */
  readonly skipAfterBuild?: boolean;
}

/** Builds the models (or a selection) as of `asOf`, runs their data tests and prints the outcome (`ok` when all passed). */
export async function buildStage(session: WarehouseSession, asOf: Date, options: BuildStageOptions = {}): Promise<BuildResult> {
  const plan = await planModels(session, options.models ?? MODELS, asOf);
  assertBuildable(plan);
  await session.warehouse.withConnection((connection) => installNormalisation(connection));
  const select = options.selector === undefined ? undefined : selectModels(planEdges(plan), options.selector);
  const result = await buildModels(session.warehouse.db, plan, { select, skipAfterBuild: options.skipAfterBuild });
  for (const line of formatBuildResult(result)) console.log(line);
  return result;
}

/** Re-runs the data tests of the marts as they stand (the gate before writing to the CRM); the ones not passing. */
export async function failingMartTests(session: WarehouseSession, asOf: Date): Promise<TestResult[]> {
  const plan = await planModels(session, MODELS, asOf);
  const tests = await runModelTests(session.warehouse.db, plan, (name) => name.startsWith('mart.'));
  return tests.filter((t) => t.status !== 'passed');
}

async function docsCommand(opts: DocsCommandOptions, models: readonly ModelDefinition[]): Promise<number> {
  return withWarehouseSession(opts.config, async (session) => {
    const plan = await planModels(session, models, new Date());
    assertBuildable(plan);
    const types = await readColumnTypes(session.warehouse.db, plan.nodes.map((node) => node.name));
    await mkdir(path.dirname(path.resolve(opts.out)), { recursive: true });
    await writeFile(opts.out, renderDataDictionary(plan, types));
    console.log(`Wrote the data dictionary of ${plan.nodes.length} models to ${opts.out}.`);
    return 0;
  });
}

async function planModels(session: WarehouseSession, models: readonly ModelDefinition[], asOf: Date): Promise<ModelPlan> {
  const sources = await readSourceTables(session.warehouse.db);
  return compileModelGraph(models, { db: session.warehouse.db, asOf, sources, vars: { ...session.loaded.config.leakage } });
}

function problemReport(plan: ModelPlan): string {
  return [`${plan.problems.length} problem(s):`, ...plan.problems.map((p) => `  - ${p.model}: ${p.message}`)].join('\n');
}

function jsonValue(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}
