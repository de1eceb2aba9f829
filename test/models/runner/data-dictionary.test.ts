import { describe, expect, it } from 'vitest';
import { buildModels } from '../../../models/runner/build-models.ts';
import { renderDataDictionary } from '../../../models/runner/data-dictionary.ts';
import { compileModelGraph } from '../../../models/runner/model-graph.ts';
import { readColumnTypes, readSourceTables } from '../../../models/runner/warehouse-tables.ts';
import { useWarehouseFixture } from '../../warehouse/warehouse-fixture.ts';
import { martCustomerOrders, seedRawTables, stgCustomers, stgOrders } from './model-fixtures.ts';

const fixture = useWarehouseFixture();

describe('renderDataDictionary', () => {
  it('lists marts first, then every model with its columns, descriptions, DuckDB types and tests', async () => {
    const warehouse = await fixture.openMigrated();
    await seedRawTables(warehouse);
    const sources = await readSourceTables(warehouse.db);
    const plan = compileModelGraph([stgOrders, stgCustomers, martCustomerOrders], { db: warehouse.db, asOf: new Date(), sources });
    await buildModels(warehouse.db, plan);
    const markdown = renderDataDictionary(plan, await readColumnTypes(warehouse.db, plan.nodes.map((n) => n.name)));

    const headings = markdown.split('\n').filter((line) => line.startsWith('#'));
    expect(headings).toEqual([
      '# Data dictionary',
      '## Marts',
      '### mart.customer_orders',
      '## Staging models',
      '### stg.customers',
      '### stg.orders',
    ]);
    expect(markdown).toContain('Order totals per customer.');
    expect(markdown).toContain('- **Grain:** one row per `customer_id`');
    expect(markdown).toContain('- **Depends on:** `stg.customers`, `stg.orders`');
    expect(markdown).toContain('| `order_count` | BIGINT | Orders placed. |');
    expect(markdown).toContain('| `order_id` | VARCHAR | Order id. |');
    expect(markdown).toContain('| `amount` | INTEGER | Order total. |');
    expect(markdown).toContain('- relationship(customer_id -> stg.customers.customer_id)');
    for (const node of plan.nodes) {
      for (const column of node.columns) expect(markdown).toMatch(new RegExp(`\\| \`${column.name}\` \\| [A-Z]+ \\| ${column.description}`));
    }
  });

  it('flags columns the table has but the model does not describe, and models not built yet', () => {
    const plan = { asOf: '', problems: [], nodes: [{ name: 'mart.x', layer: 'mart' as const, description: 'X.', key: ['id'], dependsOn: [], columns: [{ name: 'id', description: 'Id.' }], sql: '', parameters: [], tests: [] }] };
    expect(renderDataDictionary(plan, new Map([['mart.x', new Map([['id', 'INTEGER'], ['extra', 'VARCHAR']])]]))).toContain(
      "| `extra` | VARCHAR | _undescribed: add it to the model's columns_ |",
    );
    expect(renderDataDictionary(plan, new Map())).toContain('not built yet');
  });
});
