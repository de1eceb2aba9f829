import { afterEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { runExtract } from '../../extract/run-extract.ts';
import { openWarehouse, type Warehouse } from '../../warehouse/warehouse.ts';
import { migrateWarehouse } from '../../warehouse/migrate.ts';
import { parseFaultSpec } from '../../sandbox/faults/fault-spec.ts';
import type { RunningSandbox } from '../../sandbox/sandbox-server.ts';
import { makeTempDir, removeDir } from '../support/dataset-files.ts';
import { CLI } from '../support/closeloop-cli.ts';
import { COMPARED, landedRows, sandboxClients, sandboxConnectors, sandboxForExtract, sandboxVersions, warehouseVersions } from './extract-support.ts';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function setUp(options: Parameters<typeof sandboxForExtract>[1] = {}) {
  const dir = await makeTempDir();
  cleanup.push(() => removeDir(dir));
  const { sandbox, configFile } = await sandboxForExtract(dir, options);
  cleanup.push(() => sandbox.close());
  return { dir, sandbox, configFile };
}

async function warehouseAt(file: string): Promise<Warehouse> {
  const warehouse = await openWarehouse(file);
  cleanup.push(() => warehouse.close());
  await migrateWarehouse(warehouse.db);
  return warehouse;
}

const fastRetries = { backoff: { baseMs: 20, capMs: 200 }, maxAttempts: 10 };

/**
 * Users edit records in all three systems (through their clients, so modification stamps move)
 * until stopped; edits that hit an injected fault are simply lost, as a user's would be.
 * Resolves the stop function once the first edits are in.
 */
async function keepChanging(sandbox: RunningSandbox): Promise<() => Promise<number>> {
  const clients = sandboxClients(sandbox);
  const retry = async <T>(work: () => Promise<T>): Promise<T> => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await work();
      } catch (error) {
        if (attempt > 20) throw error;
      }
    }
  };
  const sf = await retry(() => clients.salesforce());
  const accounts = (await retry(async () => await sf.query<{ Id: string }>('SELECT Id FROM Account WHERE BillingCountry != null ORDER BY Id LIMIT 20'))).records;
  const companies = (await retry(() => clients.hubspot.crm.companies.basicApi.getPage(20))).results;
  const customers = (await retry(() => clients.netsuite.request<{ items: { id: string }[] }>({ path: 'query/v1/suiteql?limit=20&offset=0', method: 'POST', body: JSON.stringify({ q: 'SELECT id FROM customer ORDER BY id' }) }))).data.items;
  let running = true;
  let changes = 0;
  const loop = (async () => {
    for (let i = 0; running; i++) {
      const edit = [
        () => sf.sobject('Account').update({ Id: accounts[i % accounts.length]!.Id, Description: `edit ${i}` }),
        () => clients.hubspot.crm.companies.batchApi.update({ inputs: [{ id: companies[i % companies.length]!.id, properties: { description: `edit ${i}` } }] }),
        () => clients.netsuite.request({ path: `record/v1/customer/${customers[i % customers.length]!.id}`, method: 'PATCH', body: JSON.stringify({ phone: `555-${i}` }) }),
      ][i % 3]!;
      await edit().then(() => changes++, () => undefined);
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
  })();
  return async () => {
    running = false;
    await loop;
    return changes;
  };
}

async function expectWarehouseEqualsSandbox(warehouse: Warehouse, sandbox: RunningSandbox): Promise<void> {
  for (const stream of Object.keys(COMPARED)) {
    expect(await warehouseVersions(warehouse, stream), stream).toEqual(await sandboxVersions(sandbox, stream));
  }
}

