import { chmodSync, lstatSync, mkdirSync, readlinkSync, renameSync, statSync, symlinkSync, type Stats } from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { PARQUET_LINK_NAME } from './publish-paths.ts';
import { entriesStartingWith, fsyncPath, ownedByAnotherLiveProcess, removeQuietly } from './publish-files.ts';
import { quoteIdent, sqlString } from './sql-text.ts';

/** Each export is a hidden version folder `.parquet-<pid>-<stamp>`; `parquet` is a link to the current one. */
const VERSION_PREFIX = '.parquet-';
const LINK_TEMP_PREFIX = '.parquet-link-';
/** Like the DuckDB copy: readable by the owner and their group (the analysts), writable by nobody. */
const FILE_MODE = 0o440;
const FOLDER_MODE = 0o750;

/** A complete Parquet export that no reader sees yet. */
export interface StagedParquet {
  versionDir: string;
  tables: string[];
  bytes: number;
}

/** Writes every `mart.*` table of the attached database `catalog` to a new version folder in `publishDir`. */
export async function exportMarts(connection: DuckDBConnection, catalog: string, publishDir: string): Promise<StagedParquet> {
  const versionDir = path.join(publishDir, `${VERSION_PREFIX}${process.pid}-${Date.now().toString(36)}`);
  mkdirSync(versionDir, { mode: FOLDER_MODE });
  chmodSync(versionDir, FOLDER_MODE);
  const tables = await martTables(connection, catalog);
  let bytes = 0;
  for (const table of tables) {
    const file = path.join(versionDir, `${table}.parquet`);
    await connection.run(`COPY ${quoteIdent(catalog)}.mart.${quoteIdent(table)} TO ${sqlString(file)} (FORMAT parquet, COMPRESSION zstd)`);
    chmodSync(file, FILE_MODE);
    fsyncPath(file);
    bytes += statSync(file).size;
  }
  fsyncPath(versionDir);
  return { versionDir, tables, bytes };
}

/**
 * Points `<publishDir>/parquet` at the staged version with one rename of a symlink, so a reader
 * resolves either the old folder or the new one, never a mix. The version before stays, so a reader
 * that resolved the link just before the swap can still open its files; older versions are removed.
 */
export function swapParquetLink(publishDir: string, staged: StagedParquet): string {
  const link = path.join(publishDir, PARQUET_LINK_NAME);
  const previous = currentVersion(link);
  const tempLink = path.join(publishDir, `${LINK_TEMP_PREFIX}${process.pid}-${Date.now().toString(36)}`);
  try {
    symlinkSync(path.basename(staged.versionDir), tempLink, 'dir');
    renameSync(tempLink, link);
  } catch (error) {
    removeQuietly(tempLink);
    throw error;
  }
  fsyncPath(publishDir);
  pruneVersions(publishDir, [path.basename(staged.versionDir), previous]);
  return link;
}

/** Removes the Parquet link and every version folder (when `publish.parquet` is turned off). */
export function removeParquetExports(publishDir: string): void {
  const link = path.join(publishDir, PARQUET_LINK_NAME);
  if (currentVersion(link) !== undefined) removeQuietly(link);
  pruneVersions(publishDir, []);
}

/** Version folders and link temps left by a publish that crashed; none of them is visible to readers. */
export function pruneVersions(publishDir: string, keep: readonly (string | undefined)[]): void {
  for (const entry of entriesStartingWith(publishDir, VERSION_PREFIX)) {
    const name = path.basename(entry);
    if (keep.includes(name) || ownedByAnotherLiveProcess(name, name.startsWith(LINK_TEMP_PREFIX) ? LINK_TEMP_PREFIX : VERSION_PREFIX)) continue;
    removeQuietly(entry);
  }
}

async function martTables(connection: DuckDBConnection, catalog: string): Promise<string[]> {
  const reader = await connection.runAndReadAll(
    "SELECT table_name FROM duckdb_tables() WHERE database_name = $catalog AND schema_name = 'mart' ORDER BY table_name",
    { catalog },
  );
  return reader.getRowObjectsJson().map((row) => String(row.table_name));
}

/** The version folder the link points at, or undefined when there is no link yet. */
function currentVersion(link: string): string | undefined {
  let stats: Stats;
  try {
    stats = lstatSync(link);
  } catch {
    return undefined;
  }
  if (!stats.isSymbolicLink()) {
    throw new Error(
      `${link} is a real folder, not the link closeloop publishes the Parquet exports through. Move it elsewhere (it may hold someone's files), then publish again.`,
    );
  }
  return readlinkSync(link);
}
