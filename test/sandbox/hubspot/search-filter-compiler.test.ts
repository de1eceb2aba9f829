import { describe, expect, it } from 'vitest';
import { compileFilterGroups, compileSort } from '../../../sandbox/hubspot/search-filter-compiler.ts';
import { hsProperty, type HsPropertySpec } from '../../../sandbox/hubspot/hubspot-objects.ts';
import { ApiError } from '../../../sandbox/http/api-types.ts';

const properties: Record<string, HsPropertySpec> = {
  dealname: hsProperty('dealname', 'string', 'dealinformation'),
  amount: hsProperty('amount', 'number', 'dealinformation'),
  closedate: hsProperty('closedate', 'datetime', 'dealinformation'),
};
const lookup = (name: string): HsPropertySpec | undefined => properties[name];

function status(work: () => unknown): number | undefined {
  try {
    work();
  } catch (error) {
    if (error instanceof ApiError) return error.response.status;
    throw error;
  }
  return undefined;
}

describe('search filter compiler', () => {
  it('binds every filter value as a parameter, never into the SQL text', () => {
    const hostile = "x' OR '1'='1";
    const compiled = compileFilterGroups([{ filters: [{ propertyName: 'dealname', operator: 'EQ', value: hostile }] }], lookup);
    expect(compiled.sql).not.toContain(hostile.toLowerCase());
    expect(compiled.params).toEqual([hostile.toLowerCase()]);
  });

  it('turns datetime values given as ISO or epoch milliseconds into the same instant', () => {
    const iso = compileFilterGroups([{ filters: [{ propertyName: 'closedate', operator: 'GTE', value: '2024-04-01T00:00:00Z' }] }], lookup);
    const epoch = compileFilterGroups([{ filters: [{ propertyName: 'closedate', operator: 'GTE', value: '1711929600000' }] }], lookup);
    expect(iso.params).toEqual([1711929600000]);
    expect(epoch).toEqual(iso);
  });

  it('refuses unknown properties and operators, missing values and non-numeric numbers with a 400', () => {
    expect(status(() => compileFilterGroups([{ filters: [{ propertyName: 'nope', operator: 'EQ', value: '1' }] }], lookup))).toBe(400);
    expect(status(() => compileFilterGroups([{ filters: [{ propertyName: 'amount', operator: 'ABOUT', value: '1' }] }], lookup))).toBe(400);
    expect(status(() => compileFilterGroups([{ filters: [{ propertyName: 'amount', operator: 'BETWEEN', value: '1' }] }], lookup))).toBe(400);
    expect(status(() => compileFilterGroups([{ filters: [{ propertyName: 'amount', operator: 'IN', values: [] }] }], lookup))).toBe(400);
    expect(status(() => compileFilterGroups([{ filters: [{ propertyName: 'amount', operator: 'GT', value: 'ten' }] }], lookup))).toBe(400);
    expect(status(() => compileSort([{ propertyName: 'nope' }], lookup))).toBe(400);
  });
});
