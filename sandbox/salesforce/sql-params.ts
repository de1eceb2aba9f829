import type { SqlParam } from '../store/sandbox-db.ts';

/** Numbered DuckDB parameters (`$1`, `$2`, ...): placeholders can appear in any order in the SQL text. */
export class SqlParams {
  readonly values: SqlParam[] = [];

  add(value: SqlParam): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** A SQL string literal for a name taken from the schema (never for user input). */
export function sqlString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}
