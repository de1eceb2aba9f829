/** `"name"` with embedded quotes doubled. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** `stg.orders` → `"stg"."orders"`. */
export function quoteTable(qualifiedName: string): string {
  return qualifiedName.split('.').map(quoteIdent).join('.');
}
