import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../config/pipeline-config.ts';
import { createConnectors, parseSourceList } from '../extract/connectors.ts';
import { runExtract, type ExtractSummary } from '../extract/run-extract.ts';
import { migrateWarehouse } from '../warehouse/migrate.ts';
import { openWarehouse } from '../warehouse/warehouse.ts';
import { createExtractProgress } from './extract-progress.ts';

interface ExtractCommandOptions {
  config: string;
  source?: string;
  fullRefresh?: string | true;
  asOf?: string;
}

/** Exit codes: 0 all streams ok, 2 finished with warnings (quota stop, interrupted), 1 a stream failed. */
export function registerExtractCommand(program: Command): void {
  program
    .command('extract')
    .description('Extract changed records from the configured sources into raw.* (resumes from the last committed page).')
    .option('--config <file>', 'pipeline config file', 'closeloop.json')
    .option('--source <list>', 'only these sources, comma-separated (salesforce,hubspot,netsuite)')
    .option('--full-refresh [streams]', 'read from the beginning: all streams, or a comma-separated list (Account, salesforce/Account, hubspot)')
    .option('--as-of <time>', 'the run\'s as-of time, recorded with it (default now)')
    .action(async (opts: ExtractCommandOptions) => {
      process.exitCode = await extractCommand(opts);
    });
}

async function extractCommand(opts: ExtractCommandOptions): Promise<number> {
  const loaded = loadConfig(opts.config);
  const sources = opts.source === undefined ? undefined : parseSourceList(opts.source);
  const connectors = await createConnectors(loaded, sources);
  const warehousePath = path.resolve(path.dirname(opts.config), loaded.config.warehouse.path);
  const warehouse = await openWarehouse(warehousePath);
  const stop = new AbortController();
  const onSignal = (): void => {
    process.stderr.write('Stopping after the current page (send again to force)...\n');
    stop.abort();
    process.once('SIGTERM', () => process.exit(130));
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  try {
    await migrateWarehouse(warehouse.db);
    const asOf = opts.asOf === undefined ? new Date() : new Date(opts.asOf);
    if (Number.isNaN(asOf.getTime())) throw new Error(`--as-of ${opts.asOf}: not a date or time (write e.g. 2026-11-01 or 2026-11-01T06:00:00Z)`);
    const runId = `extract-${asOf.toISOString().replace(/[-:.]/g, '').slice(0, 15)}-${randomUUID().slice(0, 8)}`;
    const summary = await runExtract(warehouse, connectors, {
      runId,
      fullRefresh: fullRefreshOption(opts.fullRefresh),
      signal: stop.signal,
      onProgress: createExtractProgress(),
    });
    printSummary(summary, warehousePath);
    return summary.status === 'ok' ? 0 : summary.status === 'warning' ? 2 : 1;
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    await warehouse.close();
  }
}

function fullRefreshOption(value: string | true | undefined): true | string[] | undefined {
  if (value === undefined || value === true) return value;
  const names = value.split(',').map((s) => s.trim()).filter(Boolean);
  return names.length === 0 ? true : names;
}

function printSummary(summary: ExtractSummary, warehousePath: string): void {
  console.log(`Extract ${summary.runId} into ${warehousePath}: ${summary.status}`);
  console.log(`  ${'stream'.padEnd(34)} ${'pages'.padStart(6)} ${'records'.padStart(9)} ${'deleted'.padStart(8)} ${'dq'.padStart(6)} ${'calls'.padStart(6)}  status`);
  for (const s of summary.streams) {
    const name = `${s.source}/${s.stream}`;
    console.log(`  ${name.padEnd(34)} ${String(s.pages).padStart(6)} ${String(s.records).padStart(9)} ${String(s.deleted).padStart(8)} ${String(s.dqExceptions).padStart(6)} ${String(s.apiCalls).padStart(6)}  ${s.status}`);
  }
  for (const s of summary.streams.filter((x) => x.message)) console.log(`${s.status === 'failed' ? 'ERROR' : 'WARNING'}: ${s.message}`);
}
