import { isAbortedTransactionError, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { useWarehouseFixture } from './warehouse-fixture.ts';

const fixture = useWarehouseFixture();

async function runIds(db: Awaited<ReturnType<typeof fixture.openMigrated>>['db']): Promise<string[]> {
  const rows = await db.selectFrom('meta.runs').select('run_id').orderBy('run_id').execute();
  return rows.map((row) => row.run_id);
}

const asOf = new Date('2026-11-01T00:00:00Z');

describe('transactions', () => {
  it('commits every statement of a transaction that succeeds', async () => {
    const { db } = await fixture.openMigrated();
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('meta.runs').values({ run_id: 'r1', as_of: asOf, status: 'running' }).execute();
      await trx.updateTable('meta.runs').set({ status: 'succeeded', finished_at: new Date() }).where('run_id', '=', 'r1').execute();
    });
    expect(await db.selectFrom('meta.runs').select(['run_id', 'status']).execute()).toEqual([{ run_id: 'r1', status: 'succeeded' }]);
  });

  it('rolls everything back when the callback throws, DDL included', async () => {
    const { db } = await fixture.openMigrated();
    const failing = db.transaction().execute(async (trx) => {
      await trx.insertInto('meta.runs').values({ run_id: 'r1', as_of: asOf, status: 'running' }).execute();
      await sql`create table meta.scratch (a integer)`.execute(trx);
      throw new Error('stage failed');
    });
    await expect(failing).rejects.toThrow('stage failed');
    expect(await runIds(db)).toEqual([]);
    const tables = await db.introspection.getTables();
    expect(tables.map((table) => table.name)).not.toContain('scratch');
  });

  it('keeps uncommitted writes invisible to other queries until commit', async () => {
    const { db } = await fixture.openMigrated();
    let seenDuring: string[] = ['not checked'];
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('meta.runs').values({ run_id: 'r1', as_of: asOf, status: 'running' }).execute();
      seenDuring = await runIds(db);
    });
    expect(seenDuring).toEqual([]);
    expect(await runIds(db)).toEqual(['r1']);
  });

  it('refuses to report success when a failed statement made DuckDB abort the transaction', async () => {
    const { db } = await fixture.openMigrated();
    const outcome = db.transaction().execute(async (trx) => {
      await trx.insertInto('meta.runs').values({ run_id: 'r1', as_of: asOf, status: 'running' }).execute();
      const duplicate = trx.insertInto('meta.runs').values({ run_id: 'r1', as_of: asOf, status: 'running' }).execute();
      await expect(duplicate).rejects.toThrow(/PRIMARY KEY or UNIQUE constraint violation/);
    });
    const error = await outcome.catch((reason: unknown) => reason);
    expect(isAbortedTransactionError(error)).toBe(true);
    expect(await runIds(db)).toEqual([]);
    await db.insertInto('meta.runs').values({ run_id: 'r2', as_of: asOf, status: 'running' }).execute();
    expect(await runIds(db)).toEqual(['r2']);
  });

  it('supports read-only transactions and explains that isolation levels are fixed', async () => {
    const { db } = await fixture.openMigrated();
    const write = db
      .transaction()
      .setAccessMode('read only')
      .execute((trx) => trx.insertInto('meta.runs').values({ run_id: 'r1', as_of: asOf, status: 'running' }).execute());
    await expect(write).rejects.toThrow(/read-only/);
    const serializable = db.transaction().setIsolationLevel('serializable').execute(async () => undefined);
    await expect(serializable).rejects.toThrow(/always use snapshot isolation/);
  });
});
