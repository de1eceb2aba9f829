import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig, type LoadedConfig } from '../config/pipeline-config.ts';
import { sourceFreshness, type SourceFreshness } from '../ops/source-freshness.ts';
import type { SourceName } from '../systems/api/api-types.ts';
import { publishedPaths } from '../warehouse/publish-paths.ts';
import { openWarehouse, type Warehouse } from '../warehouse/warehouse.ts';
import { apiCallsSince, backlogs, lastRuns, type Backlogs, type RunLine } from './status-report.ts';

interface StatusOptions {
  config: string;
  runs: number;
  json?: boolean;
}

interface Status {
  readonly source: string;
  readonly runs: RunLine[];
  readonly apiCallsLastDay: Record<string, number>;
  readonly dailyLimits: Partial<Record<SourceName, number>>;
  readonly backlogs: Backlogs;
  readonly freshness: SourceFreshness[];
}

/** Exit codes: 0 every source fresh, 1 a source is stale (never extracted, or not within alerts.staleAfterHours). */
export function registerStatusCommand(program: Command): void {
  program
    .command('status')
    .description('Last runs, stage times, rows, API usage, dead-letter, retry, review and drift backlogs, and freshness per source; exit 1 when a source is stale.')
    .option('--config <file>', 'pipeline config file', 'closeloop.json')
    .option('--runs <n>', 'how many recent runs to list', (v) => Number.parseInt(v, 10), 5)
    .option('--json', 'print the status as JSON (for monitoring)')
    .action(async (opts: StatusOptions) => {
      const loaded = loadConfig(opts.config);
      const status = await readStatus(loaded, opts.runs, new Date());
      console.log(opts.json ? JSON.stringify(status, null, 2) : formatStatus(status).join('\n'));
      process.exitCode = status.freshness.some((f) => f.stale) ? 1 : 0;
    });
}

/**
 * Reads the job's warehouse read-only; while a run holds it (DuckDB lets one process write a file),
 * the published copy instead, which is as of the last published run.
 */
async function readStatus(loaded: LoadedConfig, runs: number, now: Date): Promise<Status> {
  const { config } = loaded;
  const warehousePath = path.resolve(path.dirname(loaded.file), config.warehouse.path);
  let warehouse: Warehouse;
  let source = warehousePath;
  try {
    warehouse = await openWarehouse(warehousePath, { readOnly: true });
  } catch (error) {
    const published = publishedPaths(loaded.file, config).file;
    if (!/another process holds it/.test(String(error))) throw error;
    warehouse = await openWarehouse(published, { readOnly: true });
    source = `${published} (a run holds ${warehousePath}; figures as of the last published run)`;
  }
  try {
    const sources = (Object.keys(config.sources) as SourceName[]).filter((s) => config.sources[s] !== undefined);
    return {
      source,
      runs: await lastRuns(warehouse.db, runs),
      apiCallsLastDay: await apiCallsSince(warehouse.db, new Date(now.getTime() - 24 * 3600 * 1000)),
      dailyLimits: config.sources.hubspot ? { hubspot: config.sources.hubspot.dailyLimit } : {},
      backlogs: await backlogs(warehouse.db, now),
      freshness: await sourceFreshness(warehouse.db, now, config.alerts.staleAfterHours, sources),
    };
  } finally {
    await warehouse.close();
  }
}

function formatStatus(status: Status): string[] {
  const lines = [`closeloop status, from ${status.source}`, '', 'Last runs:'];
  if (status.runs.length === 0) lines.push('  none yet: run `closeloop run`');
  for (const run of status.runs) {
    const stages = Object.entries(run.stages).map(([name, s]) => `${name} ${s.status} ${s.seconds}s${s.rows === undefined ? '' : ` ${s.rows} rows`}`).join(', ');
    lines.push(`  ${run.runId}  ${run.status.padEnd(11)} started ${iso(run.startedAt)}  ${run.seconds === null ? 'unfinished' : `${run.seconds.toFixed(1)} s`}`);
    if (stages) lines.push(`      ${stages}`);
  }
  lines.push('', 'API calls, last 24 hours:');
  for (const [system, calls] of Object.entries(status.apiCallsLastDay)) {
    const limit = status.dailyLimits[system as SourceName];
    lines.push(`  ${system.padEnd(11)} ${String(calls).padStart(8)}${limit ? `  (${((100 * calls) / limit).toFixed(2)}% of the daily limit ${limit})` : ''}`);
  }
  const b = status.backlogs;
  lines.push('', 'Backlogs:',
    `  dead letters       ${b.deadLetters.reduce((n, d) => n + d.records, 0)}${b.deadLetters.map((d) => ` (${d.system} ${d.object} ${d.records}, oldest ${iso(d.oldest)})`).join('')}`,
    `  to retry           ${b.retries.reduce((n, r) => n + r.records, 0)}${b.retries.map((r) => ` (${r.system} ${r.object} ${r.records})`).join('')}`,
    `  review             ${b.review} customer pairs (closeloop xref review)`,
    `  drift, 7 days      ${b.drift.reduce((n, d) => n + d.records, 0)} fields edited in the CRM and overwritten${b.drift.map((d) => ` (${d.system} ${d.object}.${d.field} ${d.records})`).join('')}`,
    '', 'Freshness:');
  for (const f of status.freshness) {
    const when = f.lastSuccessAt ? `last extracted ${iso(f.lastSuccessAt)} (${f.hoursSince!.toFixed(1)} h ago)` : 'never extracted successfully';
    lines.push(`  ${f.source.padEnd(11)} ${when}${f.stale ? '  STALE' : ''}`);
  }
  return lines;
}

function iso(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
