import type { DuckDBConnection } from '@duckdb/node-api';
import type { Kysely } from 'kysely';
import type { WarehouseSchema } from '../../warehouse/warehouse-schema.ts';
import type { SourceName, StreamCursor } from '../extract-types.ts';

/** The committed position of one stream; null when it never landed a page or was fully refreshed. */
export async function readCursor(db: Kysely<WarehouseSchema>, source: SourceName, stream: string): Promise<StreamCursor | null> {
  const row = await db
    .selectFrom('meta.state')
    .select('cursor')
    .where('source', '=', source)
    .where('stream', '=', stream)
    .executeTakeFirst();
  if (!row) return null;
  const cursor: unknown = typeof row.cursor === 'string' ? JSON.parse(row.cursor) : row.cursor;
  return cursor === null || typeof cursor !== 'object' ? null : (cursor as StreamCursor);
}

/**
 * Full refresh: forgets the stream's position so its next read starts from the beginning.
 * Rows already landed stay (raw is append-only); staging picks the latest version per id.
 */
export async function clearCursor(db: Kysely<WarehouseSchema>, source: SourceName, stream: string): Promise<void> {
  await db.deleteFrom('meta.state').where('source', '=', source).where('stream', '=', stream).execute();
}

/** Stores the cursor on `connection`, inside the transaction that lands the page it follows. */
export async function writeCursor(
  connection: DuckDBConnection,
  entry: { source: SourceName; stream: string; cursor: StreamCursor; runId: string },
): Promise<void> {
  await connection.run(
    `INSERT INTO meta.state (source, stream, cursor, updated_at, run_id)
     VALUES ($1, $2, $3::JSON, now() AT TIME ZONE 'UTC', $4)
     ON CONFLICT (source, stream) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at, run_id = excluded.run_id`,
    [entry.source, entry.stream, JSON.stringify(entry.cursor), entry.runId],
  );
}

