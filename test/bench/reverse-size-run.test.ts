import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeOnePercent, fillReverseMarts } from '../../bench/reverse-bench-marts.ts';
import { sendBaseline, type BaselineFigure } from '../../bench/reverse-baseline.ts';
import { runReverseStage, type ReverseRunFigure } from '../../bench/reverse-size-run.ts';
import { callMismatches, writeCallsPerObject } from '../../bench/reverse-write-calls.ts';
import { withWarehouseSession } from '../../cli/warehouse-session.ts';
import { generateDataset } from '../../sandbox/generator/generate-dataset.ts';
import { createHubspot } from '../../sandbox/hubspot/hubspot-api.ts';
import { createSalesforce } from '../../sandbox/salesforce/salesforce-api.ts';
import { writeSandboxConfig } from '../../sandbox/sandbox-config-writer.ts';
import { startSandbox, type RunningSandbox } from '../../sandbox/sandbox-server.ts';
import { makeTempDir, removeDir } from '../support/dataset-files.ts';

let dir = '';
let sandbox: RunningSandbox | undefined;
let accounts: Record<string, number>;
let changed: Record<string, number>;
const runs: ReverseRunFigure[] = [];
let baseline: BaselineFigure[];

const object = (run: ReverseRunFigure | undefined, system: string) => run?.objects.find((o) => o.system === system && (o.object === 'Account' || o.object === 'companies'));

beforeAll(async () => {
  dir = await makeTempDir();
  const data = await generateDataset({ out: path.join(dir, 'data'), companies: 1000, seed: 3, asOf: '2026-11-01' });
  sandbox = await startSandbox({ dataDir: data.out, systems: { salesforce: createSalesforce, hubspot: createHubspot } });
  const configFile = path.join(dir, 'closeloop.json');
  await writeSandboxConfig(configFile, sandbox.urls, sandbox.options);
  const config = JSON.parse(await readFile(configFile, 'utf8')) as { reverse: Record<string, unknown> };
  // A low bulk threshold and job size, so a few hundred accounts take the Bulk API 2.0 route in several jobs
  // (the stage sends a remainder of 200 or fewer through sObject Collections).
  await writeFile(configFile, JSON.stringify({ ...config, reverse: { ...config.reverse, salesforceBulkThreshold: 20, salesforceBulkJobSize: 201 } }));
  accounts = await withWarehouseSession(configFile, (s) => s.warehouse.withConnection((c) => fillReverseMarts(c, data.out)));
  runs.push(await withWarehouseSession(configFile, (s) => runReverseStage(s, 'bench-all')));
  baseline = await withWarehouseSession(configFile, (s) => sendBaseline(s, 'bench-all'));
  changed = await withWarehouseSession(configFile, (s) => s.warehouse.withConnection((c) => changeOnePercent(c)));
  runs.push(await withWarehouseSession(configFile, (s) => runReverseStage(s, 'bench-one-percent')));
}, 120_000);

afterAll(async () => {
  await sandbox?.close();
  if (dir) await removeDir(dir);
});

describe('the reverse bench', () => {
  it('plans every account of the dataset at first, then exactly the 1% it changed', () => {
    expect(accounts.salesforce).toBeGreaterThan(201);
    expect(object(runs[0], 'salesforce')?.changed).toBe(accounts.salesforce);
    expect(object(runs[0], 'hubspot')?.changed).toBe(accounts.hubspot);
    expect(changed).toEqual({ salesforce: Math.floor(accounts.salesforce! / 100), hubspot: Math.floor(accounts.hubspot! / 100) });
    expect(object(runs[1], 'salesforce')?.changed).toBe(changed.salesforce);
    expect(object(runs[1], 'hubspot')?.changed).toBe(changed.hubspot);
  });

  it('counts Bulk API 2.0 uploads per job above the threshold, collections below it, and HubSpot batch updates', () => {
    const salesforce = object(runs[0], 'salesforce')!;
    const uploads = runs[0]!.calls.filter((c) => c.method === 'PUT' && c.endpoint.endsWith('/jobs/ingest/{id}/batches')).reduce((n, c) => n + c.calls, 0);
    expect(salesforce).toMatchObject({ route: 'bulk jobs', limit: 201, writeCalls: Math.ceil(accounts.salesforce! / 201) });
    expect(uploads).toBeGreaterThanOrEqual(1);
    expect(salesforce.jobCalls).toBe(5 * uploads);
    expect(object(runs[0], 'hubspot')).toMatchObject({ route: 'batch update', writeCalls: Math.ceil(accounts.hubspot! / 100) });
    expect(object(runs[1], 'salesforce')).toMatchObject({ route: 'collections', writeCalls: 1, minimum: 1, jobCalls: 0 });
    expect(runs.flatMap((r) => callMismatches('run', r.objects))).toEqual([]);
  });

  it('sends the floor the same accepted records in calls of the same size', () => {
    const salesforce = object(runs[0], 'salesforce')!;
    expect(baseline.find((b) => b.system === 'salesforce')).toMatchObject({ records: salesforce.sent, failed: 0 });
    expect(baseline.find((b) => b.system === 'salesforce')!.calls).toBeGreaterThanOrEqual(salesforce.writeCalls + salesforce.jobCalls);
    expect(baseline.find((b) => b.system === 'hubspot')).toMatchObject({ records: accounts.hubspot, failed: 0, calls: Math.ceil(accounts.hubspot! / 100) });
  });

  it('names each object whose write calls exceed ceil(changed / limit), and the retries among them', () => {
    const objects = writeCallsPerObject([{ system: 'hubspot', object: 'companies', changed: 250 }, { system: 'salesforce', object: 'Account', changed: 401 }], [
      { system: 'hubspot', method: 'POST', endpoint: '/crm/v3/objects/companies/batch/update', calls: 4, retries: 1 },
      { system: 'salesforce', method: 'PATCH', endpoint: '/services/data/v62.0/composite/sobjects', calls: 3, retries: 0 },
    ], { threshold: 2000, jobSize: 10_000 });
    expect(callMismatches('1% changed', objects)).toEqual([
      '1% changed: hubspot companies took 4 write calls for 250 changed records, the minimum is 3 (ceil(250 / 100, batch update)); 1 of the calls were retries',
    ]);
  });
});
