/** `"name"` with embedded quotes doubled: a catalog, schema, table or column name in SQL text. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** `stg.orders` → `"stg"."orders"`. */
export function quoteTable(qualifiedName: string): string {
  return qualifiedName.split('.').map(quoteIdent).join('.');
}

/** `'text'` with embedded quotes doubled: a string literal in SQL text (a path, a name). */
export function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
