import type { Kysely } from 'kysely';
import { compareModels, findCycles, topologicalOrder } from './graph-order.ts';
import { layerOf, type AfterBuildHook, type ColumnDoc, type ModelDefinition, type ModelLayer } from './model-definition.ts';
import { planTest, type PlannedTest } from './test-sql.ts';

/** One model of the plan, as plain data (JSON-printable). */
export interface PlanNode {
  readonly name: string;
  readonly layer: ModelLayer;
  readonly description: string;
  readonly key: readonly string[];
  readonly dependsOn: readonly string[];
  readonly columns: readonly ColumnDoc[];
  readonly sql: string;
  readonly parameters: readonly unknown[];
  readonly tests: readonly PlannedTest[];
  /** Not data: left out of the printed plan. */
  readonly afterBuild?: AfterBuildHook;
}

export interface PlanProblem {
  readonly kind: 'invalid-name' | 'duplicate' | 'missing-ref' | 'cycle' | 'compile-error';
  readonly model: string;
  readonly message: string;
}

export interface ModelPlan {
  readonly asOf: string;
  /** In build order (topological, stable by layer then name); models on a cycle are left out. */
  readonly nodes: readonly PlanNode[];
  /** Every problem found; the plan can only be built when this is empty. */
  readonly problems: readonly PlanProblem[];
}

export interface PlanOptions {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- compiles models written against any schema
  readonly db: Kysely<any>;
  readonly asOf: Date;
  readonly vars?: Readonly<Record<string, unknown>>;
  /** Existing source tables a model may depend on, e.g. `raw.salesforce__user`. */
  readonly sources: ReadonlySet<string>;
}

/** Compiles the models to a plan, reporting every problem at once instead of stopping at the first. */
export function compileModelGraph(models: readonly ModelDefinition[], options: PlanOptions): ModelPlan {
  const problems: PlanProblem[] = [];
  const byName = uniqueModels(models, problems);
  for (const model of byName.values()) checkRefs(model, byName, options.sources, problems);
  const edges = new Map([...byName].map(([name, model]) => [name, model.dependsOn.filter((dep) => byName.has(dep))]));
  for (const cycle of findCycles(edges)) {
    problems.push({ kind: 'cycle', model: cycle[0]!, message: `Cycle: ${cycle.join(' → ')} (each depends on the next); break one of these dependencies.` });
  }
  const nodes: PlanNode[] = [];
  for (const name of topologicalOrder(edges).order) {
    const node = planNode(byName.get(name)!, options, problems);
    if (node) nodes.push(node);
  }
  return { asOf: options.asOf.toISOString(), nodes, problems };
}

/** Throws one error listing every problem of the plan. */
export function assertBuildable(plan: ModelPlan): void {
  if (plan.problems.length === 0) return;
  const lines = plan.problems.map((p) => `  - ${p.model}: ${p.message}`);
  throw new Error(`The model graph has ${plan.problems.length} problem(s); fix them and run again:\n${lines.join('\n')}`);
}

function uniqueModels(models: readonly ModelDefinition[], problems: PlanProblem[]): Map<string, ModelDefinition> {
  const byName = new Map<string, ModelDefinition>();
  for (const model of models) {
    if (!layerOf(model.name) || !/^[a-z]+\.[a-z][a-z0-9_]*$/.test(model.name)) {
      problems.push({ kind: 'invalid-name', model: model.name, message: 'A model name is <layer>.<snake_case_name> with layer stg, int or mart.' });
    } else if (byName.has(model.name)) {
      problems.push({ kind: 'duplicate', model: model.name, message: 'Two models have this name; rename or remove one.' });
    } else {
      byName.set(model.name, model);
    }
  }
  return byName;
}

function checkRefs(model: ModelDefinition, byName: ReadonlyMap<string, ModelDefinition>, sources: ReadonlySet<string>, problems: PlanProblem[]): void {
  const testRefs = model.tests.flatMap((test) => (test.kind === 'relationship' ? [test.toModel] : []));
  for (const ref of new Set([...model.dependsOn, ...testRefs])) {
    if (byName.has(ref) || sources.has(ref)) continue;
    const hint = layerOf(ref) ? 'no model has this name' : 'no such source table in the warehouse (run extract first?)';
    problems.push({ kind: 'missing-ref', model: model.name, message: `refers to ${ref}: ${hint}.` });
  }
}

function planNode(model: ModelDefinition, options: PlanOptions, problems: PlanProblem[]): PlanNode | undefined {
  try {
    const compiled = model.query({ db: options.db, asOf: options.asOf, vars: options.vars ?? {} }).compile(options.db);
    return {
      name: model.name,
      layer: layerOf(model.name)!,
      description: model.description,
      key: model.key,
      dependsOn: [...model.dependsOn].sort(compareModels),
      columns: model.columns,
      sql: compiled.sql,
      parameters: compiled.parameters,
      tests: model.tests.map((test) => planTest(model.name, test)),
      ...(model.afterBuild ? { afterBuild: model.afterBuild } : {}),
    };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    problems.push({ kind: 'compile-error', model: model.name, message: `its query did not compile: ${reason}` });
    return undefined;
  }
}

/** Each planned model's dependencies on other planned models (for selection). */
export function planEdges(plan: ModelPlan): Map<string, string[]> {
  const names = new Set(plan.nodes.map((node) => node.name));
  return new Map(plan.nodes.map((node) => [node.name, node.dependsOn.filter((dep) => names.has(dep))]));
}
