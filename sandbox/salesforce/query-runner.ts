import type { DuckDBValue } from '@duckdb/node-api';
import type { SandboxDb, SandboxTx, SqlParam } from '../store/sandbox-db.ts';
import type { ApiError } from '../http/api-types.ts';
import { compileSoql, type CompileOptions, type CompiledQuery } from './soql-compiler.ts';
import { SoqlError, soqlApiError } from './soql-error.ts';

/** Compiles SOQL, turning a SoqlError into Salesforce's 400 answer (`mapError` may re-wrap it, e.g. for Bulk). */
export function compileOrThrow(
  soql: string,
  options: CompileOptions,
  mapError: (error: ApiError) => ApiError = (e) => e,
): CompiledQuery {
  try {
    return compileSoql(soql, options);
  } catch (error) {
    if (error instanceof SoqlError) throw mapError(soqlApiError(soql, error));
    throw error;
  }
}

/** The first column of every row, as strings (serialized records). */
export async function readTextColumn(tx: SandboxTx, sql: string, params: SqlParam[]): Promise<string[]> {
  const reader = await tx.connection.runAndReadAll(sql, params as DuckDBValue[]);
  return (reader.getColumnsJS()[0] ?? []) as string[];
}

export type QueryOutcome = { kind: 'count'; totalSize: number } | { kind: 'rows'; rows: string[] };

/** Runs a compiled query once: a COUNT() gives a number, anything else its serialized rows. */
export function runCompiled(db: SandboxDb, compiled: CompiledQuery): Promise<QueryOutcome> {
  return db.exclusive(async (tx) => {
    if (compiled.kind === 'count') {
      const [row] = await tx.all<{ n: bigint }>(compiled.sql, compiled.params);
      return { kind: 'count', totalSize: Number(row?.n ?? 0) };
    }
    return { kind: 'rows', rows: await readTextColumn(tx, compiled.sql, compiled.params) };
  });
}
