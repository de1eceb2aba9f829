import { statSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { acquireInstance, instanceUsers } from '../../warehouse/duckdb-instance.ts';
import { migrateWarehouse } from '../../warehouse/migrate.ts';
import { WarehouseQueryError } from '../../warehouse/warehouse-query-error.ts';
import { useWarehouseFixture } from './warehouse-fixture.ts';

const fixture = useWarehouseFixture();

function permissions(file: string): number {
  return statSync(file).mode & 0o777;
}

describe('one DuckDB instance per file per process', () => {
  it('hands every opener of a file the same instance, also through another spelling of the path', async () => {
    const file = fixture.newPath();
    const first = await acquireInstance(file, { readOnly: false });
    const link = path.join(path.dirname(file), 'link-to-first.duckdb');
    symlinkSync(file, link);
    const second = await acquireInstance(link, { readOnly: false });
    const third = await acquireInstance(path.join(path.dirname(file), '.', path.basename(file)), { readOnly: false });
    try {
      expect(second.instance).toBe(first.instance);
      expect(third.instance).toBe(first.instance);
      expect(instanceUsers(file)).toBe(3);
    } finally {
      first.release();
      second.release();
      third.release();
    }
    expect(instanceUsers(file)).toBe(0);
  });

  it('loses no writes when two handles on one file write at the same time', async () => {
    const file = fixture.newPath();
    const a = await fixture.open(file);
    const b = await fixture.open(file);
    await sql`create table events (source varchar, n integer)`.execute(a.db);
    const insertRows = (source: string) =>
      Array.from({ length: 50 }, (_, n) => sql`insert into events values (${source}, ${n})`);
    await Promise.all([
      ...insertRows('a').map((statement) => statement.execute(a.db)),
      ...insertRows('b').map((statement) => statement.execute(b.db)),
      a.withConnection(async (connection) => {
        const appender = await connection.createAppender('events');
        for (let n = 0; n < 1000; n += 1) {
          appender.appendVarchar('appender');
          appender.appendInteger(n);
          appender.endRow();
        }
        appender.closeSync();
      }),
    ]);
    await a.close();
    await b.close();

    const reopened = await fixture.open(file, { readOnly: true });
    const { rows } = await sql<{ source: string; n: bigint }>`
      select source, count(*) as n from events group by source order by source`.execute(reopened.db);
    expect(rows).toEqual([
      { source: 'a', n: 50n },
      { source: 'appender', n: 1000n },
      { source: 'b', n: 50n },
    ]);
  });

  it('closes the instance after its last handle, so the file can then be opened read-only', async () => {
    const file = fixture.newPath();
    const a = await fixture.open(file);
    const b = await fixture.open(file);
    await a.close();
    expect(instanceUsers(file)).toBe(1);
    await expect(b.db.selectNoFrom(sql<number>`1`.as('one')).execute()).resolves.toEqual([{ one: 1 }]);
    await b.close();
    expect(instanceUsers(file)).toBe(0);
    const reader = await fixture.open(file, { readOnly: true });
    expect(reader.readOnly).toBe(true);
  });

  it('refuses to open a file read-only while this process has it open read-write', async () => {
    const file = fixture.newPath();
    await fixture.open(file);
    await expect(fixture.open(file, { readOnly: true })).rejects.toThrow(/already has it open read-write/);
  });

  it('gives every in-memory open its own private database', async () => {
    const a = await fixture.open(':memory:');
    const b = await fixture.open(':memory:');
    await sql`create table only_in_a (x integer)`.execute(a.db);
    const tables = async (warehouse: typeof a) => (await warehouse.db.introspection.getTables()).map((table) => table.name);
    expect(await tables(a)).toEqual(['only_in_a']);
    expect(await tables(b)).toEqual([]);
  });

  it('closes raw connections left open when the handle closes', async () => {
    const warehouse = await fixture.open(fixture.newPath());
    const closedByCaller = await warehouse.connection();
    closedByCaller.closeSync();
    const leftOpen = await warehouse.connection();
    await warehouse.close();
    await expect(leftOpen.run('select 1')).rejects.toThrow();
  });

  it('refuses a closed handle with a message saying so', async () => {
    const warehouse = await fixture.open(fixture.newPath());
    await warehouse.close();
    await expect(warehouse.connection()).rejects.toThrow(/is closed/);
    await expect(warehouse.db.selectNoFrom(sql<number>`1`.as('one')).execute()).rejects.toThrow();
  });
});

describe('warehouse files', () => {
  it('creates a new file readable by its owner only, and a missing folder private to the owner', async () => {
    const file = path.join(path.dirname(fixture.newPath()), 'nested-folder', 'warehouse.duckdb');
    await fixture.open(file);
    expect(permissions(file)).toBe(0o600);
    expect(permissions(path.dirname(file))).toBe(0o700);
  });

  it('opens a file read-only for queries and rejects writes with a clear error', async () => {
    const file = fixture.newPath();
    const writer = await fixture.open(file);
    await migrateWarehouse(writer.db);
    await writer.db.insertInto('meta.runs').values({ run_id: 'r1', as_of: new Date(), status: 'succeeded' }).execute();
    await writer.close();

    const reader = await fixture.open(file, { readOnly: true });
    expect(await reader.db.selectFrom('meta.runs').select('run_id').execute()).toEqual([{ run_id: 'r1' }]);
    const write = reader.db.insertInto('meta.runs').values({ run_id: 'r2', as_of: new Date(), status: 'running' }).execute();
    await expect(write).rejects.toBeInstanceOf(WarehouseQueryError);
    await expect(write).rejects.toThrow(/is open read-only and refuses writes/);
    await expect(reader.withConnection((connection) => connection.run('create table t (a integer)'))).rejects.toThrow(
      /read-only/,
    );
  });

  it('refuses to open a missing file read-only, naming the file', async () => {
    const file = fixture.newPath('missing');
    await expect(fixture.open(file, { readOnly: true })).rejects.toThrow(/read-only: the file does not exist/);
  });
});
