import { quoteIdent, type SqlParam } from '../store/sandbox-db.ts';
import type { ValueKind } from './suiteql-scope.ts';

/** One SuiteQL output column: its name in the items and its compiled expression. */
export interface Output {
  name: string;
  sql: string;
  kind: ValueKind;
}

/** One compiled SELECT, before it is put together as SQL text. */
export interface SelectParts {
  distinct: boolean;
  outputs: Output[];
  from: string;
  where?: string;
  groupBy: string[];
  having?: string;
  /** Order keys: output positions, or expressions that are not outputs (`hidden`). */
  orderBy: { output?: number; hidden?: string; descending: boolean; nulls: 'first' | 'last' }[];
  rownumLimit?: number;
  fetch?: number;
  offset?: number;
}

function orderSql(parts: SelectParts, names: (i: number) => string, wrapped: boolean): string {
  return parts.orderBy
    .map((o, i) => {
      const key = o.output !== undefined ? quoteIdent(names(o.output)) : wrapped ? `__k${i}` : o.hidden!;
      return `${key} ${o.descending ? 'DESC' : 'ASC'} NULLS ${o.nulls.toUpperCase()}`;
    })
    .join(', ');
}

/**
 * Puts a compiled SELECT together. A ROWNUM cap is applied before ORDER BY, as Oracle does, by
 * limiting an inner query and sorting outside it.
 */
export function assemble(parts: SelectParts, names: (i: number) => string, opts: { cap?: number; forCount?: boolean }): string {
  const select = parts.outputs.map((o, i) => `${o.sql} AS ${quoteIdent(names(i))}`);
  const filters = `${parts.where ? ` WHERE ${parts.where}` : ''}${parts.groupBy.length ? ` GROUP BY ${parts.groupBy.join(', ')}` : ''}${parts.having ? ` HAVING ${parts.having}` : ''}`;
  const limit = Math.min(parts.fetch ?? Infinity, opts.cap ?? Infinity);
  const paging = `${limit !== Infinity ? ` LIMIT ${limit}` : ''}${parts.offset ? ` OFFSET ${parts.offset}` : ''}`;
  const keepOrder = parts.orderBy.length > 0 && !(opts.forCount && !paging);
  if (parts.rownumLimit !== undefined) {
    const hidden = parts.orderBy.flatMap((o, i) => (o.output === undefined ? [`${o.hidden} AS __k${i}`] : []));
    const inner = `SELECT ${[...select, ...hidden].join(', ')} FROM ${parts.from}${filters} LIMIT ${parts.rownumLimit}`;
    const outer = parts.outputs.map((_, i) => quoteIdent(names(i))).join(', ');
    return `SELECT ${outer} FROM (${inner}) __rownum${keepOrder ? ` ORDER BY ${orderSql(parts, names, true)}` : ''}${paging}`;
  }
  const order = keepOrder ? ` ORDER BY ${orderSql(parts, names, false)}` : '';
  return `SELECT ${parts.distinct ? 'DISTINCT ' : ''}${select.join(', ')} FROM ${parts.from}${filters}${order}${paging}`;
}

/**
 * Renumbers the `$n` placeholders a statement really uses (literals replaced during compilation,
 * e.g. 'T' → true, leave theirs unused). User text is always bound, never inlined, so every
 * `$n` in the SQL is a placeholder.
 */
export function bindUsed(sql: string, params: readonly SqlParam[]): { sql: string; params: SqlParam[] } {
  const used: SqlParam[] = [];
  const renumbered = new Map<string, string>();
  const text = sql.replace(/\$(\d+)/g, (_placeholder: string, n: string) => {
    let next = renumbered.get(n);
    if (next === undefined) {
      used.push(params[Number(n) - 1]!);
      next = `$${used.length}`;
      renumbered.set(n, next);
    }
    return next;
  });
  return { sql: text, params: used };
}

