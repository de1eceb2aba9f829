import type { FieldPath, OrderItem } from './soql-ast.ts';
import { SoqlError } from './soql-error.ts';
import { isLongText, isTextType, type ResolvedField } from './soql-scope.ts';

/** One ORDER BY term: the expression and its `ASC NULLS FIRST`-style suffix. */
export interface OrderTerm {
  expr: string;
  suffix: string;
}

export function sortable(resolved: ResolvedField, path: FieldPath): ResolvedField {
  if (isLongText(resolved.field)) throw new SoqlError('INVALID_FIELD', `field '${resolved.field.name}' can not be sorted in a query call`, path.pos);
  return resolved;
}

/** ASC puts nulls first and DESC last unless NULLS FIRST/LAST says otherwise; text sorts case-insensitively. */
export function orderTerm(resolved: ResolvedField, item: Pick<OrderItem, 'descending' | 'nullsLast'>): OrderTerm {
  const expr = isTextType(resolved.field) ? `lower(${resolved.sql})` : resolved.sql;
  return { expr, suffix: direction(item) };
}

export function direction(item: Pick<OrderItem, 'descending' | 'nullsLast'>): string {
  const nullsLast = item.nullsLast ?? item.descending;
  return `${item.descending ? 'DESC' : 'ASC'} NULLS ${nullsLast ? 'LAST' : 'FIRST'}`;
}

export function termSql(term: OrderTerm): string {
  return `${term.expr} ${term.suffix}`;
}
