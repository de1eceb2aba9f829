import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { buildModels } from '../../../models/runner/build-models.ts';
import { acceptedValues, expression, notNull, relationship, unique } from '../../../models/runner/data-tests.ts';
import { defineModel, type ModelDefinition } from '../../../models/runner/model-definition.ts';
import { assertBuildable, compileModelGraph } from '../../../models/runner/model-graph.ts';
import { readSourceTables } from '../../../models/runner/warehouse-tables.ts';
import type { Warehouse } from '../../../warehouse/warehouse.ts';
import { useWarehouseFixture } from '../../warehouse/warehouse-fixture.ts';
import { martCustomerOrders, seedRawTables, stgCustomers, stgOrders, stubModel } from './model-fixtures.ts';

const fixture = useWarehouseFixture();
const asOf = new Date('2026-11-01T00:00:00Z');

async function build(warehouse: Warehouse, models: ModelDefinition[], select?: Set<string>) {
  const plan = compileModelGraph(models, { db: warehouse.db, asOf, sources: await readSourceTables(warehouse.db) });
  assertBuildable(plan);
  return buildModels(warehouse.db, plan, { select });
}

async function rows(warehouse: Warehouse, query: string): Promise<Record<string, unknown>[]> {
  return (await sql.raw<Record<string, unknown>>(query).execute(warehouse.db)).rows;
}

describe('buildModels', () => {
  it('runs after-build steps once the model and its tests passed, prints their notes, and skips them on request', async () => {
    const warehouse = await fixture.openMigrated();
    await seedRawTables(warehouse);
    await sql`CREATE TABLE meta.order_snapshots (orders BIGINT)`.execute(warehouse.db);
    const recorded = { ...martCustomerOrders, afterBuild: async (db: typeof warehouse.db) => {
      await sql`INSERT INTO meta.order_snapshots SELECT sum(order_count) FROM mart.customer_orders`.execute(db);
      return ['recorded the order count'];
    } };
    const plan = compileModelGraph([stgOrders, stgCustomers, recorded], { db: warehouse.db, asOf, sources: await readSourceTables(warehouse.db) });
    const first = await buildModels(warehouse.db, plan);
    expect(first.models.find((m) => m.name === 'mart.customer_orders')?.notes).toEqual(['recorded the order count']);
    await buildModels(warehouse.db, plan, { skipAfterBuild: true });
    expect(await rows(warehouse, 'SELECT orders FROM meta.order_snapshots')).toEqual([{ orders: 2n }]);
  });

  it('builds tables in dependency order with the as-of time bound, and the tests pass', async () => {
    const warehouse = await fixture.openMigrated();
    await seedRawTables(warehouse);
    const result = await build(warehouse, [martCustomerOrders, stgOrders, stgCustomers]);
    expect(result.models.map((m) => [m.name, m.status, m.rowCount])).toEqual([
      ['stg.customers', 'built', 2],
      ['stg.orders', 'built', 2],
      ['mart.customer_orders', 'built', 2],
    ]);
    // The 2026-11-05 version of o1 is after the as-of time, so the open version stands.
    expect(await rows(warehouse, 'SELECT order_id, status, amount FROM stg.orders ORDER BY order_id')).toEqual([
      { order_id: 'o1', status: 'open', amount: 100 },
      { order_id: 'o2', status: 'open', amount: 40 },
    ]);
    expect(result.tests.filter((t) => t.status !== 'passed')).toEqual([]);
    expect(result.tests).toHaveLength(2 + 4 + 2);
    expect(result.ok).toBe(true);
  });

  it('reports each kind of failing data test with its failing-row count and a sample', async () => {
    const warehouse = await fixture.openMigrated();
    await seedRawTables(warehouse);
    const broken = defineModel({
      name: 'mart.broken',
      description: 'Rows that break every test.',
      key: [],
      dependsOn: ['stg.customers'],
      columns: { id: 'Not unique.', customer_id: 'Some unknown.', status: 'Some unexpected.', amount: 'Some negative.' },
      tests: [
        unique('id'),
        notNull('status'),
        relationship('customer_id', 'stg.customers', 'customer_id'),
        acceptedValues('status', ['open', 'closed']),
        expression('amount is not negative', 'amount >= 0'),
      ],
      query: () => sql`SELECT * FROM (VALUES (1, 'c1', 'open', 5), (1, 'c9', 'lost', -1), (2, 'c8', NULL, NULL))
        AS t(id, customer_id, status, amount)`,
    });
    const result = await build(warehouse, [stgCustomers, broken]);
    const failing = result.tests.filter((t) => t.model === 'mart.broken').map((t) => [t.name.slice('mart.broken: '.length), t.status, t.failingRows]);
    expect(failing).toEqual([
      ['unique(id)', 'failed', 1],
      ['not_null(status)', 'failed', 1],
      ['relationship(customer_id -> stg.customers.customer_id)', 'failed', 2],
      ['accepted_values(status: "open", "closed")', 'failed', 1],
      ['expression(amount is not negative: amount >= 0)', 'failed', 2],
    ]);
    expect(result.tests.find((t) => t.name.includes('accepted_values'))?.sample).toEqual([{ id: 1, customer_id: 'c9', status: 'lost', amount: -1 }]);
    expect(result.ok).toBe(false);
  });

  it('skips only the dependents of a failing model', async () => {
    const warehouse = await fixture.openMigrated();
    const failing = defineModel({ ...stubModel('stg.bad'), query: () => sql`SELECT no_such_column FROM (SELECT 1 AS id)` });
    const result = await build(warehouse, [failing, stubModel('int.after_bad', ['stg.bad']), stubModel('mart.last', ['int.after_bad']), stubModel('stg.good')]);
    expect(result.models.map((m) => [m.name, m.status])).toEqual([
      ['stg.bad', 'failed'],
      ['stg.good', 'built'],
      ['int.after_bad', 'skipped'],
      ['mart.last', 'skipped'],
    ]);
    expect(result.models[0]?.message).toContain('no_such_column');
    expect(result.models[3]?.message).toContain('int.after_bad');
    expect(result.tests.filter((t) => t.model === 'stg.good').map((t) => t.status)).toEqual(['passed', 'passed']);
    expect(result.tests.filter((t) => t.model === 'mart.last').map((t) => t.status)).toEqual(['skipped', 'skipped']);
  });

  it('builds only the selected models', async () => {
    const warehouse = await fixture.openMigrated();
    const result = await build(warehouse, [stubModel('stg.a'), stubModel('stg.b')], new Set(['stg.b']));
    expect(result.models.map((m) => m.name)).toEqual(['stg.b']);
    expect(await rows(warehouse, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'stg'")).toEqual([{ table_name: 'b' }]);
  });
});
