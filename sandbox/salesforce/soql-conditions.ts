import type { ComparisonOperator, Condition, Literal, SoqlQuery } from './soql-ast.ts';
import type { SfFieldSpec } from './salesforce-objects.ts';
import { SoqlError } from './soql-error.ts';
import { decodeStringLiteral, likePattern } from './soql-lexer.ts';
import { resolveRelativeDate } from './soql-dates.ts';
import { isIdType, isLongText, isNumericType, isTextType, type QueryScope, type ResolvedField } from './soql-scope.ts';
import type { SqlParams } from './sql-params.ts';

export interface ConditionContext {
  scope: QueryScope;
  params: SqlParams;
  now: Date;
  /** Compiles `field IN (SELECT ...)`'s subquery to SQL selecting one column. */
  semiJoin: (query: SoqlQuery, pos: number) => string;
}

/**
 * WHERE → DuckDB SQL. Every leaf is made two-valued (never NULL), because SOQL treats null as a value:
 * `Name != 'x'` and `NOT (Name = 'x')` both include records whose Name is null. Literals are parameters.
 */
export function compileCondition(ctx: ConditionContext, condition: Condition): string {
  switch (condition.kind) {
    case 'and':
    case 'or':
      return `(${condition.items.map((c) => compileCondition(ctx, c)).join(condition.kind === 'and' ? ' AND ' : ' OR ')})`;
    case 'not':
      return `(NOT ${compileCondition(ctx, condition.item)})`;
    case 'compare':
      return compare(ctx, filterable(ctx, condition.path), condition.op, condition.value);
    case 'like':
      return like(ctx, filterable(ctx, condition.path), condition.pattern, condition.negated);
    case 'in':
      return inList(ctx, filterable(ctx, condition.path), condition.values, condition.negated);
    case 'inQuery':
      return inQuery(ctx, filterable(ctx, condition.path), condition.query, condition.negated, condition.pos);
  }
}

function filterable(ctx: ConditionContext, path: Parameters<QueryScope['resolve']>[0]): ResolvedField {
  const resolved = ctx.scope.resolve(path);
  if (isLongText(resolved.field)) {
    throw new SoqlError('INVALID_FIELD', `field '${resolved.field.name}' can not be filtered in a query call`, path.pos);
  }
  return resolved;
}

/** A comparable value: one parameter, or a day range for relative date literals. */
type Operand =
  | { kind: 'null' }
  | { kind: 'value'; sql: string; shortId?: boolean }
  | { kind: 'range'; start: string; end: string };

function compare(ctx: ConditionContext, target: ResolvedField, op: ComparisonOperator, literal: Literal): string {
  const operand = operandFor(ctx, target.field, literal);
  const column = comparable(target, operand);
  if (operand.kind === 'null') {
    if (op === '=') return `(${target.sql} IS NULL)`;
    if (op === '!=') return `(${target.sql} IS NOT NULL)`;
    throw new SoqlError('MALFORMED_QUERY', `invalid operator ${op} for a null value`, literal.pos);
  }
  if (target.field.type === 'boolean' && op !== '=' && op !== '!=') {
    throw new SoqlError('INVALID_QUERY_FILTER_OPERATOR', `invalid operator on boolean field '${target.field.name}'`, literal.pos);
  }
  if (operand.kind === 'range') return rangeCompare(column, op, operand);
  if (op === '!=') return `(${column} IS DISTINCT FROM ${operand.sql})`;
  return `COALESCE(${column} ${op} ${operand.sql}, false)`;
}

function rangeCompare(column: string, op: ComparisonOperator, range: { start: string; end: string }): string {
  const inside = `COALESCE(${column} >= ${range.start} AND ${column} < ${range.end}, false)`;
  switch (op) {
    case '=': return inside;
    case '!=': return `(NOT ${inside})`;
    case '<': return `COALESCE(${column} < ${range.start}, false)`;
    case '<=': return `COALESCE(${column} < ${range.end}, false)`;
    case '>': return `COALESCE(${column} >= ${range.end}, false)`;
    case '>=': return `COALESCE(${column} >= ${range.start}, false)`;
  }
}

/** Text compares case-insensitively in SOQL; a 15-character id matches the 18-character form. */
function comparable(target: ResolvedField, operand?: Operand): string {
  if (operand?.kind === 'value' && operand.shortId) return `left(${target.sql}, 15)`;
  return isTextType(target.field) ? `lower(${target.sql})` : target.sql;
}

function like(ctx: ConditionContext, target: ResolvedField, pattern: Literal, negated: boolean): string {
  if (!isTextType(target.field) && !isIdType(target.field)) {
    throw new SoqlError('INVALID_FIELD', `invalid operator on field '${target.field.name}': LIKE needs a text field`, pattern.pos);
  }
  if (pattern.kind !== 'string') {
    throw new SoqlError('MALFORMED_QUERY', `LIKE needs a quoted string pattern for field '${target.field.name}'`, pattern.pos);
  }
  const sql = `COALESCE(${target.sql} ILIKE ${ctx.params.add(likePattern(pattern.raw))} ESCAPE '\\', false)`;
  return negated ? `(NOT ${sql})` : sql;
}

