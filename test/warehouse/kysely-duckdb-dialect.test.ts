import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useWarehouseFixture } from './warehouse-fixture.ts';
import type { Warehouse } from '../../warehouse/warehouse.ts';

const fixture = useWarehouseFixture();

// Type aliases, not interfaces: Kysely's withTables needs an index-signature-compatible shape.
type InvoiceTable = {
  id: bigint;
  customer: string;
  amount: string;
  issued_on: string;
  created_at: Date;
  tags: string[] | null;
};

type TestSchema = {
  invoices: InvoiceTable;
};

async function invoicesWarehouse() {
  const warehouse = await fixture.open(fixture.newPath());
  await warehouse.db.schema
    .createTable('invoices')
    .addColumn('id', 'bigint', (col) => col.primaryKey())
    .addColumn('customer', 'varchar', (col) => col.notNull())
    .addColumn('amount', 'decimal(18, 2)', (col) => col.notNull())
    .addColumn('issued_on', 'date', (col) => col.notNull())
    .addColumn('created_at', 'timestamp', (col) => col.notNull())
    .addColumn('tags', sql`varchar[]`)
    .execute();
  return { warehouse, db: warehouse.db.withTables<TestSchema>() };
}

function invoice(id: bigint, amount: string, customer = 'Acme'): Omit<InvoiceTable, 'tags'> {
  return { id, customer, amount, issued_on: '2026-10-31', created_at: new Date('2026-11-01T09:30:00.250Z') };
}

async function scalar<T>(warehouse: Warehouse, expression: ReturnType<typeof sql<T>>): Promise<T> {
  const row = await warehouse.db.selectNoFrom(expression.as('value')).executeTakeFirstOrThrow();
  return row.value as T;
}

describe('Kysely queries through the DuckDB dialect', () => {
  it('compiles Postgres-style SQL with $n parameters and "quoted" identifiers', async () => {
    const { db } = await invoicesWarehouse();
    const query = db.selectFrom('invoices').select(['id', 'amount']).where('customer', '=', 'Acme').orderBy('id');
    expect(query.compile().sql).toBe('select "id", "amount" from "invoices" where "customer" = $1 order by "id"');
    expect(query.compile().parameters).toEqual(['Acme']);
  });

  it('inserts, selects, updates and deletes rows, reporting the affected counts', async () => {
    const { db } = await invoicesWarehouse();
    const inserted = await db.insertInto('invoices').values([invoice(1n, '100.00'), invoice(2n, '250.50', 'Globex')]).executeTakeFirst();
    expect(inserted.numInsertedOrUpdatedRows).toBe(2n);

    const updated = await db.updateTable('invoices').set({ amount: '99.99' }).where('customer', '=', 'Acme').executeTakeFirst();
    expect(updated.numUpdatedRows).toBe(1n);

    expect(await db.selectFrom('invoices').select(['id', 'customer', 'amount']).orderBy('id').execute()).toEqual([
      { id: 1n, customer: 'Acme', amount: '99.99' },
      { id: 2n, customer: 'Globex', amount: '250.50' },
    ]);

    const deleted = await db.deleteFrom('invoices').where('id', '=', 2n).executeTakeFirst();
    expect(deleted.numDeletedRows).toBe(1n);
    expect(await db.selectFrom('invoices').select('id').execute()).toEqual([{ id: 1n }]);
  });

  it('returns rows from insert/update ... returning, and upserts with on conflict', async () => {
    const { db } = await invoicesWarehouse();
    const returned = await db.insertInto('invoices').values(invoice(1n, '10.00')).returning(['id', 'amount']).execute();
    expect(returned).toEqual([{ id: 1n, amount: '10.00' }]);

    await db
      .insertInto('invoices')
      .values(invoice(1n, '12.00', 'Acme Corp'))
      .onConflict((oc) => oc.column('id').doUpdateSet({ customer: 'Acme Corp', amount: '12.00' }))
      .execute();
    const updated = await db.updateTable('invoices').set({ amount: '13.00' }).returning('amount').executeTakeFirstOrThrow();
    expect(updated).toEqual({ amount: '13.00' });
    expect(await db.selectFrom('invoices').select('customer').execute()).toEqual([{ customer: 'Acme Corp' }]);
  });

  it('returns the rows of a count aliased "count" (a result is never mistaken for an affected-row count)', async () => {
    const { db } = await invoicesWarehouse();
    await db.insertInto('invoices').values([invoice(1n, '1.00'), invoice(2n, '2.00')]).execute();
    const row = await db.selectFrom('invoices').select((eb) => eb.fn.countAll().as('count')).executeTakeFirstOrThrow();
    expect(row).toEqual({ count: 2n });
  });
});

