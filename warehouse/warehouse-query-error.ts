/** A statement the warehouse refused, with the SQL that caused it (parameters are left out: they are data). */
export class WarehouseQueryError extends Error {
  override readonly name = 'WarehouseQueryError';
  readonly sql: string;

  constructor(message: string, sql: string, cause: unknown) {
    super(`${message}\n  while running: ${abbreviate(sql)}`, { cause });
    this.sql = sql;
  }
}

/** The error to throw for a failed statement on the warehouse `label` (its file path). */
export function queryError(error: unknown, sql: string, label: string, readOnly: boolean): WarehouseQueryError {
  const message = error instanceof Error ? error.message : String(error);
  if (readOnly && message.includes('read-only mode')) {
    return new WarehouseQueryError(
      `The warehouse ${label} is open read-only and refuses writes (${message}). Open it without readOnly to change it.`,
      sql,
      error,
    );
  }
  return new WarehouseQueryError(`Warehouse query failed on ${label}: ${message}`, sql, error);
}

function abbreviate(sql: string): string {
  const oneLine = sql.replace(/\s+/g, ' ').trim();
  return oneLine.length > 500 ? `${oneLine.slice(0, 500)}…` : oneLine;
}
