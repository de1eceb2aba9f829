import { afterAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { openWarehouse } from '../../warehouse/warehouse.ts';
import { makeTempDir, removeDir } from '../support/dataset-files.ts';
import { closeloop } from '../support/closeloop-cli.ts';
import { sandboxForExtract } from '../extract/extract-support.ts';
import type { RunningSandbox } from '../../sandbox/sandbox-server.ts';

const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});


describe('closeloop run', () => {
  let dir: string;
  let configFile: string;
  let sandbox: RunningSandbox;

  it('runs the extract and build stages and records the run in meta.runs', async () => {
    dir = await makeTempDir();
    cleanup.push(() => removeDir(dir));
    ({ sandbox, configFile } = await sandboxForExtract(dir, {}, 40));
    cleanup.push(() => sandbox.close());
    const result = await closeloop(['run', '--config', configFile, '--stages', 'extract,build']);
    // 2: finished with warnings (customer pairs wait for review), said in the summary.
    expect(result.code, result.stderr).toBe(2);
    expect(result.stdout).toMatch(/^ {2}- \d+ customer pairs wait for review: closeloop xref review/m);
    expect(result.stdout).toMatch(/salesforce\/Account\s+\d+\s+\d+/);

    const warehouse = await openWarehouse(path.join(dir, 'warehouse.duckdb'));
    try {
      const runs = await warehouse.db.selectFrom('meta.runs').selectAll().execute();
      expect(runs).toHaveLength(1);
      expect(runs[0]).toMatchObject({ status: 'warning' });
      expect(runs[0]!.finished_at).toBeInstanceOf(Date);
      const stages = runs[0]!.stages as unknown as Record<string, { status: string }>;
      expect([stages.extract?.status, stages.build?.status]).toEqual(['ok', 'ok']);
      const [accounts] = await warehouse.withConnection(async (c) => (await c.runAndReadAll('SELECT count(*)::INTEGER AS n FROM stg.salesforce_account')).getRowObjectsJS());
      expect(Number(accounts!.n)).toBeGreaterThan(0);
      const calls = await warehouse.db.selectFrom('meta.api_calls').select('run_id').distinct().execute();
      expect(calls.map((c) => c.run_id)).toEqual([runs[0]!.run_id]);
    } finally {
      await warehouse.close();
    }
  });

  it('extract --check tests each connection and lists the fields it would read', async () => {
    const result = await closeloop(['extract', '--config', configFile, '--check']);
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).toMatch(/^salesforce: connected; 4 streams$/m);
    expect(result.stdout).toMatch(/Opportunity → raw\.salesforce__opportunity \(\d+ fields\): .*amount DECIMAL\(18,2\)/);
    expect(result.stdout).toMatch(/^netsuite: connected; \d+ streams$/m);

    const broken = path.join(dir, 'broken.json');
    const config = JSON.parse(readFileSync(configFile, 'utf8')) as { sources: Record<string, unknown> };
    writeFileSync(broken, JSON.stringify({ ...config, sources: { hubspot: config.sources.hubspot }, envFile: undefined }));
    const failed = await closeloop(['extract', '--config', broken, '--check']);
    expect(failed.code).toBe(1);
    expect(failed.stderr + failed.stdout).toMatch(/HUBSPOT_ACCESS_TOKEN is not set/);
  });

  it('writes the month-to-date leakage report beside the config and records the files in meta.runs', async () => {
    const result = await closeloop(['run', '--config', configFile, '--stages', 'build,report']);
    expect(result.code, result.stderr).toBe(2);
    const month = new Date().toISOString().slice(0, 7);
    const folder = path.join(dir, 'reports-out', month);
    expect(result.stdout).toContain(path.join(folder, `leakage-${month}.xlsx`));
    const warehouse = await openWarehouse(path.join(dir, 'warehouse.duckdb'));
    try {
      const runs = await warehouse.db.selectFrom('meta.runs').selectAll().orderBy('started_at', 'desc').execute();
      const stages = runs[0]!.stages as unknown as Record<string, { status: string; detail: { files: string[] } }>;
      expect(stages.report?.detail.files).toEqual([`leakage-${month}.xlsx`, `leakage-${month}.html`, `leakage-${month}-detail.csv`].map((f) => path.join(folder, f)));
      expect(readFileSync(path.join(folder, `leakage-${month}-detail.csv`), 'utf8').split('\n')[0]).toMatch(/^finding_id,period,category/);
    } finally {
      await warehouse.close();
    }
  });

  it('refuses a stage that does not exist, naming the stages', async () => {
    const result = await closeloop(['run', '--config', configFile, '--stages', 'extract,deploy']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--stages: deploy is not a stage; the stages are extract, build, report, reverse, publish.');
  });
});
