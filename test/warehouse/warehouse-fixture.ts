import path from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { migrateWarehouse } from '../../warehouse/migrate.ts';
import { openWarehouse, type OpenWarehouseOptions, type Warehouse } from '../../warehouse/warehouse.ts';
import { makeTempDir, removeDir } from '../support/dataset-files.ts';

/**
 * Per test file: a temp dir; per test: warehouses opened through `open`/`openMigrated` are
 * closed afterwards. Files get unique names so tests never share state.
 */
export function useWarehouseFixture() {
  let dir = '';
  let counter = 0;
  const opened: Warehouse[] = [];

  beforeAll(async () => {
    dir = await makeTempDir('closeloop-warehouse-');
  });
  afterEach(async () => {
    for (const warehouse of opened.splice(0)) await warehouse.close();
  });
  afterAll(async () => {
    await removeDir(dir);
  });

  const fixture = {
    /** A fresh file path in the temp dir (not created). */
    newPath(name = 'warehouse'): string {
      counter += 1;
      return path.join(dir, `${name}-${counter}.duckdb`);
    },
    async open(file: string, options: OpenWarehouseOptions = {}): Promise<Warehouse> {
      const warehouse = await openWarehouse(file, options);
      opened.push(warehouse);
      return warehouse;
    },
    /** A new migrated warehouse file, open read-write. */
    async openMigrated(): Promise<Warehouse> {
      const warehouse = await fixture.open(fixture.newPath());
      await migrateWarehouse(warehouse.db);
      return warehouse;
    },
  };
  return fixture;
}
