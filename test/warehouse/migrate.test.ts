import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import { describe, expect, it } from 'vitest';
import { migrateWarehouse } from '../../warehouse/migrate.ts';
import { warehouseMigrations } from '../../warehouse/migrations/warehouse-migrations.ts';
import { useWarehouseFixture } from './warehouse-fixture.ts';

const fixture = useWarehouseFixture();

const META_COLUMNS: Record<string, string[]> = {
  runs: ['run_id', 'as_of', 'started_at', 'finished_at', 'status', 'stages', 'warnings'],
  state: ['source', 'stream', 'cursor', 'updated_at', 'run_id'],
  api_calls: ['run_id', 'system', 'method', 'endpoint', 'status', 'duration_ms', 'called_at', 'retry', 'error'],
  sent_state: ['system', 'object', 'record_id', 'field', 'value', 'sent_at', 'run_id'],
  sync_log: ['run_id', 'system', 'object', 'record_id', 'field_group', 'old_values', 'new_values', 'status', 'error_code', 'error_message', 'logged_at'],
  dead_letter: ['dead_letter_id', 'run_id', 'system', 'object', 'record_id', 'payload', 'reason_code', 'message', 'failed_at', 'resolved_at'],
  dq_exceptions: ['run_id', 'source', 'stream', 'record_id', 'field', 'reason_code', 'detail', 'raw', 'detected_at'],
  xref_decisions: ['left_system', 'left_id', 'right_system', 'right_id', 'decision', 'decided_by', 'decided_at', 'note'],
  master_ids: ['system', 'source_id', 'master_id', 'assigned_at'],
  sync_in_flight: ['run_id', 'system', 'object', 'record_id', 'field', 'value', 'queued_at'],
  drift: ['run_id', 'system', 'object', 'record_id', 'field', 'last_sent', 'crm_value', 'overwritten_with', 'detected_at'],
};

async function schemaNames<DB>(db: Kysely<DB>): Promise<string[]> {
  const { rows } = await sql<{ schema_name: string }>`
    select schema_name from information_schema.schemata where catalog_name = current_database()`.execute(db);
  return rows.map((row) => row.schema_name);
}

