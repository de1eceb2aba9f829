import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { migrateWarehouse } from '../../warehouse/migrate.ts';
import { openWarehouse } from '../../warehouse/warehouse.ts';
import { makeTempDir, removeDir } from '../support/dataset-files.ts';

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map(removeDir)));

function permissions(file: string): string {
  return (statSync(file).mode & 0o777).toString(8);
}

describe('warehouse files hold customer and billing data: only their owner may read them', () => {
  // DuckDB creates `<file>.wal` (and the `<file>.tmp` spill folder) later, under the process umask:
  // opening a warehouse read-write narrows the umask to owner-only.
  it('creates the database file, its folder and its write-ahead log owner-only', async () => {
    const dir = await makeTempDir();
    dirs.push(dir);
    const file = path.join(dir, 'nested', 'warehouse.duckdb');
    const warehouse = await openWarehouse(file);
    try {
      await migrateWarehouse(warehouse.db);
      await warehouse.db.insertInto('meta.runs').values({ run_id: 'run-1', as_of: new Date(), status: 'running' }).execute();
      const wal = `${file}.wal`;
      expect(existsSync(wal), 'an uncheckpointed write leaves a .wal beside the file').toBe(true);
      const modes = Object.fromEntries(readdirSync(path.dirname(file)).map((name) => [name, permissions(path.join(path.dirname(file), name))]));
      expect({ folder: permissions(path.dirname(file)), ...modes }).toEqual({ folder: '700', 'warehouse.duckdb': '600', 'warehouse.duckdb.wal': '600' });
    } finally {
      await warehouse.close();
    }
  });
});
