import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config/pipeline-config.ts';
import { connectSalesforce } from '../systems/clients/salesforce-connection.ts';
import { Client as HubspotClient } from '@hubspot/api-client';
import { createNetsuiteClient } from '../systems/clients/netsuite-client.ts';
import { pageHubspotObject, pageNetsuiteTable, pageSalesforceObject, type PagedObject } from '../sandbox/probe/client-paging.ts';
import { SALESFORCE_OBJECTS } from '../sandbox/salesforce/salesforce-objects.ts';
import { HUBSPOT_OBJECTS } from '../sandbox/hubspot/hubspot-objects.ts';
import { NETSUITE_TABLES } from '../sandbox/netsuite/netsuite-tables.ts';
import { runCli, startServeChild } from './child-process.ts';

export interface GeneratorFigure {
  companies: number;
  seconds: number;
  peakRssMiB: number;
}

/** Generates datasets of the given sizes in child processes: wall time and peak memory of each. */
export async function benchGenerator(workDir: string, sizes: number[]): Promise<GeneratorFigure[]> {
  const figures: GeneratorFigure[] = [];
  for (const companies of sizes) {
    const out = path.join(workDir, `companies-${companies}`);
    const run = await runCli(['sandbox', 'generate', '--out', out, '--companies', String(companies), '--seed', '1', '--as-of', '2026-11-01']);
    figures.push({ companies, seconds: run.ms / 1000, peakRssMiB: run.peakRssMiB });
  }
  return figures;
}

export interface ServeFigure extends PagedObject {
  recordsPerSecond: number;
  /** Time to JSON.stringify the same records, in this run (the floor any HTTP API pays). */
  serialiseMs: number;
}

/** Serves a dataset from a child process and pages every object through the official clients. */
export async function benchServe(dataDir: string, workDir: string): Promise<ServeFigure[]> {
  if (!existsSync(dataDir)) throw new Error(`no dataset at ${dataDir}`);
  const configFile = path.join(workDir, 'bench-sandbox.json');
  // The sandbox's HubSpot burst limit is lifted so the figure measures serving, not the rate limit.
  const child = await startServeChild(['--data', dataDir, '--config-out', configFile, '--faults', 'hubspot.ten-second-limit=100000000']);
  try {
    const { config, secret } = loadConfig(configFile);
    const figures: ServeFigure[] = [];
    const measure = async (read: (onRecords: (records: readonly object[]) => void) => Promise<PagedObject>): Promise<void> => {
      let serialiseMs = 0;
      const paged = await read((records) => {
        const started = performance.now();
        JSON.stringify(records);
        serialiseMs += performance.now() - started;
      });
      const ms = paged.ms - serialiseMs;
      figures.push({ ...paged, ms, serialiseMs, recordsPerSecond: paged.records / (ms / 1000) });
    };
    const sf = await connectSalesforce(config.sources.salesforce!, secret);
    for (const o of SALESFORCE_OBJECTS) await measure((on) => pageSalesforceObject(sf, o.name, on));
    const hs = new HubspotClient({ accessToken: secret(config.sources.hubspot!.accessTokenEnv), basePath: config.sources.hubspot!.baseUrl });
    for (const o of HUBSPOT_OBJECTS) await measure((on) => pageHubspotObject(hs, o.name, on));
    const ns = createNetsuiteClient(config.sources.netsuite!, secret);
    for (const t of NETSUITE_TABLES) await measure((on) => pageNetsuiteTable(ns, t.name, t.key, on));
    return figures;
  } finally {
    child.kill('SIGTERM');
  }
}
