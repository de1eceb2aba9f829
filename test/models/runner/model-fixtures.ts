import { sql } from 'kysely';
import { defineModel, type ModelDefinition } from '../../../models/runner/model-definition.ts';
import { acceptedValues, relationship } from '../../../models/runner/data-tests.ts';
import type { Warehouse } from '../../../warehouse/warehouse.ts';

/** A model that depends on `deps` and selects one constant row; enough for graph tests. */
export function stubModel(name: string, dependsOn: string[] = []): ModelDefinition {
  return defineModel({
    name,
    description: `The ${name} model.`,
    key: ['id'],
    dependsOn,
    columns: { id: 'Identifier.' },
    query: () => sql`SELECT 1 AS id`,
  });
}

/** raw.orders with two versions of order 1 (the later one extracted after 2026-11-01) and raw.customers. */
export async function seedRawTables(warehouse: Warehouse): Promise<void> {
  await sql`CREATE TABLE raw.customers AS SELECT * FROM (VALUES ('c1', 'Acme'), ('c2', 'Globex')) AS t(id, name)`.execute(warehouse.db);
  await sql`CREATE TABLE raw.orders AS SELECT * FROM (VALUES
      ('o1', 'c1', 'open', 100, TIMESTAMP '2026-10-01 00:00:00'),
      ('o1', 'c1', 'closed', 150, TIMESTAMP '2026-11-05 00:00:00'),
      ('o2', 'c2', 'open', 40, TIMESTAMP '2026-10-02 00:00:00')
    ) AS t(id, customer_id, status, amount, _extracted_at)`.execute(warehouse.db);
}

export const stgCustomers = defineModel({
  name: 'stg.customers',
  description: 'One row per customer.',
  key: ['customer_id'],
  dependsOn: ['raw.customers'],
  columns: { customer_id: 'Customer id.', customer_name: 'Display name.' },
  query: ({ db }) => db.selectFrom('raw.customers').select(['id as customer_id', 'name as customer_name']),
});

/** Latest version of each order extracted up to the as-of time (bound as a Date parameter). */
export const stgOrders = defineModel({
  name: 'stg.orders',
  description: 'Latest version of each order as of the run.',
  key: ['order_id'],
  dependsOn: ['raw.orders'],
  columns: [
    { name: 'order_id', description: 'Order id.' },
    { name: 'customer_id', description: 'Who ordered.' },
    { name: 'status', description: 'open or closed.' },
    { name: 'amount', description: 'Order total.' },
  ],
  tests: [acceptedValues('status', ['open', 'closed']), relationship('customer_id', 'stg.customers', 'customer_id')],
  query: ({ db, asOf }) =>
    db
      .selectFrom(
        db
          .selectFrom('raw.orders')
          .selectAll()
          .select(sql`row_number() OVER (PARTITION BY id ORDER BY _extracted_at DESC)`.as('version_rank'))
          .where('_extracted_at', '<=', asOf)
          .as('versions'),
      )
      .select(['id as order_id', 'customer_id', 'status', 'amount'])
      .where('version_rank', '=', 1),
});

export const martCustomerOrders = defineModel({
  name: 'mart.customer_orders',
  description: 'Order totals per customer.',
  key: ['customer_id'],
  dependsOn: ['stg.customers', 'stg.orders'],
  columns: { customer_id: 'Customer id.', order_count: 'Orders placed.', total_amount: 'Sum of order totals.' },
  query: ({ db }) =>
    db
      .selectFrom('stg.customers as c')
      .leftJoin('stg.orders as o', 'o.customer_id', 'c.customer_id')
      .select(['c.customer_id', sql<number>`count(o.order_id)`.as('order_count'), sql<number>`coalesce(sum(o.amount), 0)`.as('total_amount')])
      .groupBy('c.customer_id'),
});
