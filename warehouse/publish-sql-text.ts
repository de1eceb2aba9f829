/** A quoted SQL identifier (catalog, schema or table name). */
export function sqlIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** A quoted SQL string literal (a file path). */
export function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
