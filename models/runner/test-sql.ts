import { describeDataTest, type DataTest } from './data-tests.ts';
import { quoteIdent, quoteTable } from '../../warehouse/sql-text.ts';

/** A data test compiled to a query that returns the rows breaking it (none when it passes). */
export interface PlannedTest {
  /** e.g. `stg.account: unique(account_id)`. */
  readonly name: string;
  readonly model: string;
  readonly kind: DataTest['kind'];
  readonly sql: string;
  readonly parameters: readonly unknown[];
}

export function planTest(model: string, test: DataTest): PlannedTest {
  const { sql, parameters } = failingRowsSql(quoteTable(model), test);
  return { name: `${model}: ${describeDataTest(test)}`, model, kind: test.kind, sql, parameters };
}

function failingRowsSql(table: string, test: DataTest): { sql: string; parameters: unknown[] } {
  switch (test.kind) {
    case 'unique': {
      const columns = test.columns.map(quoteIdent).join(', ');
      return { sql: `SELECT ${columns}, count(*) AS duplicate_rows FROM ${table} GROUP BY ${columns} HAVING count(*) > 1`, parameters: [] };
    }
    case 'notNull':
      return { sql: `SELECT * FROM ${table} WHERE ${quoteIdent(test.column)} IS NULL`, parameters: [] };
    case 'relationship': {
      const column = `child.${quoteIdent(test.column)}`;
      const parent = `SELECT 1 FROM ${quoteTable(test.toModel)} AS parent WHERE parent.${quoteIdent(test.toColumn)} = ${column}`;
      return { sql: `SELECT child.* FROM ${table} AS child WHERE ${column} IS NOT NULL AND NOT EXISTS (${parent})`, parameters: [] };
    }
    case 'acceptedValues': {
      // Compared as text so one list fits VARCHAR, integer and boolean columns alike.
      const placeholders = test.values.map((_, i) => `CAST($${i + 1} AS VARCHAR)`).join(', ');
      const column = `CAST(${quoteIdent(test.column)} AS VARCHAR)`;
      return { sql: `SELECT * FROM ${table} WHERE ${column} IS NOT NULL AND ${column} NOT IN (${placeholders})`, parameters: [...test.values] };
    }
    case 'expression':
      return { sql: `SELECT * FROM ${table} WHERE NOT coalesce((${test.predicate}), false)`, parameters: [] };
  }
}