describe('value mapping', () => {
  // A zone far from UTC, so any local-time conversion would show.
  const originalTimeZone = process.env.TZ;
  beforeAll(() => {
    process.env.TZ = 'America/New_York';
  });
  afterAll(() => {
    if (originalTimeZone === undefined) delete process.env.TZ;
    else process.env.TZ = originalTimeZone;
  });

  it('binds a JS Date as a UTC TIMESTAMP and reads it back as the same instant', async () => {
    const { db } = await invoicesWarehouse();
    const createdAt = new Date('2026-03-29T01:30:00.123Z');
    expect(createdAt.getTimezoneOffset()).not.toBe(0);
    await db.insertInto('invoices').values({ ...invoice(1n, '1.00'), created_at: createdAt }).execute();
    const row = await db
      .selectFrom('invoices')
      .select(['created_at', sql<string>`strftime(created_at, '%Y-%m-%d %H:%M:%S.%g')`.as('wall_clock')])
      .where('created_at', '=', createdAt)
      .executeTakeFirstOrThrow();
    expect(row.created_at).toBeInstanceOf(Date);
    expect(row.created_at.toISOString()).toBe('2026-03-29T01:30:00.123Z');
    expect(row.wall_clock).toBe('2026-03-29 01:30:00.123');
  });

  it('keeps DECIMAL(18,2) exact as strings, also for sums and the largest values', async () => {
    const { warehouse, db } = await invoicesWarehouse();
    await db.insertInto('invoices').values([invoice(1n, '0.10'), invoice(2n, '0.20'), invoice(3n, '9999999999999999.99')]).execute();
    const sum = await db
      .selectFrom('invoices')
      .select((eb) => eb.fn.sum<string>('amount').as('total'))
      .where('id', 'in', [1n, 2n])
      .executeTakeFirstOrThrow();
    expect(sum.total).toBe('0.30');
    const largest = await db.selectFrom('invoices').select('amount').where('id', '=', 3n).executeTakeFirstOrThrow();
    expect(largest.amount).toBe('9999999999999999.99');
    expect(await scalar(warehouse, sql<string>`(0.1 + 0.2)::decimal(18, 2)`)).toBe('0.30');
    expect(await scalar(warehouse, sql<string>`(-5)::decimal(18, 2)`)).toBe('-5.00');
  });

  it('passes BIGINT values beyond 2^53 through exactly, both ways', async () => {
    const { db } = await invoicesWarehouse();
    const huge = 2n ** 62n + 1n;
    await db.insertInto('invoices').values(invoice(huge, '1.00')).execute();
    const row = await db.selectFrom('invoices').select('id').where('id', '=', huge).executeTakeFirstOrThrow();
    expect(row.id).toBe(4611686018427387905n);
  });

  it('reads DATE as a YYYY-MM-DD string, JSON parsed, and lists item by item', async () => {
    const { warehouse, db } = await invoicesWarehouse();
    await db.insertInto('invoices').values({ ...invoice(1n, '1.00'), tags: ['a', 'b'] }).execute();
    expect(await db.selectFrom('invoices').select(['issued_on', 'tags']).executeTakeFirstOrThrow()).toEqual({
      issued_on: '2026-10-31',
      tags: ['a', 'b'],
    });
    expect(await scalar(warehouse, sql`${JSON.stringify({ stage: 'extract', pages: [1, 2] })}::json`)).toEqual({
      stage: 'extract',
      pages: [1, 2],
    });
    expect(await scalar(warehouse, sql`[1.50, 2.25]::decimal(18, 2)[]`)).toEqual(['1.50', '2.25']);
  });

  it('refuses a plain object parameter and tells to pass JSON text', async () => {
    const { warehouse } = await invoicesWarehouse();
    await expect(scalar(warehouse, sql`${{ a: 1 }}::json`)).rejects.toThrow(/parameter \$1 is a plain object.*JSON\.stringify/);
  });
});
