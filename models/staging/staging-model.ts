import { sql, type RawBuilder } from 'kysely';
import type { DataTest } from '../runner/data-tests.ts';
import { defineModel, type ModelDefinition } from '../runner/model-definition.ts';
import { quoteIdent, quoteTable } from '../../warehouse/sql-text.ts';

/** `[output column, SQL expression over the raw table's columns, description]`. */
export type StagingColumn = readonly [name: string, expression: string, description: string];

export interface StagingModelInput {
  /** `stg.<source>_<object>`. */
  readonly name: string;
  /** The raw table, e.g. `raw.salesforce__account`. */
  readonly source: string;
  readonly description: string;
  /** The first column is the key. */
  readonly columns: readonly StagingColumn[];
  readonly tests?: readonly DataTest[];
  /** SQL appended after `WHERE NOT latest._deleted` (more `AND` conditions, a `QUALIFY`). */
  readonly restrict?: (asOf: Date) => RawBuilder<unknown>;
  /** Other tables `restrict` reads. */
  readonly extraSources?: readonly string[];
}

const LINEAGE_COLUMNS: readonly StagingColumn[] = [
  ['source_extracted_at', '_extracted_at', 'When the extract landed this version of the record (UTC).'],
  ['source_run_id', '_run_id', 'The extract run that landed this version.'],
];

/** A bare raw column name, quoted; anything else is taken as an SQL expression. */
export function columnSql(expression: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(expression) ? quoteIdent(expression) : expression;
}

/** Money as an exact decimal. */
export function money(column: string): string {
  return `CAST(${quoteIdent(column)} AS DECIMAL(18,2))`;
}

/** A cast that yields NULL instead of failing (HubSpot values are free text at the source). */
export function tryCast(column: string, type: string): string {
  return `TRY_CAST(${quoteIdent(column)} AS ${type})`;
}

/**
 * The latest version of each record (`_record_id`) extracted up to the run's as-of time, newest
 * `_extracted_at` first and `_version` breaking ties; records whose latest version is a deletion are dropped.
 */
export function latestVersions(source: string, asOf: Date): RawBuilder<unknown> {
  return sql`(SELECT * FROM ${sql.raw(quoteTable(source))} WHERE _extracted_at <= ${asOf}
    QUALIFY row_number() OVER (PARTITION BY _record_id ORDER BY _extracted_at DESC, _version DESC) = 1)`;
}

/** One model per raw table: latest live versions, renamed and typed, with lineage columns kept. */
export function stagingModel(input: StagingModelInput): ModelDefinition {
  const columns = [...input.columns, ...LINEAGE_COLUMNS];
  const key = input.columns[0]?.[0];
  if (key === undefined) throw new Error(`Staging model ${input.name}: list at least the key column.`);
  const selectList = sql.raw(columns.map(([name, expression]) => `${columnSql(expression)} AS ${quoteIdent(name)}`).join(',\n  '));
  return defineModel({
    name: input.name,
    description: input.description,
    key: [key],
    dependsOn: [input.source, ...(input.extraSources ?? [])],
    columns: columns.map(([name, , description]) => ({ name, description })),
    tests: input.tests,
    query: ({ asOf }) => {
      const restrict = input.restrict ? input.restrict(asOf) : sql``;
      return sql`SELECT ${selectList} FROM ${latestVersions(input.source, asOf)} AS latest WHERE NOT latest._deleted ${restrict}`;
    },
  });
}
