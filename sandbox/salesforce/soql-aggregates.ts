import type { AggregateFunction, FieldPath, OrderItem, SoqlQuery } from './soql-ast.ts';
import { SoqlError } from './soql-error.ts';
import { isLongText, isNumericType, type QueryScope, type ResolvedField } from './soql-scope.ts';
import { direction, orderTerm, termSql } from './soql-ordering.ts';
import { jsonValueSql } from './record-serializer.ts';
import { sqlString } from './sql-params.ts';

/**
 * Aggregate SOQL (`SELECT StageName, COUNT(Id) n, SUM(Amount) FROM Opportunity GROUP BY StageName`) →
 * one `AggregateResult` JSON record per group, keyed by alias or `expr0`, `expr1`, ... as Salesforce does.
 */
export function compileAggregate(query: SoqlQuery, scope: QueryScope, where: string, options: { tail: string }): string {
  const groups = query.groupBy.map((path) => groupable(scope.resolve(path), path));
  const isGrouped = (resolved: ResolvedField): boolean => groups.some((g) => g.canonical.toLowerCase() === resolved.canonical.toLowerCase());
  const pairs: string[] = [];
  let expr = 0;
  for (const item of query.select) {
    if (item.kind === 'field') {
      const resolved = scope.resolve(item.path);
      if (!isGrouped(resolved)) throw new SoqlError('MALFORMED_QUERY', `Field must be grouped or aggregated: ${resolved.field.name}`, item.path.pos);
      pairs.push(`${sqlString(resolved.field.name)}, ${jsonValueSql(resolved.field, resolved.sql)}`);
    } else if (item.kind === 'aggregate') {
      const resolved = scope.resolve(item.path);
      pairs.push(`${sqlString(item.alias ?? `expr${expr++}`)}, ${aggregateValueSql(item.fn, resolved, item.path)}`);
    } else if (item.kind === 'countAll') {
      pairs.push(`${sqlString(`expr${expr++}`)}, count(*)`);
    } else {
      throw new SoqlError('MALFORMED_QUERY', 'Parent-to-child subqueries are not allowed in aggregate queries', item.pos);
    }
  }
  const order = query.orderBy.map((item) => aggregateOrderSql(item, scope, isGrouped));
  const record = `json_object('attributes', json_object('type', 'AggregateResult')${pairs.map((p) => `, ${p}`).join('')})`;
  const groupBy = groups.length > 0 ? ` GROUP BY ${groups.map((g) => g.sql).join(', ')}` : '';
  const orderBy = order.length > 0 ? ` ORDER BY ${order.join(', ')}` : '';
  return `SELECT ${record}::VARCHAR AS r FROM ${scope.fromSql()}${where}${groupBy}${orderBy}${options.tail}`;
}

function groupable(resolved: ResolvedField, path: FieldPath): ResolvedField {
  if (isLongText(resolved.field)) throw new SoqlError('INVALID_FIELD', `field '${resolved.field.name}' can not be grouped in a query call`, path.pos);
  return resolved;
}

function aggregateSql(fn: AggregateFunction, resolved: ResolvedField, path: FieldPath): string {
  const { field, sql } = resolved;
  if (isLongText(field)) throw new SoqlError('INVALID_FIELD', `field '${field.name}' does not support aggregate operator ${fn}`, path.pos);
  if ((fn === 'SUM' || fn === 'AVG') && !isNumericType(field)) {
    throw new SoqlError('MALFORMED_QUERY', `field ${field.name} does not support aggregate operator ${fn}`, path.pos);
  }
  if ((fn === 'MIN' || fn === 'MAX') && field.type === 'boolean') {
    throw new SoqlError('MALFORMED_QUERY', `field ${field.name} does not support aggregate operator ${fn}`, path.pos);
  }
  switch (fn) {
    case 'COUNT': return `count(${sql})`;
    case 'COUNT_DISTINCT': return `count(DISTINCT ${sql})`;
    case 'SUM': return `sum(${sql})::DOUBLE`;
    case 'AVG': return `avg(${sql})::DOUBLE`;
    case 'MIN': return `min(${sql})`;
    case 'MAX': return `max(${sql})`;
  }
}

function aggregateValueSql(fn: AggregateFunction, resolved: ResolvedField, path: FieldPath): string {
  const sql = aggregateSql(fn, resolved, path);
  return fn === 'MIN' || fn === 'MAX' ? jsonValueSql(resolved.field, sql) : sql;
}

function aggregateOrderSql(item: OrderItem, scope: QueryScope, isGrouped: (r: ResolvedField) => boolean): string {
  const target = item.target;
  if (target.kind === 'field') {
    const resolved = scope.resolve(target.path);
    if (!isGrouped(resolved)) throw new SoqlError('MALFORMED_QUERY', `Ordered field must be grouped or aggregated: ${resolved.field.name}`, target.path.pos);
    return termSql(orderTerm(resolved, item));
  }
  if (target.fn === 'COUNT_ALL' || !target.path) return `count(*) ${direction(item)}`;
  return `${aggregateSql(target.fn, scope.resolve(target.path), target.path)} ${direction(item)}`;
}
