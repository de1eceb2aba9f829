import path from 'node:path';
import type { Command } from 'commander';
import { generateDataset } from '../sandbox/generator/generate-dataset.ts';
import { startSandbox, type RunningSandbox } from '../sandbox/sandbox-server.ts';
import { ALL_SYSTEMS } from '../sandbox/all-systems.ts';
import { parseFaultSpec } from '../sandbox/faults/fault-spec.ts';
import { writeSandboxConfig } from '../sandbox/sandbox-config-writer.ts';
import { isoDate, port, positiveInt, todayUtc } from './cli-options.ts';

export function registerSandboxCommands(program: Command): void {
  const sandbox = program.command('sandbox').description('Local emulations of Salesforce, HubSpot and NetSuite, fed by a synthetic company.');

  sandbox
    .command('generate')
    .description('Write a synthetic dataset folder (NDJSON per object, with truth.json).')
    .requiredOption('--out <dir>', 'dataset folder to write')
    .option('--companies <n>', 'number of companies', positiveInt, 2000)
    .option('--seed <n>', 'random seed (same seed and as-of give the same files)', positiveInt, 1)
    .option('--as-of <date>', 'the dataset describes the company as of this date (YYYY-MM-DD)', isoDate, todayUtc())
    .action(async (opts: { out: string; companies: number; seed: number; asOf: string }) => {
      const summary = await generateDataset({
        out: opts.out,
        companies: opts.companies,
        seed: opts.seed,
        asOf: opts.asOf,
        onProgress: progressPrinter('companies'),
      });
      console.log(`Wrote ${path.resolve(opts.out)} in ${(summary.elapsedMs / 1000).toFixed(1)} s`);
      for (const [file, count] of Object.entries(summary.counts)) console.log(`  ${file.padEnd(38)} ${String(count).padStart(10)}`);
    });

  sandbox
    .command('serve')
    .description('Serve the three APIs on loopback from a dataset folder until stopped (Ctrl-C).')
    .requiredOption('--data <dir>', 'dataset folder (generated, or your own in the same format)')
    .option('--port <n>', 'first port: Salesforce on N, HubSpot on N+1, NetSuite on N+2 (0 picks free ports)', port, 0)
    .option('--faults <spec>', 'inject faults, e.g. "429=0.1,5xx=0.05,reset=0.02,slow=0.01,slow-ms=2000,seed=7,salesforce.daily-limit=500"')
    .option('--config-out <file>', 'write a pipeline config (and its env file of credentials) pointing at the sandbox')
    .action(async (opts: { data: string; port: number; faults?: string; configOut?: string }) => {
      const running = await startSandbox({
        dataDir: opts.data,
        systems: ALL_SYSTEMS,
        basePort: opts.port,
        options: { faults: parseFaultSpec(opts.faults) },
      });
      printEndpoints(running);
      if (opts.configOut) {
        const envFile = await writeSandboxConfig(opts.configOut, running.urls, running.options);
        console.log(`Pipeline config: ${opts.configOut} (credentials in ${envFile})`);
      }
      console.log('Serving until stopped (Ctrl-C).');
      await waitForStop();
      await running.close();
    });
}

export function printEndpoints(running: RunningSandbox): void {
  for (const [system, url] of Object.entries(running.urls)) console.log(`  ${system.padEnd(11)} ${url}`);
  const total = Object.values(running.dataset.rowCounts).reduce((a, b) => a + b, 0);
  console.log(`  ${total} records loaded from ${running.dataset.dir}`);
}

function waitForStop(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

/** Prints progress lines at most every two seconds (stderr, so stdout stays clean for scripts). */
export function progressPrinter(unit: string): (done: number, total: number) => void {
  let last = 0;
  return (done, total) => {
    const now = Date.now();
    if (now - last < 2000 && done < total) return;
    last = now;
    process.stderr.write(`  ${done}/${total} ${unit} (${Math.floor((100 * done) / total)}%)\n`);
  };
}
