import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { generateDataset } from '../sandbox/generator/generate-dataset.ts';
import { startSandbox } from '../sandbox/sandbox-server.ts';
import { ALL_SYSTEMS } from '../sandbox/all-systems.ts';
import { writeSandboxConfig } from '../sandbox/sandbox-config-writer.ts';
import { loadConfig } from '../config/pipeline-config.ts';
import { connectSalesforce } from '../extract/clients/salesforce-connection.ts';
import { createHubspotClient } from '../extract/clients/hubspot-client.ts';
import { createNetsuiteClient } from '../extract/clients/netsuite-client.ts';
import { pageHubspotObject, pageNetsuiteTable, pageSalesforceObject, type PagedObject } from '../sandbox/probe/client-paging.ts';
import { isoDate, positiveInt, todayUtc } from './cli-options.ts';
import { printEndpoints, progressPrinter } from './sandbox-command.ts';

interface DemoOptions {
  data: string;
  companies: number;
  seed: number;
  asOf: string;
}

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('Zero-credential demo: generate a synthetic company, serve the sandbox APIs, read every object back through the official clients.')
    .option('--data <dir>', 'dataset folder (generated there if it holds no dataset yet)', '.closeloop/demo-data')
    .option('--companies <n>', 'companies to generate', positiveInt, 2000)
    .option('--seed <n>', 'random seed', positiveInt, 1)
    .option('--as-of <date>', 'as-of date of the generated company (YYYY-MM-DD)', isoDate, todayUtc())
    .action((opts: DemoOptions) => runDemo(opts));
}

async function runDemo(opts: DemoOptions): Promise<void> {
  if (!existsSync(path.join(opts.data, 'truth.json'))) {
    console.log(`Generating ${opts.companies} companies into ${opts.data} …`);
    await generateDataset({ out: opts.data, companies: opts.companies, seed: opts.seed, asOf: opts.asOf, onProgress: progressPrinter('companies') });
  }
  const running = await startSandbox({ dataDir: opts.data, systems: ALL_SYSTEMS });
  try {
    console.log('Sandbox APIs:');
    printEndpoints(running);
    const configFile = path.join(path.dirname(path.resolve(opts.data)), 'sandbox.json');
    await writeSandboxConfig(configFile, running.urls, running.options);
    console.log(`Pipeline config: ${configFile}\n\nReading every object back through the official clients:`);
    const results = await readEverything(configFile, running.dataset);
    printResults(results, running.dataset.rowCounts);
  } finally {
    await running.close();
  }
}

async function readEverything(configFile: string, dataset: Awaited<ReturnType<typeof startSandbox>>['dataset']): Promise<PagedObject[]> {
  const { config, secret } = loadConfig(configFile);
  const { salesforce, hubspot, netsuite } = config.sources;
  const results: PagedObject[] = [];
  if (salesforce) {
    const conn = await connectSalesforce(salesforce, secret);
    for (const schema of dataset.salesforce) results.push(await pageSalesforceObject(conn, schema.name));
  }
  if (hubspot) {
    const client = createHubspotClient(hubspot, secret);
    for (const schema of dataset.hubspot) results.push(await pageHubspotObject(client, schema.name));
  }
  if (netsuite) {
    const client = createNetsuiteClient(netsuite, secret);
    for (const schema of dataset.netsuite) results.push(await pageNetsuiteTable(client, schema.name, schema.key));
  }
  return results;
}

function printResults(results: PagedObject[], loaded: Record<string, number>): void {
  console.log(`  ${'object'.padEnd(34)} ${'records'.padStart(9)} ${'pages'.padStart(6)} ${'seconds'.padStart(8)}`);
  let mismatches = 0;
  for (const r of results) {
    const expected = loaded[`${r.system}/${r.object}`];
    const note = expected === r.records ? '' : `  (dataset has ${expected})`;
    if (note) mismatches += 1;
    console.log(`  ${`${r.system}/${r.object}`.padEnd(34)} ${String(r.records).padStart(9)} ${String(r.pages).padStart(6)} ${(r.ms / 1000).toFixed(2).padStart(8)}${note}`);
  }
  if (mismatches > 0) throw new Error(`${mismatches} object(s) read back a different number of records than the dataset holds`);
  console.log('\nEvery record of the dataset was read back through jsforce, @hubspot/api-client and netsuite-rest.');
}
