import { randomUUID } from 'node:crypto';
import { chmodSync, mkdirSync, readlinkSync, renameSync, statSync } from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { IN_MEMORY } from './duckdb-instance.ts';
import { entriesStartingWith, fsyncPath, ownedByAnotherLiveProcess, removeQuietly } from './publish-files.ts';
import { exportMarts, pruneVersions, removeParquetExports, swapParquetLink, type StagedParquet } from './publish-parquet.ts';
import { PARQUET_LINK_NAME, PUBLISHED_FILE_NAME } from './publish-paths.ts';
import { quoteIdent, sqlString } from './sql-text.ts';
import type { Warehouse } from './warehouse.ts';

/**
 * The published copy is for the analysts: readable by the owner's group, writable by nobody
 * (the job replaces it by rename, which needs the folder's write permission, not the file's).
 */
export const PUBLISHED_FILE_MODE = 0o440;
const FOLDER_MODE = 0o750;
const TEMP_PREFIX = `.${PUBLISHED_FILE_NAME}.tmp-`;

export interface PublishOptions {
  /** The publish folder (absolute, or relative to the working directory). */
  dir: string;
  /** Also export every `mart.*` table as `<dir>/parquet/<table>.parquet`. */
  parquet: boolean;
}

export interface PublishResult {
  /** The published DuckDB file. */
  file: string;
  /** The Parquet folder (a link to the current export), when Parquet was asked for. */
  parquetDir?: string;
  /** Tables in the published copy, every schema. */
  tables: number;
  /** Bytes published: the DuckDB file plus the Parquet files. */
  bytes: number;
  seconds: number;
}

/**
 * Gives analysts a consistent read-only copy of `warehouse`: the whole database is copied into a
 * temp file beside the published one (one transaction, so one snapshot), the marts are exported
 * from that copy as Parquet, and both are swapped in by rename. A reader holding the old file keeps
 * the old inode and never blocks the job; a new reader opens the old or the new copy, never a half.
 */
export async function publishWarehouse(warehouse: Warehouse, options: PublishOptions): Promise<PublishResult> {
  const started = performance.now();
  const dir = path.resolve(options.dir);
  const file = path.join(dir, PUBLISHED_FILE_NAME);
  refuseOwnFile(warehouse, file);
  // The mode given to mkdir is narrowed by the umask (owner-only once a warehouse is open): set it outright.
  if (mkdirSync(dir, { recursive: true, mode: FOLDER_MODE }) !== undefined) chmodSync(dir, FOLDER_MODE);
  removeLeftovers(dir);
  const temp = path.join(dir, `${TEMP_PREFIX}${process.pid}-${randomUUID().slice(0, 8)}`);
  let copy: BuiltCopy | undefined;
  try {
    copy = await warehouse.withConnection((connection) => buildCopy(connection, temp, options.parquet ? dir : undefined));
    chmodSync(temp, PUBLISHED_FILE_MODE);
    fsyncPath(temp);
    renameSync(temp, file);
    fsyncPath(dir);
  } catch (error) {
    removeQuietly(temp, `${temp}.wal`, ...(copy?.parquet ? [copy.parquet.versionDir] : []));
    throw publishError(dir, 'The previous copy is unchanged', error);
  }
  const parquetDir = swapInParquet(dir, copy.parquet);
  return {
    file,
    ...(parquetDir === undefined ? {} : { parquetDir }),
    tables: copy.tables,
    bytes: statSync(file).size + (copy.parquet?.bytes ?? 0),
    seconds: (performance.now() - started) / 1000,
  };
}

interface BuiltCopy {
  tables: number;
  parquet?: StagedParquet;
}

async function buildCopy(connection: DuckDBConnection, temp: string, parquetDir: string | undefined): Promise<BuiltCopy> {
  const source = await currentDatabase(connection);
  const alias = `closeloop_publish_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  await connection.run(`ATTACH ${sqlString(temp)} AS ${quoteIdent(alias)}`);
  try {
    // One statement is one transaction: every schema (raw, stg, int, mart, meta, ...) from one snapshot.
    await connection.run(`COPY FROM DATABASE ${quoteIdent(source)} TO ${quoteIdent(alias)}`);
    const tables = await countTables(connection, alias);
    const parquet = parquetDir === undefined ? undefined : await exportMarts(connection, alias, parquetDir);
    await connection.run(`CHECKPOINT ${quoteIdent(alias)}`);
    return { tables, ...(parquet ? { parquet } : {}) };
  } finally {
    await connection.run(`DETACH ${quoteIdent(alias)}`);
  }
}

function swapInParquet(dir: string, staged: StagedParquet | undefined): string | undefined {
  try {
    if (staged === undefined) {
      removeParquetExports(dir);
      return undefined;
    }
    return swapParquetLink(dir, staged);
  } catch (error) {
    if (staged) removeQuietly(staged.versionDir);
    throw publishError(dir, 'The DuckDB copy is published; the Parquet exports are the previous ones', error);
  }
}

async function currentDatabase(connection: DuckDBConnection): Promise<string> {
  const rows = (await connection.runAndReadAll('SELECT current_database() AS name')).getRowObjectsJson();
  return String(rows[0]?.name);
}

async function countTables(connection: DuckDBConnection, catalog: string): Promise<number> {
  const rows = (await connection.runAndReadAll('SELECT count(*)::INTEGER AS n FROM duckdb_tables() WHERE database_name = $catalog', { catalog })).getRowObjectsJson();
  return Number(rows[0]?.n ?? 0);
}

/** Temp files and folders of a publish that crashed (killed mid-copy); readers never saw them. */
function removeLeftovers(dir: string): void {
  for (const entry of entriesStartingWith(dir, TEMP_PREFIX)) {
    if (!ownedByAnotherLiveProcess(path.basename(entry), TEMP_PREFIX)) removeQuietly(entry);
  }
  pruneVersions(dir, [currentLinkTarget(dir)]);
}

function currentLinkTarget(dir: string): string | undefined {
  try {
    return path.basename(readlinkSync(path.join(dir, PARQUET_LINK_NAME)));
  } catch {
    return undefined;
  }
}

function refuseOwnFile(warehouse: Warehouse, file: string): void {
  if (warehouse.path !== IN_MEMORY && path.resolve(warehouse.path) === file) {
    throw new Error(`Cannot publish the warehouse ${warehouse.path} over itself: set publish.dir in the config to a folder other than the warehouse's.`);
  }
}

function publishError(dir: string, state: string, error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  return new Error(`Publishing the analysts' copy to ${dir} failed: ${message}. ${state}; check that the folder is writable and has room, then publish again.`, { cause: error });
}
