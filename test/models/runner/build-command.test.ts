import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { registerBuildCommand } from '../../../cli/build-command.ts';
import { openWarehouse } from '../../../warehouse/warehouse.ts';
import { migrateWarehouse } from '../../../warehouse/migrate.ts';
import { makeTempDir, removeDir } from '../../support/dataset-files.ts';
import type { ModelDefinition } from '../../../models/runner/model-definition.ts';
import { martCustomerOrders, seedRawTables, stgCustomers, stgOrders, stubModel } from './model-fixtures.ts';

const dirs: string[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
  for (const dir of dirs.splice(0)) await removeDir(dir);
});

/** A config whose warehouse already holds the raw tables the fixture models read. */
async function seededConfig(): Promise<{ dir: string; config: string }> {
  const dir = await makeTempDir('closeloop-build-');
  dirs.push(dir);
  const config = path.join(dir, 'closeloop.json');
  await writeFile(config, JSON.stringify({ warehouse: { path: 'warehouse.duckdb' }, sources: {} }));
  const warehouse = await openWarehouse(path.join(dir, 'warehouse.duckdb'));
  try {
    await migrateWarehouse(warehouse.db);
    await seedRawTables(warehouse);
  } finally {
    await warehouse.close();
  }
  return { dir, config };
}

async function run(models: ModelDefinition[], args: string[]): Promise<{ exitCode: unknown; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((line: string) => void out.push(line));
  vi.spyOn(console, 'error').mockImplementation((line: string) => void err.push(line));
  const program = new Command().exitOverride();
  registerBuildCommand(program, models);
  await program.parseAsync(args, { from: 'user' });
  return { exitCode: process.exitCode, out: out.join('\n'), err: err.join('\n') };
}

describe('closeloop build / docs', () => {
  const models = [stgCustomers, stgOrders, martCustomerOrders];

  it('--plan prints the plan as JSON and builds nothing', async () => {
    const { config } = await seededConfig();
    const result = await run(models, ['build', '--config', config, '--plan', '--as-of', '2026-11-01T00:00:00Z']);
    expect(result.exitCode).toBe(0);
    const plan = JSON.parse(result.out) as { asOf: string; nodes: { name: string }[] };
    expect(plan.asOf).toBe('2026-11-01T00:00:00.000Z');
    expect(plan.nodes.map((n) => n.name)).toEqual(['stg.customers', 'stg.orders', 'mart.customer_orders']);
  });

  it('--plan exits 1 listing every problem', async () => {
    const { config } = await seededConfig();
    const result = await run([stubModel('stg.a', ['raw.missing']), stubModel('stg.a')], ['build', '--config', config, '--plan']);
    expect(result.exitCode).toBe(1);
    expect(result.err).toMatch(/2 problem\(s\)[\s\S]*Two models[\s\S]*raw\.missing/);
  });

  it('builds the selected models and reports each model and test; exit 1 when a test fails', async () => {
    const { config } = await seededConfig();
    const ok = await run(models, ['build', '--config', config, '--select', 'stg.customers,stg.orders', '--as-of', '2026-11-01']);
    expect(ok.exitCode, ok.out).toBe(0);
    expect(ok.out).toMatch(/built\s+stg\.customers\s+2 rows/);
    expect(ok.out).not.toContain('mart.customer_orders');
    expect(ok.out).toMatch(/built\s+stg\.orders\s+\d+ rows in [\d.]+s, 4 tests passed/);
    expect(ok.out).not.toContain('Tests not passed');

    // After 2026-11-05 order o1 is closed; accept only 'open' to make a test fail.
    const strict = { ...stgOrders, tests: [{ kind: 'acceptedValues' as const, column: 'status', values: ['open'] }] };
    const failed = await run([stgCustomers, strict], ['build', '--config', config, '--as-of', '2026-12-01']);
    expect(failed.exitCode).toBe(1);
    expect(failed.out).toMatch(/FAIL\s+stg\.orders: accepted_values\(status: "open"\)\s+\(1 failing rows; e\.g\. .*"closed"/);
  });

  it('docs writes the data dictionary', async () => {
    const { dir, config } = await seededConfig();
    const out = path.join(dir, 'docs', 'dictionary.md');
    await run(models, ['build', '--config', config]);
    const result = await run(models, ['docs', '--config', config, '--out', out]);
    expect(result.exitCode).toBe(0);
    expect(await readFile(out, 'utf8')).toContain('| `total_amount` | HUGEINT | Sum of order totals. |');
  });
});
