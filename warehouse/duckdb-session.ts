import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';

/**
 * Every warehouse connection works in UTC: TIMESTAMP columns hold UTC wall-clock time, and
 * DuckDB otherwise converts `current_timestamp` to TIMESTAMP in the machine's time zone.
 * The setting is per connection, so it runs on each new one.
 */
export async function prepareSession(connection: DuckDBConnection): Promise<void> {
  await connection.run("SET TimeZone = 'UTC'");
}

/** A new connection to `instance`, ready for warehouse work. */
export async function connectSession(instance: DuckDBInstance): Promise<DuckDBConnection> {
  const connection = await instance.connect();
  try {
    await prepareSession(connection);
  } catch (error) {
    connection.closeSync();
    throw error;
  }
  return connection;
}
