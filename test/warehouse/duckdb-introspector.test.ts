import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { useWarehouseFixture } from './warehouse-fixture.ts';

const fixture = useWarehouseFixture();

const META_TABLES = ['api_calls', 'dead_letter', 'dq_exceptions', 'drift', 'master_ids', 'runs', 'sent_state', 'state', 'sync_in_flight', 'sync_log', 'xref_decisions'];

describe('DuckDB introspector', () => {
  it('lists the warehouse layer schemas', async () => {
    const { db } = await fixture.openMigrated();
    const schemas = (await db.introspection.getSchemas()).map((schema) => schema.name);
    expect(schemas).toEqual(expect.arrayContaining(['raw', 'stg', 'int', 'mart', 'meta', 'main']));
    expect(schemas).not.toContain('information_schema');
  });

  it('lists the meta tables with their columns, types, nullability and defaults', async () => {
    const { db } = await fixture.openMigrated();
    const tables = await db.introspection.getTables();
    const meta = tables.filter((table) => table.schema === 'meta');
    expect(meta.map((table) => table.name).sort()).toEqual(META_TABLES);

    const runs = meta.find((table) => table.name === 'runs');
    expect(runs?.isView).toBe(false);
    expect(runs?.columns.map((column) => column.name)).toEqual([
      'run_id', 'as_of', 'started_at', 'finished_at', 'status', 'stages', 'warnings',
    ]);
    const column = (name: string) => runs?.columns.find((candidate) => candidate.name === name);
    expect(column('as_of')).toMatchObject({ dataType: 'TIMESTAMP', isNullable: false, hasDefaultValue: false });
    expect(column('started_at')).toMatchObject({ hasDefaultValue: true, isAutoIncrementing: false });
    expect(column('finished_at')).toMatchObject({ isNullable: true });

    const deadLetter = meta.find((table) => table.name === 'dead_letter');
    expect(deadLetter?.columns[0]).toMatchObject({ name: 'dead_letter_id', dataType: 'BIGINT', isAutoIncrementing: true });
  });

  it("hides Kysely's migration tables unless asked for them", async () => {
    const { db } = await fixture.openMigrated();
    const names = async (withInternalKyselyTables: boolean) =>
      (await db.introspection.getTables({ withInternalKyselyTables })).map((table) => `${table.schema}.${table.name}`);
    expect(await names(false)).not.toContain('meta.kysely_migration');
    expect(await names(true)).toEqual(expect.arrayContaining(['meta.kysely_migration', 'meta.kysely_migration_lock']));
  });

  it('marks views, and leaves out tables of attached databases', async () => {
    const { db } = await fixture.openMigrated();
    await sql`create view mart.open_runs as select run_id from meta.runs where finished_at is null`.execute(db);
    await db.connection().execute(async (connection) => {
      await sql`attach ':memory:' as other`.execute(connection);
      await sql`create table other.main.foreign_table (a integer)`.execute(connection);
      const tables = await connection.introspection.getTables();
      expect(tables.find((table) => table.name === 'open_runs')).toMatchObject({ schema: 'mart', isView: true });
      expect(tables.map((table) => table.name)).not.toContain('foreign_table');
      await sql`detach other`.execute(connection);
    });
  });
});
