import { quoteIdent, type SqlParam } from '../store/sandbox-db.ts';
import type { HsPropertySpec } from './hubspot-objects.ts';
import { validationError } from './hubspot-errors.ts';
import { toMillis } from './property-values.ts';

/** A parameterised SQL condition or expression. */
export interface SqlFragment {
  sql: string;
  params: SqlParam[];
}

export type PropertyLookup = (name: string) => HsPropertySpec | undefined;

export const MAX_FILTER_GROUPS = 5;
export const MAX_FILTERS_PER_GROUP = 10;
export const MAX_FILTERS = 25;

/**
 * `hubspot.hs_ms(text)`: a stored date/datetime value (epoch ms, ISO with `Z`, with an offset or
 * without a zone, or a date) as epoch milliseconds, so comparisons are between instants whatever
 * the stored form. Zone-less values are UTC. The common `…Z` form is tested first: it is the cheapest.
 */
export const SEARCH_MACROS_DDL = `
CREATE OR REPLACE MACRO hubspot.hs_ms(v) AS CASE
  WHEN v IS NULL OR v = '' THEN NULL
  WHEN suffix(v, 'Z') THEN epoch_ms(TRY_CAST(v AS TIMESTAMP))
  ELSE coalesce(TRY_CAST(v AS BIGINT), CASE
    WHEN regexp_matches(v, '[+-][0-9]{2}:?[0-9]{2}$') THEN epoch_ms(TRY_CAST(v AS TIMESTAMPTZ))
    ELSE epoch_ms(TRY_CAST(v AS TIMESTAMP)) END) END;`;

interface FilterInput {
  propertyName?: unknown;
  operator?: unknown;
  value?: unknown;
  highValue?: unknown;
  values?: unknown;
}

type Kind = 'number' | 'instant' | 'text' | 'bool';

/** filterGroups → one SQL condition: groups are OR'ed, filters inside a group AND'ed. */
export function compileFilterGroups(raw: unknown, lookup: PropertyLookup): SqlFragment {
  if (raw === undefined || raw === null) return { sql: 'true', params: [] };
  if (!Array.isArray(raw)) throw validationError('Invalid input JSON: "filterGroups" must be an array');
  const groups = raw.map((group: { filters?: unknown }, i) => {
    if (!Array.isArray(group?.filters)) throw validationError(`Invalid input JSON: filterGroups[${i}].filters must be an array`);
    return group.filters as FilterInput[];
  }).filter((filters) => filters.length > 0);
  checkFilterLimits(groups);
  if (groups.length === 0) return { sql: 'true', params: [] };
  const params: SqlParam[] = [];
  const sql = groups.map((filters) => {
    const parts = filters.map((filter) => {
      const fragment = compileFilter(filter, lookup);
      params.push(...fragment.params);
      return fragment.sql;
    });
    return `(${parts.join(' AND ')})`;
  }).join(' OR ');
  return { sql: `(${sql})`, params };
}

function checkFilterLimits(groups: readonly FilterInput[][]): void {
  if (groups.length > MAX_FILTER_GROUPS) {
    throw validationError(`Too many filter groups: ${groups.length}. A search takes at most ${MAX_FILTER_GROUPS} filterGroups.`);
  }
  const crowded = groups.findIndex((filters) => filters.length > MAX_FILTERS_PER_GROUP);
  if (crowded >= 0) {
    throw validationError(`Too many filters in filterGroups[${crowded}]: ${groups[crowded]!.length}. A filter group takes at most ${MAX_FILTERS_PER_GROUP} filters.`);
  }
  const total = groups.reduce((sum, filters) => sum + filters.length, 0);
  if (total > MAX_FILTERS) throw validationError(`Too many filters: ${total}. A search takes at most ${MAX_FILTERS} filters in all its groups.`);
}

/** One filter → SQL; an unknown property or operator, or a missing value, is a 400. */
export function compileFilter(filter: FilterInput, lookup: PropertyLookup): SqlFragment {
  const name = typeof filter.propertyName === 'string' ? filter.propertyName : '';
  const spec = lookup(name);
  if (!spec) throw validationError(`Unable to search by property "${name}": it does not exist on this object type. Check the property name.`);
  const operator = String(filter.operator ?? '');
  const column = quoteIdent(spec.name);
  const kind = kindOf(spec);
  const expr = valueExpression(column, kind);
  const one = (): SqlParam => filterValue(spec, kind, filter.value, 'value', operator);
  switch (operator) {
    case 'EQ': return { sql: `${expr} = ?`, params: [one()] };
    case 'NEQ': return { sql: `(${column} IS NULL OR ${expr} <> ?)`, params: [one()] };
    case 'LT': return { sql: `${expr} < ?`, params: [one()] };
    case 'LTE': return { sql: `${expr} <= ?`, params: [one()] };
    case 'GT': return { sql: `${expr} > ?`, params: [one()] };
    case 'GTE': return { sql: `${expr} >= ?`, params: [one()] };
    case 'BETWEEN': return { sql: `${expr} BETWEEN ? AND ?`, params: [one(), filterValue(spec, kind, filter.highValue, 'highValue', operator)] };
    case 'IN': return inList(column, expr, listValues(spec, kind, filter.values, operator), false);
    case 'NOT_IN': return inList(column, expr, listValues(spec, kind, filter.values, operator), true);
    case 'HAS_PROPERTY': return { sql: `(${column} IS NOT NULL AND ${column} <> '')`, params: [] };
    case 'NOT_HAS_PROPERTY': return { sql: `(${column} IS NULL OR ${column} = '')`, params: [] };
    case 'CONTAINS_TOKEN': return { sql: `regexp_matches(lower(${column}), ?)`, params: [tokenPattern(filter.value, name)] };
    case 'NOT_CONTAINS_TOKEN': return { sql: `(${column} IS NULL OR NOT regexp_matches(lower(${column}), ?))`, params: [tokenPattern(filter.value, name)] };
    default:
      throw validationError(`Unsupported filter operator "${operator}" on property "${name}". Use one of EQ, NEQ, LT, LTE, GT, GTE, BETWEEN, IN, NOT_IN, HAS_PROPERTY, NOT_HAS_PROPERTY, CONTAINS_TOKEN, NOT_CONTAINS_TOKEN.`);
  }
}