describe('extract against the sandbox', () => {
  it('a full then an incremental run leave the latest version of every live record equal to the source, deletes included', async () => {
    const { dir, sandbox, configFile } = await setUp();
    const warehouse = await warehouseAt(path.join(dir, 'warehouse.duckdb'));
    const first = await runExtract(warehouse, sandboxConnectors(configFile), { runId: 'run-1', api: fastRetries });
    expect(first.status, JSON.stringify(first.streams.filter((s) => s.status !== 'ok'))).toBe('ok');
    await expectWarehouseEqualsSandbox(warehouse, sandbox);

    // Users change things in every system between nights.
    const clients = sandboxClients(sandbox);
    const sf = await clients.salesforce();
    const accounts = (await sf.query<{ Id: string }>('SELECT Id FROM Account ORDER BY Id LIMIT 3')).records;
    await sf.sobject('Account').update({ Id: accounts[0]!.Id, Name: 'Renamed Account', BillingCountry: 'US' });
    await sf.sobject('Account').destroy(accounts[1]!.Id);
    const companies = await clients.hubspot.crm.companies.basicApi.getPage(2);
    await clients.hubspot.crm.companies.batchApi.update({ inputs: [{ id: companies.results[0]!.id, properties: { name: 'Renamed Co' } }] });
    await clients.hubspot.crm.companies.basicApi.archive(companies.results[1]!.id);
    const customers = (await clients.netsuite.request<{ items: { id: string }[] }>({ path: 'query/v1/suiteql?limit=2&offset=0', method: 'POST', body: JSON.stringify({ q: 'SELECT id FROM customer ORDER BY id' }) })).data.items;
    await clients.netsuite.request({ path: `record/v1/customer/${customers[0]!.id}`, method: 'PATCH', body: JSON.stringify({ companyName: 'Renamed Ltd' }) });
    await clients.netsuite.request({ path: `record/v1/customer/${customers[1]!.id}`, method: 'DELETE' });

    const second = await runExtract(warehouse, sandboxConnectors(configFile), { runId: 'run-2', api: fastRetries });
    expect(second.status).toBe('ok');
    await expectWarehouseEqualsSandbox(warehouse, sandbox);
    const deleted = await warehouse.withConnection(async (c) =>
      (await c.runAndReadAll(`SELECT _record_id FROM raw.salesforce__account WHERE _deleted AND _run_id = 'run-2'`)).getRowObjectsJS());
    expect(deleted).toEqual([{ _record_id: accounts[1]!.Id }]);
  });

  it('with 429s, 5xx and resets on more than 10% of calls and records changing while it pages, every version lands exactly once', async () => {
    const faulty = await setUp({ faults: parseFaultSpec('429=0.05,5xx=0.04,reset=0.03,seed=5') });
    const warehouse = await warehouseAt(path.join(faulty.dir, 'warehouse.duckdb'));
    const stopChanging = await keepChanging(faulty.sandbox);
    const first = await runExtract(warehouse, sandboxConnectors(faulty.configFile), { runId: 'faulty-1', api: fastRetries });
    const changes = await stopChanging();
    const second = await runExtract(warehouse, sandboxConnectors(faulty.configFile), { runId: 'faulty-2', api: fastRetries });
    for (const summary of [first, second]) expect(summary.status, JSON.stringify(summary.streams.filter((s) => s.status !== 'ok'))).toBe('ok');

    expect(changes).toBeGreaterThan(5);
    const injected = Object.values(faulty.sandbox.faults).reduce((n, f) => n + f!.counts.tooManyRequests + f!.counts.serverError + f!.counts.connectionReset, 0);
    expect(injected).toBeGreaterThan(5);
    await expectWarehouseEqualsSandbox(warehouse, faulty.sandbox);
    for (const stream of Object.keys(COMPARED)) {
      const rows = await landedRows(warehouse, stream);
      expect(rows.length - new Set(rows).size, `${stream}: versions landed twice`).toBe(0);
    }
    const retried = await warehouse.withConnection(async (c) => (await c.runAndReadAll('SELECT count(*)::INTEGER AS n FROM meta.api_calls WHERE retry > 0')).getRowObjectsJS());
    expect(Number(retried[0]!.n)).toBeGreaterThan(0);
  });

  it('a source that reaches its quota stop share stops gracefully and resumes on the next run', async () => {
    const { dir, sandbox, configFile } = await setUp({ faults: parseFaultSpec('salesforce.daily-limit=10') });
    const warehouse = await warehouseAt(path.join(dir, 'warehouse.duckdb'));
    const first = await runExtract(warehouse, sandboxConnectors(configFile), { runId: 'day-1', api: fastRetries });
    expect(first.status).toBe('warning');
    expect(first.streams.filter((s) => s.source === 'salesforce').map((s) => s.status)).toContain('quota_stopped');
    expect(first.streams.filter((s) => s.source !== 'salesforce').every((s) => s.status === 'ok')).toBe(true);

    // The next day: the same org, a fresh daily allowance.
    await sandbox.close();
    const nextDay = await sandboxForExtract(path.join(dir, 'next-day'), {});
    cleanup.push(() => nextDay.sandbox.close());
    const second = await runExtract(warehouse, sandboxConnectors(nextDay.configFile), { runId: 'day-2', api: fastRetries });
    expect(second.status).toBe('ok');
    await expectWarehouseEqualsSandbox(warehouse, nextDay.sandbox);
  });
});

describe('closeloop extract killed mid-run', () => {
  it('resumes from its last committed page: the result equals an uninterrupted run', async () => {
    const { dir, configFile } = await setUp();
    // Killed after the Nth progress line (a stream starting or finishing): a point inside the run that
    // does not depend on the machine's speed. SIGKILL: no chance to finish the page or clean up.
    const run = (config: string, killAfterLines?: number) =>
      new Promise<number | null>((resolve) => {
        const child = spawn(process.execPath, [CLI, 'extract', '--config', config], { stdio: ['ignore', 'ignore', 'pipe'] });
        let lines = 0;
        child.stderr.on('data', (d: Buffer) => {
          lines += d.toString().split('\n').length - 1;
          if (killAfterLines !== undefined && lines >= killAfterLines) child.kill('SIGKILL');
        });
        child.on('close', (code) => resolve(code));
      });
    // The uninterrupted run, into its own warehouse.
    const reference = path.join(dir, 'reference.json');
    const { writeFile, readFile } = await import('node:fs/promises');
    const config = JSON.parse(await readFile(configFile, 'utf8')) as { warehouse: { path: string } };
    await writeFile(reference, JSON.stringify({ ...config, warehouse: { path: 'reference.duckdb' } }));
    await writeFile(configFile, JSON.stringify({ ...config, warehouse: { path: 'killed.duckdb' } }));
    expect([0, 2]).toContain(await run(reference));
    for (const lines of [3, 8, 15]) expect(await run(configFile, lines)).toBeNull();
    expect([0, 2]).toContain(await run(configFile));

    const killed = await warehouseAt(path.join(dir, 'killed.duckdb'));
    const uninterrupted = await warehouseAt(path.join(dir, 'reference.duckdb'));
    for (const stream of Object.keys(COMPARED)) {
      expect(await warehouseVersions(killed, stream), stream).toEqual(await warehouseVersions(uninterrupted, stream));
      const rows = await landedRows(killed, stream);
      expect(rows, `${stream}: the same versions, each once`).toEqual(await landedRows(uninterrupted, stream));
    }
  });
});