describe('warehouse migrations', () => {
  it('creates every layer schema and meta table, and a second run applies nothing', async () => {
    const warehouse = await fixture.open(fixture.newPath());
    const first = await migrateWarehouse(warehouse.db);
    expect(first.applied).toEqual(Object.keys(warehouseMigrations));
    const second = await migrateWarehouse(warehouse.db);
    expect(second.applied).toEqual([]);

    expect(await schemaNames(warehouse.db)).toEqual(expect.arrayContaining(['raw', 'stg', 'int', 'mart', 'meta']));
    const { rows } = await sql<{ table_name: string; column_name: string }>`
      select table_name, column_name from information_schema.columns
      where table_schema = 'meta' and table_name not like 'kysely%'
      order by table_name, ordinal_position`.execute(warehouse.db);
    const columnsByTable: Record<string, string[]> = {};
    for (const row of rows) (columnsByTable[row.table_name] ??= []).push(row.column_name);
    expect(columnsByTable).toEqual(META_COLUMNS);
  });

  it('lets analysts name every meta column without quoting it', async () => {
    const { db } = await fixture.openMigrated();
    for (const [table, columns] of Object.entries(META_COLUMNS)) {
      await expect(sql.raw(`select ${columns.join(', ')} from meta.${table}`).execute(db)).resolves.toBeDefined();
    }
  });

  it('fills defaults: UTC timestamps, JSON {} and [], retry 0, increasing dead-letter ids', async () => {
    const warehouse = await fixture.openMigrated();
    const { db } = warehouse;
    const before = Date.now();
    await db.insertInto('meta.runs').values({ run_id: 'r1', as_of: new Date('2026-11-01T00:00:00Z'), status: 'running' }).execute();
    const run = await db.selectFrom('meta.runs').selectAll().executeTakeFirstOrThrow();
    expect(run).toMatchObject({ stages: {}, warnings: [], finished_at: null });
    // Generous bounds: the default must be the current UTC instant, not local time hours away.
    expect(Math.abs(run.started_at.getTime() - before)).toBeLessThan(60_000);

    await db.insertInto('meta.api_calls').values({ system: 'salesforce', method: 'GET', endpoint: '/query', status: 200, duration_ms: 12 }).execute();
    expect(await db.selectFrom('meta.api_calls').select('retry').executeTakeFirstOrThrow()).toEqual({ retry: 0 });

    const letter = { run_id: 'r1', system: 'hubspot', object: 'companies', record_id: '5012', payload: '{}', reason_code: 'VALIDATION', message: 'bad' };
    const ids = await db.insertInto('meta.dead_letter').values([letter, letter]).returning('dead_letter_id').execute();
    expect(ids).toEqual([{ dead_letter_id: 1n }, { dead_letter_id: 2n }]);

    const timeZones = await warehouse.withConnection(async (connection) =>
      (await connection.runAndReadAll("select current_setting('TimeZone') as tz")).getRowObjectsJS(),
    );
    expect(timeZones).toEqual([{ tz: 'UTC' }]);
  });

  it('keeps one cursor per source and stream, and accepts only confirm or reject as a match decision', async () => {
    const { db } = await fixture.openMigrated();
    const cursor = (source: string, value: string) => ({ source, stream: 'Account', cursor: JSON.stringify({ since: value }) });
    await db.insertInto('meta.state').values(cursor('salesforce', 'a')).execute();
    await db
      .insertInto('meta.state')
      .values(cursor('salesforce', 'b'))
      .onConflict((oc) => oc.columns(['source', 'stream']).doUpdateSet({ cursor: JSON.stringify({ since: 'b' }) }))
      .execute();
    expect(await db.selectFrom('meta.state').select(['source', 'cursor']).execute()).toEqual([
      { source: 'salesforce', cursor: { since: 'b' } },
    ]);

    const decision = { left_system: 'salesforce', left_id: '001', right_system: 'netsuite', right_id: '1043', decided_by: 'ana' };
    await db.insertInto('meta.xref_decisions').values({ ...decision, decision: 'confirm' }).execute();
    const invalid = sql`insert into meta.xref_decisions (left_system, left_id, right_system, right_id, decision, decided_by)
      values ('salesforce', '001', 'netsuite', '1043', 'maybe', 'ana')`.execute(db);
    await expect(invalid).rejects.toThrow(/CHECK constraint/);
  });

  it('applies nothing when one pending migration fails, and names it', async () => {
    const warehouse = await fixture.open(fixture.newPath());
    const broken: Migration = {
      async up(db: Kysely<unknown>) {
        await sql`create table meta.half_done (a integer)`.execute(db);
        await sql`select * from meta.no_such_table`.execute(db);
      },
    };
    const migrations = { ...warehouseMigrations, '9999_broken': broken };
    await expect(migrateWarehouse(warehouse.db, migrations)).rejects.toThrow(/migration 9999_broken failed.*no_such_table/s);
    // The migrator creates meta itself for its bookkeeping; everything the migrations made is gone.
    expect(await schemaNames(warehouse.db)).not.toContain('raw');
    const tables = await warehouse.db.introspection.getTables();
    expect(tables.map((table) => table.name)).toEqual([]);
    expect((await migrateWarehouse(warehouse.db)).applied).toEqual(Object.keys(warehouseMigrations));
  });

  it('lets two handles on one file migrate at the same time', async () => {
    const file = fixture.newPath();
    const [a, b] = [await fixture.open(file), await fixture.open(file)];
    const [resultA, resultB] = await Promise.all([migrateWarehouse(a.db), migrateWarehouse(b.db)]);
    expect([...resultA.applied, ...resultB.applied]).toEqual(Object.keys(warehouseMigrations));
  });
});
