import path from 'node:path';
import { rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { openWarehouse } from '../warehouse/warehouse.ts';
import { runCli, startServeChild } from './child-process.ts';

export interface ExtractFigure {
  companies: number;
  source: string;
  records: number;
  seconds: number;
  recordsPerSecond: number;
  peakRssMiB: number;
  peakHeapMiB: number;
}

export interface ExtractBenchResult {
  perSource: ExtractFigure[];
  /** JSON.parse + Appender of the same records, no client or HTTP: the landing floor. */
  floorRecordsPerSecond: number;
  secondRun: { seconds: number; shareOfFull: number; apiCalls: number; streams: number };
}

const SOURCES = ['salesforce', 'hubspot', 'netsuite'] as const;

/**
 * Extracts a generated company from a sandbox child process with `closeloop extract`, one source at
 * a time (each in its own process, so time and peak memory are per source), then once more with
 * nothing changed.
 */
export async function benchExtract(workDir: string, companies: number, sources: readonly string[] = SOURCES): Promise<ExtractBenchResult> {
  const data = path.join(workDir, `companies-${companies}`);
  if (!existsSync(data)) await runCli(['sandbox', 'generate', '--out', data, '--companies', String(companies), '--seed', '1', '--as-of', '2026-11-01']);
  const configFile = path.join(workDir, `extract-${companies}.json`);
  // HubSpot's burst limit is lifted (the config follows it): the figure measures the pipeline, not the limit.
  const child = await startServeChild(['--data', data, '--config-out', configFile, '--faults', 'hubspot.ten-second-limit=100000']);
  try {
    await rm(path.join(workDir, `extract-${companies}.duckdb`), { force: true });
    await rm(path.join(workDir, `extract-${companies}.duckdb.wal`), { force: true });
    await pointWarehouse(configFile, `extract-${companies}.duckdb`);
    const perSource: ExtractFigure[] = [];
    let fullSeconds = 0;
    for (const source of sources) {
      const run = await runCli(['extract', '--config', configFile, '--source', source]);
      fullSeconds += run.ms / 1000;
      const records = await landedRecords(path.join(workDir, `extract-${companies}.duckdb`), source);
      perSource.push({ companies, source, records, seconds: run.ms / 1000, recordsPerSecond: records / (run.ms / 1000), peakRssMiB: run.peakRssMiB, peakHeapMiB: run.peakHeapMiB });
    }
    const second = await runCli(['extract', '--config', configFile, '--source', sources.join(',')]);
    const calls = await lastRunCalls(path.join(workDir, `extract-${companies}.duckdb`));
    const floor = await landingFloor(path.join(workDir, `extract-${companies}.duckdb`));
    return {
      perSource,
      floorRecordsPerSecond: floor,
      secondRun: { seconds: second.ms / 1000, shareOfFull: second.ms / 1000 / fullSeconds, apiCalls: calls.calls, streams: calls.streams },
    };
  } finally {
    child.kill('SIGTERM');
  }
}

async function pointWarehouse(configFile: string, file: string): Promise<void> {
  const { readFile } = await import('node:fs/promises');
  const config = JSON.parse(await readFile(configFile, 'utf8')) as Record<string, unknown>;
  await writeFile(configFile, JSON.stringify({ ...config, warehouse: { path: file } }, null, 2));
}

async function query<T>(file: string, sql: string): Promise<T[]> {
  const warehouse = await openWarehouse(file);
  try {
    return await warehouse.withConnection(async (c) => (await c.runAndReadAll(sql)).getRowObjectsJS() as T[]);
  } finally {
    await warehouse.close();
  }
}

async function landedRecords(file: string, source: string): Promise<number> {
  const tables = await query<{ table_name: string }>(file, `SELECT table_name FROM information_schema.tables WHERE table_schema = 'raw' AND table_name LIKE '${source}\\_\\_%' ESCAPE '\\'`);
  let total = 0;
  for (const t of tables) {
    const [row] = await query<{ n: bigint }>(file, `SELECT count(*) AS n FROM raw."${t.table_name}"`);
    total += Number(row?.n ?? 0);
  }
  return total;
}

async function lastRunCalls(file: string): Promise<{ calls: number; streams: number }> {
  const [row] = await query<{ calls: bigint }>(file, `
    SELECT count(*) AS calls FROM meta.api_calls
     WHERE run_id = (SELECT run_id FROM meta.api_calls GROUP BY run_id ORDER BY max(called_at) DESC LIMIT 1)`);
  const [streams] = await query<{ n: bigint }>(file, 'SELECT count(*) AS n FROM meta.state');
  return { calls: Number(row?.calls ?? 0), streams: Number(streams?.n ?? 0) };
}

/** Lands the largest raw table's records again from JSON text through the Appender: no client, no HTTP. */
async function landingFloor(file: string): Promise<number> {
  const warehouse = await openWarehouse(file);
  try {
    return await warehouse.withConnection(async (c) => {
      const [largest] = (await c.runAndReadAll(`SELECT table_name FROM duckdb_tables() WHERE schema_name = 'raw' ORDER BY estimated_size DESC LIMIT 1`)).getRowObjectsJS() as { table_name: string }[];
      const table = `raw."${largest!.table_name}"`;
      const pages = (await c.runAndReadAll(`SELECT _raw::VARCHAR AS raw FROM ${table}`)).getRowObjectsJS().map((r) => String(r.raw));
      const columns = (await c.runAndReadAll(`SELECT column_name FROM duckdb_columns() WHERE schema_name = 'raw' AND table_name = '${largest!.table_name}' ORDER BY column_index`)).getRowObjectsJS().map((r) => String(r.column_name));
      await c.run(`CREATE OR REPLACE TEMP TABLE floor_copy (${columns.map((name) => `"${name}" VARCHAR`).join(', ')})`);
      const started = performance.now();
      const appender = await c.createAppender('floor_copy');
      for (const text of pages) {
        const record = JSON.parse(text) as Record<string, unknown>;
        for (const column of columns) {
          const value = column === '_raw' ? text : record[column] ?? record[Object.keys(record).find((k) => k.toLowerCase() === column) ?? ''];
          if (value === undefined || value === null || typeof value === 'object') appender.appendNull();
          else appender.appendVarchar(String(value));
        }
        appender.endRow();
      }
      appender.flushSync();
      appender.closeSync();
      return pages.length / ((performance.now() - started) / 1000);
    });
  } finally {
    await warehouse.close();
  }
}
