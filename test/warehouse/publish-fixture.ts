import type { Warehouse } from '../../warehouse/warehouse.ts';

/**
 * A job warehouse with a raw table (big enough that a publish takes a while) and two marts whose
 * amounts always add up to the same total, so a reader can tell a consistent state from a mix.
 */
export async function seededWarehouse(open: () => Promise<Warehouse>, rawRows: number): Promise<Warehouse> {
  const warehouse = await open();
  await warehouse.withConnection(async (c) => {
    await c.run('CREATE SCHEMA raw; CREATE SCHEMA mart; CREATE SCHEMA meta');
    await c.run(`CREATE TABLE raw.events AS SELECT range AS id, md5(range::VARCHAR) AS payload FROM range(${rawRows})`);
    await c.run('CREATE TABLE mart.a (version INTEGER, amount BIGINT)');
    await c.run('CREATE TABLE mart.b (version INTEGER, amount BIGINT, note VARCHAR)');
    await c.run('CREATE TABLE meta.runs (run_id VARCHAR)');
  });
  await setVersion(warehouse, 0);
  return warehouse;
}

/** Rewrites both marts for `version` in one transaction: sum(a) = sum(b) = 1000 × (version + 1). */
export async function setVersion(warehouse: Warehouse, version: number): Promise<void> {
  await warehouse.withConnection(async (c) => {
    await c.run('BEGIN');
    await c.run('DELETE FROM mart.a; DELETE FROM mart.b');
    await c.run(`INSERT INTO mart.a SELECT ${version}, ${version + 1} FROM range(1000)`);
    await c.run(`INSERT INTO mart.b SELECT ${version}, 100 * ${version + 1}, 'v' || range FROM range(10)`);
    await c.run('COMMIT');
  });
}
