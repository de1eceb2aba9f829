import { CompiledQuery, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { DuckDBDriver } from '../../warehouse/duckdb-driver.ts';
import { acquireInstance } from '../../warehouse/duckdb-instance.ts';
import { useWarehouseFixture } from './warehouse-fixture.ts';

const fixture = useWarehouseFixture();

type NumbersSchema = { numbers: { n: bigint; amount: string } };

async function tenThousandRows() {
  const warehouse = await fixture.open(fixture.newPath());
  await sql`create table numbers as select range as n, (range / 100)::decimal(18, 2) as amount from range(10000)`.execute(
    warehouse.db,
  );
  return warehouse.db.withTables<NumbersSchema>();
}

describe('streaming', () => {
  it('streams a 10k-row query through Kysely with every row converted', async () => {
    const db = await tenThousandRows();
    let count = 0;
    let last: { n: bigint; amount: string } | undefined;
    for await (const row of db.selectFrom('numbers').select(['n', 'amount']).orderBy('n').stream(500)) {
      count += 1;
      last = row;
    }
    expect(count).toBe(10_000);
    expect(last).toEqual({ n: 9999n, amount: '99.99' });
  });

  it('delivers the rows in order, in chunks of at most the requested size', async () => {
    const file = fixture.newPath();
    const warehouse = await fixture.open(file);
    await sql`create table numbers as select range as n from range(10000)`.execute(warehouse.db);
    const lease = await acquireInstance(file, { readOnly: false });
    const driver = new DuckDBDriver({ instance: lease.instance, label: file, readOnly: false });
    try {
      const connection = await driver.acquireConnection();
      const chunkSizes: number[] = [];
      let expected = 0n;
      for await (const chunk of connection.streamQuery<{ n: bigint }>(CompiledQuery.raw('select n from numbers order by n'), 1000)) {
        chunkSizes.push(chunk.rows.length);
        for (const row of chunk.rows) {
          expect(row.n).toBe(expected);
          expected += 1n;
        }
      }
      expect(chunkSizes.length).toBeGreaterThanOrEqual(10);
      expect(Math.max(...chunkSizes)).toBeLessThanOrEqual(1000);
      expect(chunkSizes.reduce((sum, size) => sum + size, 0)).toBe(10_000);
      await driver.releaseConnection(connection);
    } finally {
      await driver.destroy();
      lease.release();
    }
  });

  it('lets the reader stop early, and the connection serves the next query', async () => {
    const db = await tenThousandRows();
    const firstRows: bigint[] = [];
    for await (const row of db.selectFrom('numbers').select('n').orderBy('n').stream(100)) {
      firstRows.push(row.n);
      if (firstRows.length === 3) break;
    }
    expect(firstRows).toEqual([0n, 1n, 2n]);
    const total = await db.selectFrom('numbers').select((eb) => eb.fn.countAll().as('rows')).executeTakeFirstOrThrow();
    expect(total.rows).toBe(10_000n);
  });
});

describe('streaming errors', () => {
  it('fails the stream when a late row fails, instead of ending early with part of the rows', async () => {
    const warehouse = await fixture.open(fixture.newPath());
    // Row 2,900,000 cannot be cast; a native DuckDB stream would already have handed out earlier chunks.
    const failingLate = warehouse.db
      .selectFrom(sql`range(3000000)`.as('r'))
      .select(sql<number>`case when range < 2900000 then range::integer else ('x' || range::varchar)::integer end`.as('n'));
    let received = 0;
    const consume = async () => {
      for await (const row of failingLate.stream(1000)) received += row.n >= 0 ? 1 : 0;
    };
    await expect(consume()).rejects.toThrow(/Could not convert string 'x2900000'/);
    expect(received).toBeLessThan(2_900_000);
  });
});
