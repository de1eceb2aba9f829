import { mkdir } from 'node:fs/promises';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateDataset } from '../../sandbox/generator/generate-dataset.ts';
import { startSandbox, type RunningSandbox } from '../../sandbox/sandbox-server.ts';
import { ALL_SYSTEMS } from '../../sandbox/all-systems.ts';
import { writeSandboxConfig } from '../../sandbox/sandbox-config-writer.ts';
import { parseFaultSpec } from '../../sandbox/faults/fault-spec.ts';
import { seededRandom } from '../../sandbox/faults/fault-injector.ts';
import { openWarehouse } from '../../warehouse/warehouse.ts';
import { makeTempDir, removeDir } from '../support/dataset-files.ts';
import { CLI, closeloop } from '../support/closeloop-cli.ts';
import { sandboxClients } from '../extract/extract-support.ts';
import { crmValues } from '../reverse/reverse-kit.ts';

const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

/** The tables whose content must not depend on how often the run was interrupted. */
const COMPARED = [
  'mart.customer_xref', 'mart.customer_master', 'mart.deal_billing', 'mart.leakage', 'mart.ar_aging', 'mart.account_health',
  'meta.sent_state', 'meta.master_ids',
];
/** Columns that record when, not what. */
const TIMES = new Set(['sent_at', 'assigned_at', 'run_id']);

async function served(dir: string, name: string, faults?: string): Promise<{ sandbox: RunningSandbox; config: string }> {
  const sandbox = await startSandbox({ dataDir: path.join(dir, 'data'), systems: ALL_SYSTEMS, ...(faults ? { options: { faults: parseFaultSpec(faults) } } : {}) });
  cleanup.push(() => sandbox.close());
  await mkdir(path.join(dir, name), { recursive: true });
  const config = path.join(dir, name, 'closeloop.json');
  await writeSandboxConfig(config, sandbox.urls, sandbox.options);
  return { sandbox, config };
}

/** Every compared table as sorted JSON lines (times left out). */
async function warehouseState(config: string): Promise<Record<string, string[]>> {
  const warehouse = await openWarehouse(path.join(path.dirname(config), 'warehouse.duckdb'));
  try {
    const state: Record<string, string[]> = {};
    for (const table of COMPARED) {
      const rows = await warehouse.withConnection(async (c) => (await c.runAndReadAll(`SELECT * FROM ${table}`)).getRowObjectsJson());
      state[table] = rows.map((r) => JSON.stringify(Object.fromEntries(Object.entries(r).filter(([k]) => !TIMES.has(k))))).sort();
    }
    const raw = await warehouse.withConnection(async (c) => (await c.runAndReadAll(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'raw' ORDER BY 1`)).getRowObjectsJS());
    for (const { table_name: table } of raw) {
      const versions = await warehouse.withConnection(async (c) => (await c.runAndReadAll(
        `SELECT _record_id || ' ' || coalesce(_version, '') AS v, count(*) AS n FROM raw."${String(table)}" GROUP BY 1`)).getRowObjectsJS());
      state[`raw.${String(table)}`] = versions.map((v) => `${String(v.v)} ×${String(v.n)}`).sort();
    }
    return state;
  } finally {
    await warehouse.close();
  }
}

/** The ERP fields every CRM record holds, through the official clients. */
async function crmState(sandbox: RunningSandbox): Promise<Map<string, Record<string, string | null>>> {
  return crmValues({ clients: sandboxClients(sandbox) });
}

function runKilledAfter(config: string, asOf: string, ms: number, signal: NodeJS.Signals): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, 'run', '--config', config, '--as-of', asOf], { stdio: 'ignore' });
    const timer = setTimeout(() => child.kill(signal), ms);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

describe('closeloop run killed at random points', () => {
  it('five runs killed (SIGKILL and SIGTERM) and resumed, with API faults on, end in the warehouse and CRM state of one clean run', async () => {
    const dir = await makeTempDir('closeloop-run-resume-');
    cleanup.push(() => removeDir(dir));
    await generateDataset({ out: path.join(dir, 'data'), companies: 120, seed: 9, asOf: new Date().toISOString().slice(0, 10) });
    const asOf = new Date().toISOString();

    const clean = await served(dir, 'clean');
    const started = performance.now();
    const reference = await closeloop(['run', '--config', clean.config, '--as-of', asOf]);
    expect([0, 2], reference.stdout + reference.stderr).toContain(reference.code);
    const cleanMs = performance.now() - started;

    const faulty = await served(dir, 'killed', '429=0.03,5xx=0.03,reset=0.02,salesforce.lock=0.05,seed=4');
    const random = seededRandom(20261123);
    const kills: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const at = Math.round(300 + random() * cleanMs);
      kills.push(at);
      // SIGKILL dies on the spot; SIGTERM finishes its page or batch and records the stage interrupted.
      await runKilledAfter(faulty.config, asOf, at, i % 2 === 0 ? 'SIGKILL' : 'SIGTERM');
    }
    const final = await closeloop(['run', '--config', faulty.config, '--as-of', asOf]);
    expect([0, 2], `killed after ${kills.join(', ')} ms\n${final.stdout}${final.stderr}`).toContain(final.code);

    const [cleanWarehouse, killedWarehouse] = [await warehouseState(clean.config), await warehouseState(faulty.config)];
    for (const table of Object.keys(cleanWarehouse)) expect(killedWarehouse[table], `${table} (killed after ${kills.join(', ')} ms)`).toEqual(cleanWarehouse[table]);
    // Faults off for reading the result back.
    for (const injector of Object.values(faulty.sandbox.faults)) Object.assign(injector!, { rates: parseFaultSpec('').rates.salesforce });
    expect(await crmState(faulty.sandbox)).toEqual(await crmState(clean.sandbox));
  }, 300_000);
});
