import { lstatSync, mkdirSync, readdirSync, readlinkSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { publishWarehouse } from '../../warehouse/publish-warehouse.ts';
import { publishedPaths } from '../../warehouse/publish-paths.ts';
import type { Warehouse } from '../../warehouse/warehouse.ts';
import { useWarehouseFixture } from './warehouse-fixture.ts';
import { seededWarehouse, setVersion } from './publish-fixture.ts';

const fixture = useWarehouseFixture();


async function rows(warehouse: Warehouse, query: string): Promise<Record<string, unknown>[]> {
  return warehouse.withConnection(async (c) => (await c.runAndReadAll(query)).getRowObjectsJson());
}

function publishFolder(name: string): string {
  return path.join(path.dirname(fixture.newPath()), name);
}

describe('publishWarehouse', () => {
  it('publishes every schema as a read-only DuckDB file and every mart as Parquet equal to it', async () => {
    const warehouse = await seededWarehouse(() => fixture.open(fixture.newPath('job')), 200000);
    const dir = publishFolder('published-complete');
    const result = await publishWarehouse(warehouse, { dir, parquet: true });

    expect(result).toMatchObject({ file: path.join(dir, 'closeloop.duckdb'), parquetDir: path.join(dir, 'parquet'), tables: 4 });
    expect(result.bytes).toBeGreaterThan(statSync(result.file).size);
    expect(statSync(result.file).mode & 0o777).toBe(0o440);
    const published = await fixture.open(result.file, { readOnly: true });
    expect(await rows(published, 'SELECT count(*)::INTEGER AS n FROM raw.events')).toEqual([{ n: 200000 }]);
    expect(await rows(published, "SELECT table_schema || '.' || table_name AS t FROM information_schema.tables ORDER BY 1")).toEqual(
      ['mart.a', 'mart.b', 'meta.runs', 'raw.events'].map((t) => ({ t })),
    );

    expect(lstatSync(result.parquetDir!).isSymbolicLink()).toBe(true);
    expect(readdirSync(result.parquetDir!).sort()).toEqual(['a.parquet', 'b.parquet']);
    for (const table of ['a', 'b']) {
      const file = path.join(result.parquetDir!, `${table}.parquet`);
      expect(statSync(file).mode & 0o777).toBe(0o440);
      const difference = `(SELECT * FROM mart.${table} EXCEPT ALL SELECT * FROM read_parquet('${file}'))
        UNION ALL (SELECT * FROM read_parquet('${file}') EXCEPT ALL SELECT * FROM mart.${table})`;
      expect(await rows(published, `SELECT count(*)::INTEGER AS n FROM (${difference})`)).toEqual([{ n: 0 }]);
    }
    expect(readdirSync(dir).filter((name) => name.includes('tmp'))).toEqual([]);
  });

  it('replaces the copy on each publish, keeps only the current and previous Parquet exports, and drops them when Parquet is turned off', async () => {
    const warehouse = await seededWarehouse(() => fixture.open(fixture.newPath('job')), 200000);
    const dir = publishFolder('published-replaced');
    const versionsSeen: string[] = [];
    for (let version = 1; version <= 3; version += 1) {
      await setVersion(warehouse, version);
      await publishWarehouse(warehouse, { dir, parquet: true });
      versionsSeen.push(readlinkSync(path.join(dir, 'parquet')));
    }
    expect(new Set(versionsSeen).size).toBe(3);
    expect(readdirSync(dir).sort()).toEqual([versionsSeen[1], versionsSeen[2], 'closeloop.duckdb', 'parquet'].sort());
    const published = await fixture.open(path.join(dir, 'closeloop.duckdb'), { readOnly: true });
    expect(await rows(published, 'SELECT DISTINCT version FROM mart.b')).toEqual([{ version: 3 }]);
    await published.close();

    const result = await publishWarehouse(warehouse, { dir, parquet: false });
    expect(result.parquetDir).toBeUndefined();
    expect(readdirSync(dir)).toEqual(['closeloop.duckdb']);
  });

  it('leaves no temp file or export behind, and what was there untouched, when publishing fails', async () => {
    const warehouse = await seededWarehouse(() => fixture.open(fixture.newPath('job')), 200000);
    const dir = publishFolder('published-blocked');
    // A folder where the published file belongs makes the final rename fail after the copy and the Parquet export were built.
    mkdirSync(path.join(dir, 'closeloop.duckdb'), { recursive: true });
    writeFileSync(path.join(dir, 'closeloop.duckdb', 'keep.txt'), 'not ours');
    await expect(publishWarehouse(warehouse, { dir, parquet: true })).rejects.toThrow(/Publishing the analysts' copy to .* failed: .*The previous copy is unchanged/);
    expect(readdirSync(dir)).toEqual(['closeloop.duckdb']);
    expect(readdirSync(path.join(dir, 'closeloop.duckdb'))).toEqual(['keep.txt']);
  });

  it('refuses a parquet folder that is not its own link, keeping the DuckDB copy and no export behind', async () => {
    const warehouse = await seededWarehouse(() => fixture.open(fixture.newPath('job')), 200000);
    const dir = publishFolder('published-foreign-parquet');
    mkdirSync(path.join(dir, 'parquet'), { recursive: true });
    await expect(publishWarehouse(warehouse, { dir, parquet: true })).rejects.toThrow(/parquet is a real folder, not the link closeloop publishes/);
    expect(readdirSync(dir).sort()).toEqual(['closeloop.duckdb', 'parquet']);
  });

  it('refuses to publish the warehouse over its own file', async () => {
    const dir = publishFolder('job-in-publish-folder');
    mkdirSync(dir);
    const own = await fixture.open(path.join(dir, 'closeloop.duckdb'));
    await expect(publishWarehouse(own, { dir, parquet: false })).rejects.toThrow(/over itself: set publish\.dir/);
  });

  it('resolves the published paths relative to the config file', () => {
    expect(publishedPaths('/srv/job/closeloop.json', { publish: { dir: 'published', parquet: true } })).toEqual({
      dir: '/srv/job/published',
      file: '/srv/job/published/closeloop.duckdb',
      parquetDir: '/srv/job/published/parquet',
    });
    expect(publishedPaths('conf/c.json', { publish: { dir: '/data/pub', parquet: false } })).toEqual({ dir: '/data/pub', file: '/data/pub/closeloop.duckdb' });
  });
});