/** The ORDER BY for at most one sort, object form `{propertyName, direction}` or string `prop` / `-prop`; ties by id. */
export function compileSort(raw: unknown, lookup: PropertyLookup): string {
  const idOrder = 'length(id), id';
  if (raw === undefined || raw === null || (Array.isArray(raw) && raw.length === 0)) return idOrder;
  if (!Array.isArray(raw)) throw validationError('Invalid input JSON: "sorts" must be an array');
  if (raw.length > 1) throw validationError(`Too many sorts: ${raw.length}. A search takes one sort.`);
  const [name, direction] = sortParts(raw[0]);
  const spec = lookup(name);
  if (!spec) throw validationError(`Unable to sort by property "${name}": it does not exist on this object type.`);
  return `${valueExpression(quoteIdent(spec.name), kindOf(spec), true)} ${direction} NULLS LAST, ${idOrder}`;
}

/** Free-text `query`: every word must start a token of one of the searchable properties. */
export function compileQuery(query: unknown, fields: readonly string[], lookup: PropertyLookup): SqlFragment {
  if (query === undefined || query === null || String(query).trim() === '') return { sql: 'true', params: [] };
  const columns = fields.filter((f) => lookup(f)).map(quoteIdent);
  if (columns.length === 0) return { sql: 'false', params: [] };
  const params: SqlParam[] = [];
  const words = String(query).toLowerCase().split(/\s+/).filter(Boolean);
  const sql = words.map((word) => {
    const pattern = `(^|[^a-z0-9])${escapeRegex(word)}`;
    return `(${columns.map((c) => {
      params.push(pattern);
      return `coalesce(regexp_matches(lower(${c}), ?), false)`;
    }).join(' OR ')})`;
  }).join(' AND ');
  return { sql: `(${sql})`, params };
}

function sortParts(sort: unknown): [string, 'ASC' | 'DESC'] {
  if (typeof sort === 'string') return sort.startsWith('-') ? [sort.slice(1), 'DESC'] : [sort, 'ASC'];
  if (sort !== null && typeof sort === 'object') {
    const { propertyName, direction } = sort as { propertyName?: unknown; direction?: unknown };
    const dir = direction === undefined || direction === 'ASCENDING' ? 'ASC' : direction === 'DESCENDING' ? 'DESC' : undefined;
    if (typeof propertyName === 'string' && dir) return [propertyName, dir];
  }
  throw validationError(`Invalid sort ${JSON.stringify(sort)}: use {"propertyName": "...", "direction": "ASCENDING" | "DESCENDING"}`);
}

function kindOf(spec: HsPropertySpec): Kind {
  if (spec.type === 'number') return 'number';
  if (spec.type === 'datetime' || spec.type === 'date') return 'instant';
  if (spec.type === 'bool') return 'bool';
  return 'text';
}

function valueExpression(column: string, kind: Kind, forSort = false): string {
  if (kind === 'number') return `TRY_CAST(${column} AS DOUBLE)`;
  if (kind === 'instant') return `hubspot.hs_ms(${column})`;
  return forSort ? column : `lower(${column})`;
}

function filterValue(spec: HsPropertySpec, kind: Kind, raw: unknown, field: string, operator: string): SqlParam {
  if (raw === undefined || raw === null || raw === '') {
    throw validationError(`Filter ${operator} on "${spec.name}" needs a ${field}.`);
  }
  const text = String(raw);
  if (kind === 'number') {
    const number = Number(text);
    if (text.trim() === '' || !Number.isFinite(number)) throw validationError(`"${text}" is not a valid number for filter ${operator} on "${spec.name}".`);
    return number;
  }
  if (kind === 'instant') {
    const millis = toMillis(text);
    if (millis === undefined) {
      throw validationError(`"${text}" is not a valid ${spec.type} for filter ${operator} on "${spec.name}"; use epoch milliseconds or an ISO 8601 string.`);
    }
    return millis;
  }
  return text.toLowerCase();
}

function listValues(spec: HsPropertySpec, kind: Kind, raw: unknown, operator: string): SqlParam[] {
  if (!Array.isArray(raw) || raw.length === 0) throw validationError(`Filter ${operator} on "${spec.name}" needs a non-empty "values" array.`);
  return raw.map((value) => filterValue(spec, kind, value, 'values entry', operator));
}

function inList(column: string, expr: string, values: SqlParam[], negate: boolean): SqlFragment {
  const list = values.map(() => '?').join(', ');
  return negate
    ? { sql: `(${column} IS NULL OR ${expr} NOT IN (${list}))`, params: values }
    : { sql: `${expr} IN (${list})`, params: values };
}

/** CONTAINS_TOKEN: a whole token (case-insensitive); `*` in the value is a wildcard inside the token. */
function tokenPattern(raw: unknown, name: string): string {
  if (raw === undefined || raw === null || String(raw).trim() === '') throw validationError(`Filter CONTAINS_TOKEN on "${name}" needs a value.`);
  const token = String(raw).trim().toLowerCase().split('*').map(escapeRegex).join('[^\\s]*');
  return `(^|[^a-z0-9])${token}($|[^a-z0-9])`;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
