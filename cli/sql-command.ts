import { existsSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { stringify } from 'csv-stringify/sync';
import type { DuckDBConnection, DuckDBResult, Json } from '@duckdb/node-api';
import { loadConfig } from '../config/pipeline-config.ts';
import { publishedPaths } from '../warehouse/publish-paths.ts';
import { openWarehouse } from '../warehouse/warehouse.ts';

const FORMATS = ['table', 'csv', 'json'] as const;
type SqlFormat = (typeof FORMATS)[number];

interface SqlOptions {
  config: string;
  format: SqlFormat;
}

/** `closeloop sql "<query>"`: ad-hoc SQL, read-only, against the analysts' published copy. */
export function registerSqlCommand(program: Command): void {
  program
    .command('sql')
    .description('Run SQL read-only against the published copy of the warehouse (what analysts see); prints the last statement\'s rows.')
    .argument('<query>', 'one or more SQL statements, e.g. "select category, count(*) from mart.leakage group by all"')
    .option('--config <file>', 'pipeline config file', 'closeloop.json')
    .addOption(new Option('--format <format>', 'output format').choices(FORMATS).default('table'))
    .action(async (query: string, opts: SqlOptions) => {
      await sqlCommand(query, opts);
    });
}

async function sqlCommand(query: string, opts: SqlOptions): Promise<void> {
  const { file } = publishedPaths(opts.config, loadConfig(opts.config).config);
  if (!existsSync(file)) {
    throw new Error(`There is no published copy at ${file} yet: run \`closeloop run --config ${opts.config}\` first; its publish stage writes the copy \`closeloop sql\` reads.`);
  }
  const warehouse = await openWarehouse(file, { readOnly: true });
  try {
    await warehouse.withConnection(async (connection) => printResult(await runStatements(connection, query, file), opts.format));
  } finally {
    await warehouse.close();
  }
}

/** Runs every statement in order and streams the last one's result. */
async function runStatements(connection: DuckDBConnection, query: string, file: string): Promise<DuckDBResult> {
  try {
    const statements = await connection.extractStatements(query);
    if (statements.count === 0) throw new Error('the query holds no SQL statement');
    for (let index = 0; index < statements.count - 1; index += 1) await (await statements.prepare(index)).run();
    return await (await statements.prepare(statements.count - 1)).stream();
  } catch (error) {
    throw sqlError(error, file);
  }
}

function sqlError(error: unknown, file: string): Error {
  const message = error instanceof Error ? error.message : String(error);
  if (message.includes('read-only mode')) {
    return new Error(`closeloop sql is read-only: the published copy ${file} refuses writes (${message}). Change the data through the pipeline (closeloop run), not the analysts' copy.`, { cause: error });
  }
  return new Error(`The query failed on the published copy ${file}: ${message}`, { cause: error });
}

async function printResult(result: DuckDBResult, format: SqlFormat): Promise<void> {
  if (format === 'table') return printTable(result);
  if (format === 'csv') return printCsv(result);
  return printJson(result);
}

async function printTable(result: DuckDBResult): Promise<void> {
  const header = result.columnNames();
  const rows: string[][] = [];
  for await (const chunk of result.yieldRowsJson()) rows.push(...chunk.map((row) => row.map((value) => cellText(value, 'NULL'))));
  const widths = header.map((name, column) => Math.max(name.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: readonly string[]): string => cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd();
  const lines = [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)];
  await write(`${header.length > 0 ? `${lines.join('\n')}\n` : ''}(${rows.length} ${rows.length === 1 ? 'row' : 'rows'})\n`);
}

async function printCsv(result: DuckDBResult): Promise<void> {
  await write(stringify([result.columnNames()]));
  for await (const chunk of result.yieldRowsJson()) {
    await write(stringify(chunk.map((row) => row.map((value) => cellText(value, '')))));
  }
}

/** A JSON array of row objects; numbers too large for JSON (BIGINT, DECIMAL) come as strings. */
async function printJson(result: DuckDBResult): Promise<void> {
  let first = true;
  await write('[');
  for await (const chunk of result.yieldRowObjectJson()) {
    for (const row of chunk) {
      await write(`${first ? '\n' : ',\n'}  ${JSON.stringify(row)}`);
      first = false;
    }
  }
  await write(first ? ']\n' : '\n]\n');
}

function cellText(value: Json, nullText: string): string {
  if (value === null) return nullText;
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** Writes to stdout, waiting when the pipe is full, so a large result streams instead of piling up. */
function write(text: string): Promise<void> {
  if (process.stdout.write(text)) return Promise.resolve();
  return new Promise((resolve) => process.stdout.once('drain', resolve));
}
