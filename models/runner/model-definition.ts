import type { CompiledQuery, Kysely, QueryExecutorProvider } from 'kysely';
import { notNull, unique, type DataTest } from './data-tests.ts';

/** The warehouse layers a model can live in; the layer is the name's schema. */
export const MODEL_LAYERS = ['stg', 'int', 'mart'] as const;
export type ModelLayer = (typeof MODEL_LAYERS)[number];

/** What a model's query receives. */
export interface ModelContext {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- models query tables Kysely's schema type does not list yet
  readonly db: Kysely<any>;
  /** The run's as-of time: staging reads the latest version of each record extracted up to it. */
  readonly asOf: Date;
  readonly vars: Readonly<Record<string, unknown>>;
}

/** A Kysely SelectQueryBuilder or a RawBuilder (`sql\`...\``); both compile to SQL plus bound parameters. */
export interface ModelQuery {
  compile(executorProvider: QueryExecutorProvider): CompiledQuery<unknown>;
}

export interface ColumnDoc {
  readonly name: string;
  readonly description: string;
}

export interface ModelDefinitionInput {
  /** Schema-qualified, e.g. `stg.salesforce_account`; the schema is the layer. */
  readonly name: string;
  readonly description: string;
  /** The grain: one row per distinct key. Implies unique and not-null tests. */
  readonly key: readonly string[];
  /** Other models or source tables (`raw.<table>`). */
  readonly dependsOn: readonly string[];
  readonly columns: readonly ColumnDoc[] | Readonly<Record<string, string>>;
  readonly tests?: readonly DataTest[];
  readonly query: (ctx: ModelContext) => ModelQuery;
  /**
   * Runs once the model is built and its data tests passed: records state the next run reads, and
   * may return lines that `closeloop build` prints under the model (a summary worth logging).
   */
  readonly afterBuild?: AfterBuildHook;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- hooks write tables Kysely's schema type does not list
export type AfterBuildHook = (db: Kysely<any>) => Promise<readonly string[] | void>;

export interface ModelDefinition {
  readonly name: string;
  readonly description: string;
  readonly key: readonly string[];
  readonly dependsOn: readonly string[];
  readonly columns: readonly ColumnDoc[];
  /** Declared tests followed by those the key implies. */
  readonly tests: readonly DataTest[];
  readonly query: (ctx: ModelContext) => ModelQuery;
  readonly afterBuild?: AfterBuildHook;
}

/** Declares a model; validation against the other models happens when the graph compiles. */
export function defineModel(input: ModelDefinitionInput): ModelDefinition {
  const columns = Array.isArray(input.columns)
    ? [...(input.columns as readonly ColumnDoc[])]
    : Object.entries(input.columns).map(([name, description]) => ({ name, description }));
  const keyTests = input.key.length === 0 ? [] : [unique(input.key), ...input.key.map((column) => notNull(column))];
  return {
    name: input.name,
    description: input.description,
    key: [...input.key],
    dependsOn: [...input.dependsOn],
    columns,
    tests: [...(input.tests ?? []), ...keyTests],
    query: input.query,
    ...(input.afterBuild ? { afterBuild: input.afterBuild } : {}),
  };
}

/** The layer of `stg.x`, or undefined when the schema is not a model layer. */
export function layerOf(name: string): ModelLayer | undefined {
  const schema = name.split('.')[0];
  return (MODEL_LAYERS as readonly string[]).includes(schema ?? '') ? (schema as ModelLayer) : undefined;
}