function inList(ctx: ConditionContext, target: ResolvedField, values: Literal[], negated: boolean): string {
  const operands = values.map((v) => operandFor(ctx, target.field, v));
  const parts: string[] = [];
  for (const shortId of [false, true]) {
    const group = operands.filter((o) => o.kind === 'value' && Boolean(o.shortId) === shortId);
    const sqls = group.flatMap((o) => (o.kind === 'value' ? [o.sql] : []));
    if (sqls.length > 0) parts.push(`COALESCE(${comparable(target, group[0])} IN (${sqls.join(', ')}), false)`);
  }
  for (const o of operands) if (o.kind === 'range') parts.push(rangeCompare(comparable(target), '=', o));
  if (operands.some((o) => o.kind === 'null')) parts.push(`(${target.sql} IS NULL)`);
  const sql = `(${parts.join(' OR ')})`;
  return negated ? `(NOT ${sql})` : sql;
}

function inQuery(ctx: ConditionContext, target: ResolvedField, query: SoqlQuery, negated: boolean, pos: number): string {
  if (!isIdType(target.field)) {
    throw new SoqlError('MALFORMED_QUERY', `semi join sub-selects are only allowed on id or reference fields, not '${target.field.name}'`, pos);
  }
  const sql = `COALESCE(${target.sql} IN (${ctx.semiJoin(query, pos)}), false)`;
  return negated ? `(NOT ${sql})` : sql;
}

function operandFor(ctx: ConditionContext, field: SfFieldSpec, literal: Literal): Operand {
  if (literal.kind === 'null') return { kind: 'null' };
  const add = (value: string | number | boolean, cast?: string): Operand => ({
    kind: 'value',
    sql: cast ? `${ctx.params.add(value)}::${cast}` : ctx.params.add(value),
  });
  if (isTextType(field)) {
    if (literal.kind !== 'string') throw wrongType(field, 'string', 'should be enclosed in quotes', literal.pos);
    return add(decodeStringLiteral(literal.raw, literal.pos).toLowerCase());
  }
  if (isIdType(field)) {
    if (literal.kind !== 'string') throw wrongType(field, 'id', 'should be enclosed in quotes', literal.pos);
    const id = decodeStringLiteral(literal.raw, literal.pos);
    if (!/^[A-Za-z0-9]{1,18}$/.test(id)) throw new SoqlError('INVALID_QUERY_FILTER_OPERATOR', `invalid ID field: ${id}`, literal.pos);
    return { kind: 'value', sql: ctx.params.add(id), shortId: id.length === 15 };
  }
  if (field.type === 'boolean') {
    if (literal.kind !== 'boolean') throw wrongType(field, 'boolean', 'should not be enclosed in quotes', literal.pos);
    return add(literal.value, 'BOOLEAN');
  }
  if (isNumericType(field)) {
    if (literal.kind !== 'number') throw wrongType(field, field.type === 'int' ? 'integer' : field.type === 'currency' ? 'currency' : 'double', 'should not be enclosed in quotes', literal.pos);
    return add(Number(literal.text), 'DOUBLE');
  }
  if (field.type === 'date' || field.type === 'datetime') return temporalOperand(ctx, field, literal, add);
  throw new SoqlError('INVALID_FIELD', `field '${field.name}' of type ${field.type} cannot be filtered by the sandbox`, literal.pos);
}

function temporalOperand(
  ctx: ConditionContext,
  field: SfFieldSpec,
  literal: Literal,
  add: (value: string, cast: string) => Operand,
): Operand {
  const isDate = field.type === 'date';
  if (literal.kind === 'relativeDate') {
    const range = resolveRelativeDate(literal.name, literal.n, ctx.now);
    const cast = isDate ? 'DATE' : 'TIMESTAMP';
    const bound = (day: string): string => ctx.params.add(isDate ? day : `${day}T00:00:00.000Z`) + `::${cast}`;
    return { kind: 'range', start: bound(range.start), end: bound(range.end) };
  }
  if (isDate && literal.kind === 'date') return add(literal.value, 'DATE');
  if (!isDate && literal.kind === 'datetime') return add(literal.value, 'TIMESTAMP');
  throw wrongType(field, isDate ? 'date' : 'dateTime', 'should not be enclosed in quotes', literal.pos);
}

function wrongType(field: SfFieldSpec, type: string, hint: string, pos: number): SoqlError {
  return new SoqlError('INVALID_FIELD', `value of filter criterion for field '${field.name}' must be of type ${type} and ${hint}`, pos);
}
