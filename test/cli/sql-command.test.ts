import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishWarehouse } from '../../warehouse/publish-warehouse.ts';
import { openWarehouse } from '../../warehouse/warehouse.ts';
import { closeloop } from '../support/closeloop-cli.ts';
import { makeTempDir, removeDir } from '../support/dataset-files.ts';

describe('closeloop sql', () => {
  let dir: string;
  let configFile: string;

  beforeAll(async () => {
    dir = await makeTempDir('closeloop-sql-');
    configFile = path.join(dir, 'closeloop.json');
    writeFileSync(configFile, JSON.stringify({ warehouse: { path: 'work/warehouse.duckdb' }, publish: { dir: 'analysts' }, sources: {} }));
    const warehouse = await openWarehouse(path.join(dir, 'work', 'warehouse.duckdb'));
    try {
      await warehouse.withConnection(async (c) => {
        await c.run('CREATE SCHEMA mart');
        await c.run("CREATE TABLE mart.leakage AS SELECT * FROM (VALUES ('not_invoiced', 1200.50::DECIMAL(18,2), 'Acme, Inc.'), ('late_invoice', 80.00, NULL)) t(category, gap, customer)");
      });
      await publishWarehouse(warehouse, { dir: path.join(dir, 'analysts'), parquet: false });
    } finally {
      await warehouse.close();
    }
  });
  afterAll(() => removeDir(dir));

  it('prints the rows of a query against the published copy as a table', async () => {
    const result = await closeloop(['sql', '--config', configFile, 'SELECT category, gap, customer FROM mart.leakage ORDER BY gap DESC']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.split('\n')).toEqual([
      'category      gap      customer',
      '------------  -------  ----------',
      'not_invoiced  1200.50  Acme, Inc.',
      'late_invoice  80.00    NULL',
      '(2 rows)',
      '',
    ]);
  });

  it('prints csv and json', async () => {
    const query = 'SELECT category, gap, customer FROM mart.leakage ORDER BY gap DESC';
    const csv = await closeloop(['sql', '--config', configFile, '--format', 'csv', query]);
    expect(csv.stdout).toBe('category,gap,customer\nnot_invoiced,1200.50,"Acme, Inc."\nlate_invoice,80.00,\n');
    const json = await closeloop(['sql', '--config', configFile, '--format', 'json', query]);
    expect(JSON.parse(json.stdout)).toEqual([
      { category: 'not_invoiced', gap: '1200.50', customer: 'Acme, Inc.' },
      { category: 'late_invoice', gap: '80.00', customer: null },
    ]);
  });

  it('refuses writes: the copy is read-only', async () => {
    const result = await closeloop(['sql', '--config', configFile, "DELETE FROM mart.leakage WHERE category = 'late_invoice'"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/closeloop sql is read-only: the published copy .*analysts\/closeloop\.duckdb refuses writes/);
    const count = await closeloop(['sql', '--config', configFile, '--format', 'csv', 'SELECT count(*) AS n FROM mart.leakage']);
    expect(count.stdout).toBe('n\n2\n');
  });

  it('says to run closeloop run first when nothing is published yet', async () => {
    const other = path.join(dir, 'unpublished.json');
    writeFileSync(other, JSON.stringify({ publish: { dir: 'nothing-here' }, sources: {} }));
    const result = await closeloop(['sql', '--config', other, 'SELECT 1']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/There is no published copy at .*nothing-here\/closeloop\.duckdb yet: run `closeloop run --config .*` first/);
  });
});
