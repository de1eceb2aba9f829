import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import { describe, expect, it } from 'vitest';
import { assertBuildable, compileModelGraph, planEdges } from '../../../models/runner/model-graph.ts';
import { selectModels } from '../../../models/runner/model-selection.ts';
import type { ModelDefinition } from '../../../models/runner/model-definition.ts';
import { stgOrders, stubModel } from './model-fixtures.ts';

/** Compiling needs no database: a Kysely that can compile but never runs anything. */
const compileOnly = new Kysely<unknown>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});
const asOf = new Date('2026-11-01T06:00:00Z');

function plan(models: ModelDefinition[], sources: string[] = []) {
  return compileModelGraph(models, { db: compileOnly, asOf, sources: new Set(sources) });
}

describe('compileModelGraph', () => {
  it('reports a missing ref, a cycle and a duplicate in one call', () => {
    const result = plan([
      stubModel('stg.a', ['raw.a']),
      stubModel('stg.a'),
      stubModel('int.b', ['stg.a', 'raw.nowhere']),
      stubModel('int.c', ['int.d']),
      stubModel('int.d', ['int.c']),
    ], ['raw.a']);
    expect(result.problems.map((p) => p.kind).sort()).toEqual(['cycle', 'duplicate', 'missing-ref']);
    expect(result.problems.find((p) => p.kind === 'missing-ref')).toMatchObject({ model: 'int.b', message: expect.stringContaining('raw.nowhere') });
    expect(result.problems.find((p) => p.kind === 'cycle')?.message).toContain('int.c → int.d → int.c');
    expect(() => assertBuildable(result)).toThrow(/3 problem\(s\)[\s\S]*raw\.nowhere[\s\S]*Cycle/);
  });

  it('rejects names outside the model layers and relationship tests to unknown models', () => {
    const result = plan([stubModel('raw.copy'), stubModel('mart.x_y', ['stg.missing'])]);
    expect(result.problems.map((p) => `${p.kind} ${p.model}`)).toEqual(['invalid-name raw.copy', 'missing-ref mart.x_y']);
  });

  it('orders models topologically, stable by layer then name', () => {
    const result = plan([
      stubModel('mart.z', ['int.y']),
      stubModel('mart.a', ['stg.b']),
      stubModel('int.y', ['stg.c', 'stg.b']),
      stubModel('stg.c'),
      stubModel('stg.b'),
    ]);
    expect(result.problems).toEqual([]);
    expect(result.nodes.map((n) => n.name)).toEqual(['stg.b', 'stg.c', 'int.y', 'mart.a', 'mart.z']);
  });

  it('compiles each query to SQL with bound parameters and each test to a failing-rows query', () => {
    const result = plan([stgOrders], ['raw.orders']);
    const node = result.nodes[0]!;
    expect(node.sql).toContain('"_extracted_at" <= $1');
    expect(node.parameters).toEqual([asOf, 1]);
    expect(node.tests.map((t) => t.name)).toEqual([
      "stg.orders: accepted_values(status: \"open\", \"closed\")",
      'stg.orders: relationship(customer_id -> stg.customers.customer_id)',
      'stg.orders: unique(order_id)',
      'stg.orders: not_null(order_id)',
    ]);
    expect(JSON.parse(JSON.stringify(result))).toMatchObject({ asOf: '2026-11-01T06:00:00.000Z', nodes: [{ layer: 'stg', key: ['order_id'] }] });
  });
});

describe('selectModels', () => {
  const edges = planEdges(plan([
    stubModel('stg.a'),
    stubModel('stg.b'),
    stubModel('int.c', ['stg.a']),
    stubModel('mart.d', ['int.c', 'stg.b']),
  ]));

  it('a+ selects the model and everything downstream', () => {
    expect([...selectModels(edges, 'stg.a+')].sort()).toEqual(['int.c', 'mart.d', 'stg.a']);
  });

  it('+a selects the model and everything upstream', () => {
    expect([...selectModels(edges, '+int.c')].sort()).toEqual(['int.c', 'stg.a']);
    expect([...selectModels(edges, 'stg.b')]).toEqual(['stg.b']);
  });

  it('names the known models when the selector matches none', () => {
    expect(() => selectModels(edges, 'stg.zz+')).toThrow(/no model named stg\.zz.*stg\.a/);
  });
});
