/** A data test declared beside a model; each compiles to SQL that returns the rows breaking it. */
export type DataTest =
  | { readonly kind: 'unique'; readonly columns: readonly string[] }
  | { readonly kind: 'notNull'; readonly column: string }
  | { readonly kind: 'relationship'; readonly column: string; readonly toModel: string; readonly toColumn: string }
  | { readonly kind: 'acceptedValues'; readonly column: string; readonly values: readonly (string | number | boolean)[] }
  | { readonly kind: 'expression'; readonly name: string; readonly predicate: string };

/** No two rows share these columns' values. */
export function unique(columns: string | readonly string[]): DataTest {
  return { kind: 'unique', columns: typeof columns === 'string' ? [columns] : [...columns] };
}

/** The column is never null. */
export function notNull(column: string): DataTest {
  return { kind: 'notNull', column };
}

/** Every non-null value of `column` exists in `toModel.toColumn` (a model or a `raw.` table). */
export function relationship(column: string, toModel: string, toColumn: string): DataTest {
  return { kind: 'relationship', column, toModel, toColumn };
}

/** Every non-null value of `column` is one of `values`. */
export function acceptedValues(column: string, values: readonly (string | number | boolean)[]): DataTest {
  if (values.length === 0) throw new Error(`acceptedValues(${column}): give at least one accepted value.`);
  return { kind: 'acceptedValues', column, values: [...values] };
}

/** `predicate` (SQL over the model's columns) holds for every row; a NULL result counts as failing. */
export function expression(name: string, predicate: string): DataTest {
  return { kind: 'expression', name, predicate };
}

/** A short readable name, e.g. `unique(account_id)`. */
export function describeDataTest(test: DataTest): string {
  switch (test.kind) {
    case 'unique':
      return `unique(${test.columns.join(', ')})`;
    case 'notNull':
      return `not_null(${test.column})`;
    case 'relationship':
      return `relationship(${test.column} -> ${test.toModel}.${test.toColumn})`;
    case 'acceptedValues':
      return `accepted_values(${test.column}: ${test.values.map((v) => JSON.stringify(v)).join(', ')})`;
    case 'expression':
      return `expression(${test.name}: ${test.predicate})`;
  }
}
