import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runExtract } from '../../../extract/run-extract.ts';
import { MODELS } from '../../../models/model-registry.ts';
import { installNormalisation } from '../../../models/normalisation/install-normalisation.ts';
import { buildModels } from '../../../models/runner/build-models.ts';
import { compileModelGraph, planEdges } from '../../../models/runner/model-graph.ts';
import { selectModels } from '../../../models/runner/model-selection.ts';
import { readSourceTables } from '../../../models/runner/warehouse-tables.ts';
import { LEAKAGE_CATEGORIES } from '../../../models/marts/mart-leakage.ts';
import { ALL_SYSTEMS } from '../../../sandbox/all-systems.ts';
import { generateDataset } from '../../../sandbox/generator/generate-dataset.ts';
import { writeSandboxConfig } from '../../../sandbox/sandbox-config-writer.ts';
import { startSandbox, type RunningSandbox } from '../../../sandbox/sandbox-server.ts';
import { migrateWarehouse } from '../../../warehouse/migrate.ts';
import { openWarehouse, type Warehouse } from '../../../warehouse/warehouse.ts';
import { sandboxConnectors } from '../../extract/extract-support.ts';
import { makeTempDir, removeDir } from '../../support/dataset-files.ts';
import { buildFailures } from '../matching/matching-support.ts';

interface TruthFinding {
  category: string;
  opportunity_id?: string;
  erp_transaction_id?: string;
}

interface TruthDealBilling {
  system: string;
  opportunity_id: string;
  invoice_ids: string[];
  credit_memo_ids: string[];
}

interface Truth {
  leakage: TruthFinding[];
  deal_billing: TruthDealBilling[];
}

let dir = '';
let sandbox: RunningSandbox;
let warehouse: Warehouse;
let truth: Truth;

/** A finding's identity: the deal, or the invoice for invoices without a deal. */
const findingKey = (f: TruthFinding): string => `${f.category}|${f.category === 'invoiced_without_deal' ? f.erp_transaction_id : f.opportunity_id}`;

beforeAll(async () => {
  dir = await makeTempDir('closeloop-leakage-');
  const data = path.join(dir, 'data');
  // The generated company is a snapshot at 00:00 UTC today; the build runs as of now, after it.
  await generateDataset({ out: data, companies: 2000, seed: 7, asOf: new Date().toISOString().slice(0, 10) });
  truth = JSON.parse(await readFile(path.join(data, 'truth.json'), 'utf8')) as Truth;
  sandbox = await startSandbox({ dataDir: data, systems: ALL_SYSTEMS });
  const configFile = path.join(dir, 'closeloop.json');
  await writeSandboxConfig(configFile, sandbox.urls, sandbox.options);
  warehouse = await openWarehouse(path.join(dir, 'warehouse.duckdb'));
  await migrateWarehouse(warehouse.db);
  expect((await runExtract(warehouse, sandboxConnectors(configFile), { runId: 'run-1' })).status).toBe('ok');
  await warehouse.withConnection((connection) => installNormalisation(connection));
  const plan = compileModelGraph(MODELS, { db: warehouse.db, asOf: new Date(), sources: await readSourceTables(warehouse.db) });
  const result = await buildModels(warehouse.db, plan, { select: selectModels(planEdges(plan), '+mart.leakage') });
  expect(buildFailures(result)).toEqual([]);
}, 120_000);

afterAll(async () => {
  await warehouse?.close();
  await sandbox?.close();
  if (dir) await removeDir(dir);
});

describe('mart.leakage against the planted findings of truth.json', () => {
  it('finds every planted finding of every category, with precision ≥ 0.98 per category', async () => {
    const { rows } = await sql<TruthFinding>`SELECT category, opportunity_id, erp_transaction_id FROM mart.leakage`.execute(warehouse.db);
    const predicted = new Set(rows.map(findingKey));
    const planted = new Set(truth.leakage.map(findingKey));
    const report = LEAKAGE_CATEGORIES.map((category) => {
      const mine = [...predicted].filter((k) => k.startsWith(`${category}|`));
      const theirs = [...planted].filter((k) => k.startsWith(`${category}|`));
      const found = mine.filter((k) => planted.has(k)).length;
      return { category, planted: theirs.length, predicted: mine.length, recall: found / theirs.length, precision: found / mine.length };
    });
    console.table(report);
    for (const r of report) {
      expect(r.planted, r.category).toBeGreaterThan(10);
      expect(r.recall, r.category).toBe(1);
      expect(r.precision, r.category).toBeGreaterThanOrEqual(0.98);
    }
  });

  it('links each deal to the invoices and credit memos that bill it', async () => {
    const { rows } = await sql<{ system: string; opportunity_id: string; invoice_ids: string[]; credit_memo_ids: string[] }>`
      SELECT system, opportunity_id, invoice_ids, credit_memo_ids FROM mart.deal_billing`.execute(warehouse.db);
    const mine = new Map(rows.map((r) => [`${r.system}|${r.opportunity_id}`, r]));
    const billed = truth.deal_billing.filter((d) => d.invoice_ids.length > 0);
    const same = billed.filter((d) => {
      const row = mine.get(`${d.system}|${d.opportunity_id}`);
      return row !== undefined && [...row.invoice_ids].sort().join() === [...d.invoice_ids].sort().join()
        && [...row.credit_memo_ids].sort().join() === [...d.credit_memo_ids].sort().join();
    });
    expect(billed.length).toBeGreaterThan(1000);
    expect(same.length / billed.length).toBeGreaterThanOrEqual(0.99);
  });

  it('takes the SLA and tolerance from the build variables (the config\'s leakage section)', async () => {
    const counts = async (): Promise<Map<string, number>> => {
      const { rows } = await sql<{ category: string; n: bigint }>`SELECT category, count(*) AS n FROM mart.leakage GROUP BY category`.execute(warehouse.db);
      return new Map(rows.map((r) => [r.category, Number(r.n)]));
    };
    const before = await counts();
    const plan = compileModelGraph(MODELS, {
      db: warehouse.db, asOf: new Date(), sources: await readSourceTables(warehouse.db),
      vars: { invoicingSlaDays: 100_000, tolerancePercent: 100, toleranceFloor: 0 },
    });
    expect(buildFailures(await buildModels(warehouse.db, plan, { select: new Set(['mart.leakage']) }))).toEqual([]);
    const after = await counts();
    expect(after.get('not_invoiced') ?? 0).toBe(0);
    expect(after.get('late_invoice') ?? 0).toBe(0);
    expect(after.get('under_invoiced') ?? 0).toBe(0);
    expect(after.get('pending')).toBe((before.get('pending') ?? 0) + (before.get('not_invoiced') ?? 0));
    const restore = compileModelGraph(MODELS, { db: warehouse.db, asOf: new Date(), sources: await readSourceTables(warehouse.db) });
    await buildModels(warehouse.db, restore, { select: new Set(['mart.leakage']) });
    expect(await counts()).toEqual(before);
  });

  it('keeps amounts exact and explains every finding', async () => {
    const { rows } = await sql<{ bad: bigint }>`SELECT count(*) AS bad FROM mart.leakage
      WHERE evidence IS NULL OR gap_amount <> deal_amount - invoiced_amount OR typeof(gap_amount) NOT LIKE 'DECIMAL%'`.execute(warehouse.db);
    expect(Number(rows[0]!.bad)).toBe(0);
  });
});
