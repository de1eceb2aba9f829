import type { Expr } from './suiteql-ast.ts';
import { isAggregateCall } from './suiteql-functions.ts';
import { invalidQuery } from './netsuite-errors.ts';

/** The direct sub-expressions of an expression (subqueries are not entered). */
function children(expr: Expr): Expr[] {
  switch (expr.kind) {
    case 'unary':
    case 'isnull':
    case 'cast':
    case 'extract':
      return [expr.expr];
    case 'binary':
    case 'compare':
    case 'logical':
      return [expr.left, expr.right];
    case 'in':
      return Array.isArray(expr.list) ? [expr.expr, ...expr.list] : [expr.expr];
    case 'between':
      return [expr.expr, expr.low, expr.high];
    case 'like':
      return expr.escape ? [expr.expr, expr.pattern, expr.escape] : [expr.expr, expr.pattern];
    case 'case':
      return [...(expr.operand ? [expr.operand] : []), ...expr.whens.flatMap((w) => [w.when, w.then]), ...(expr.otherwise ? [expr.otherwise] : [])];
    case 'call':
      return [...expr.args, ...(expr.over ? [...expr.over.partitionBy, ...expr.over.orderBy.map((o) => o.expr)] : [])];
    default:
      return [];
  }
}

export function someExpr(expr: Expr, test: (e: Expr) => boolean): boolean {
  return test(expr) || children(expr).some((c) => someExpr(c, test));
}

export function containsAggregate(expr: Expr): boolean {
  return someExpr(expr, (e) => e.kind === 'call' && (e.star || isAggregateCall(e.name, e.over !== undefined)) && e.over === undefined);
}

export function containsRownum(expr: Expr): boolean {
  return someExpr(expr, (e) => e.kind === 'rownum');
}

/** Every column reference of an expression (outside subqueries). */
export function columnRefs(expr: Expr): { table?: string; name: string }[] {
  const refs: { table?: string; name: string }[] = [];
  someExpr(expr, (e) => {
    if (e.kind === 'column') refs.push(e.table === undefined ? { name: e.name } : { table: e.table, name: e.name });
    return false;
  });
  return refs;
}

function conjuncts(expr: Expr): Expr[] {
  return expr.kind === 'logical' && expr.op === 'and' ? [...conjuncts(expr.left), ...conjuncts(expr.right)] : [expr];
}

/**
 * Splits Oracle's `ROWNUM <= n` filters off a WHERE clause: they cap the rows before ORDER BY.
 * Returns the remaining condition and the cap. Other uses of ROWNUM in WHERE are refused.
 */
export function extractRownum(where: Expr | undefined): { where?: Expr; limit?: number } {
  if (!where) return {};
  let limit: number | undefined;
  const rest: Expr[] = [];
  for (const part of conjuncts(where)) {
    const cap = rownumCap(part);
    if (cap === undefined) {
      if (containsRownum(part)) invalidQuery('ROWNUM is supported only as a top-level "ROWNUM <= n" condition in the NetSuite sandbox.');
      rest.push(part);
    } else if (cap !== Infinity) limit = Math.min(limit ?? Infinity, cap);
  }
  const remaining = rest.reduce<Expr | undefined>((acc, e) => (acc ? { kind: 'logical', op: 'and', left: acc, right: e } : e), undefined);
  return { ...(remaining && { where: remaining }), ...(limit !== undefined && { limit }) };
}

function rownumCap(expr: Expr): number | undefined {
  if (expr.kind !== 'compare') return undefined;
  const flipped: Record<string, string> = { '<': '>', '>': '<', '<=': '>=', '>=': '<=', '=': '=', '<>': '<>' };
  let op: string = expr.op;
  let other = expr.right;
  if (expr.right.kind === 'rownum' && expr.left.kind !== 'rownum') {
    op = flipped[op]!;
    other = expr.left;
  } else if (expr.left.kind !== 'rownum') return undefined;
  if (other.kind !== 'number') return undefined;
  const n = Number(other.value);
  if (op === '<=') return Math.max(0, Math.floor(n));
  if (op === '<') return Math.max(0, Math.ceil(n) - 1);
  if (op === '=') return n === 1 ? 1 : 0;
  if ((op === '>' && n < 1) || (op === '>=' && n <= 1)) return Infinity;
  if (op === '>' || op === '>=') return 0;
  return undefined;
}
