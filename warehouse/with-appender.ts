import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';

/** Appends rows with the Appender; they join the connection's open transaction once flushed (closeSync flushes). */
export async function withAppender(connection: DuckDBConnection, table: string, schema: string | undefined, fill: (appender: DuckDBAppender) => void): Promise<void> {
  const appender = await connection.createAppender(table, schema);
  try {
    fill(appender);
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}
