import type { Command } from 'commander';
import { loadConfig } from '../config/pipeline-config.ts';
import { createConnectors, parseSourceList } from '../extract/connectors.ts';
import { runExtract, type ExtractSummary } from '../extract/run-extract.ts';
import type { SourceName } from '../extract/extract-types.ts';
import { createExtractProgress } from './extract-progress.ts';
import { newRunId, parseAsOf, withWarehouseSession, type WarehouseSession } from './warehouse-session.ts';

interface ExtractCommandOptions {
  config: string;
  source?: string;
  fullRefresh?: string | true;
  asOf?: string;
  check?: boolean;
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
    .option('--check', 'only test each source\'s connection and list the streams and fields it would read')
    .action(async (opts: ExtractCommandOptions) => {
      process.exitCode = opts.check ? await checkCommand(opts) : await extractCommand(opts);
    });
}

/** Tests every source's connection and prints what each would read; exit 1 when one fails. */
async function checkCommand(opts: ExtractCommandOptions): Promise<number> {
  const loaded = loadConfig(opts.config);
  const connectors = await createConnectors(loaded, opts.source === undefined ? undefined : parseSourceList(opts.source));
  let failed = 0;
  for (const connector of connectors) {
    try {
      await connector.testConnection();
      const streams = await connector.describe();
      console.log(`${connector.source}: connected; ${streams.length} streams`);
      for (const stream of streams) {
        const fields = stream.columns.map((c) => `${c.name} ${c.type}`);
        console.log(`  ${stream.stream} → raw.${stream.table} (${fields.length} fields): ${fields.join(', ')}`);
      }
    } catch (error) {
      failed += 1;
      console.log(`${connector.source}: FAILED: ${(error as Error).message}`);
    }
  }
  return failed > 0 ? 1 : 0;
}

async function extractCommand(opts: ExtractCommandOptions): Promise<number> {
  return withWarehouseSession(opts.config, async (session) => {
    const summary = await extractStage(session, {
      runId: newRunId('extract', parseAsOf(opts.asOf)),
      sources: opts.source === undefined ? undefined : parseSourceList(opts.source),
      fullRefresh: opts.fullRefresh,
    });
    return extractExitCode(summary);
  });
}

/** Runs the extract stage in a session, with live progress and a printed summary. */
export async function extractStage(
  session: WarehouseSession,
  input: { runId: string; sources?: SourceName[]; fullRefresh?: string | true },
): Promise<ExtractSummary> {
  const connectors = await createConnectors(session.loaded, input.sources);
  const summary = await runExtract(session.warehouse, connectors, {
    runId: input.runId,
    fullRefresh: fullRefreshOption(input.fullRefresh),
    signal: session.signal,
    onProgress: createExtractProgress(),
  });
  printSummary(summary, session.warehousePath);
  return summary;
}

export function extractExitCode(summary: ExtractSummary): number {
  return summary.status === 'ok' ? 0 : summary.status === 'warning' ? 2 : 1;
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
