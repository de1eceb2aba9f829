import { tableName } from '../dataset/dataset-schema.ts';
import { quoteIdent, type SqlParam } from '../store/sandbox-db.ts';
import { assemble, bindUsed, type Output, type SelectParts } from './suiteql-assembly.ts';
import { invalidQuery } from './netsuite-errors.ts';
import type { NsTableSchema } from './netsuite-tables.ts';
import type { CompareOp, Expr, FromItem, OrderItem, SelectQuery, WindowSpec } from './suiteql-ast.ts';
import { columnRefs, containsAggregate, containsRownum, extractRownum } from './suiteql-ast-walk.ts';
import { compileCall } from './suiteql-functions.ts';
import { parseSuiteql } from './suiteql-parser.ts';
import { kindOfColumn, newAlias, param, Scope, type CompileContext, type Compiled, type Source } from './suiteql-scope.ts';
import { alignLiteral, dateLiteral, localTimestampSql, textOf } from './suiteql-values.ts';

/** A SuiteQL query turned into DuckDB SQL over the `netsuite` schema. */
export interface CompiledQuery {
  /** The rows, in order, at most `rowCap` of them. */
  sql: string;
  params: SqlParam[];
  /** `SELECT count(*)` of the uncapped result (NetSuite reports the true total). */
  countSql: string;
  countParams: SqlParam[];
  /** Output names (lower case), one per leading result column; later columns are internal. */
  columns: string[];
}

export interface CompileOptions {
  tables: ReadonlyMap<string, NsTableSchema>;
  timeZone: string;
  rowCap: number;
}

/** Parses and compiles a SuiteQL query. Throws the NetSuite 400 error for anything it cannot answer exactly. */
export function compileSuiteql(text: string, options: CompileOptions): CompiledQuery {
  const query = parseSuiteql(text);
  const ctx: CompileContext = { tables: options.tables, timeZone: options.timeZone, params: [], placeholders: new Map(), nextAlias: 0 };
  const compiler = new QueryCompiler(ctx);
  const parts = compiler.select(query, undefined);
  const names = (i: number): string => `c${i}`;
  const main = bindUsed(assemble(parts, names, { cap: options.rowCap }), ctx.params);
  const count = bindUsed(`SELECT count(*) AS n FROM (${assemble(parts, names, { forCount: true })})`, ctx.params);
  return { sql: main.sql, params: main.params, countSql: count.sql, countParams: count.params, columns: parts.outputs.map((o) => o.name) };
}

class QueryCompiler {
  private readonly ctx: CompileContext;

  constructor(ctx: CompileContext) {
    this.ctx = ctx;
  }

  select(query: SelectQuery, parent: Scope | undefined): SelectParts {
    const scope = new Scope(parent);
    const from = this.fromClause(query.from, scope);
    const { where, limit: rownumLimit } = extractRownum(query.where);
    const grouped = query.groupBy.length > 0 || query.having !== undefined || query.items.some((i) => i.kind === 'expr' && containsAggregate(i.expr));
    if (rownumLimit !== undefined && (grouped || query.distinct)) {
      invalidQuery('ROWNUM together with GROUP BY, aggregates or DISTINCT is not supported by the NetSuite sandbox; use FETCH FIRST n ROWS ONLY.');
    }
    const parts: SelectParts = { distinct: query.distinct, outputs: this.outputs(query, scope), from, groupBy: [], orderBy: [] };
    if (where) parts.where = this.condition(where, scope);
    parts.groupBy = query.groupBy.map((e) => this.expr(e, scope).sql);
    if (query.having) parts.having = this.condition(query.having, scope);
    parts.orderBy = query.orderBy.map((o) => this.orderItem(o, parts.outputs, query, scope));
    if (rownumLimit !== undefined) parts.rownumLimit = rownumLimit;
    const fetch = Math.min(query.fetchFirst ?? Infinity, query.top ?? Infinity);
    if (fetch !== Infinity) parts.fetch = fetch;
    if (query.offsetRows) parts.offset = query.offsetRows;
    return parts;
  }

  /** A subquery as SQL text whose columns are named by their SuiteQL output names. */
  private subquery(query: SelectQuery, parent: Scope | undefined): { sql: string; outputs: Output[] } {
    const parts = this.select(query, parent);
    const seen = new Set<string>();
    for (const o of parts.outputs) {
      if (seen.has(o.name)) invalidQuery(`Column '${o.name}' is ambiguously defined in a subquery; give it a distinct alias.`);
      seen.add(o.name);
    }
    return { sql: assemble(parts, (i) => parts.outputs[i]!.name, {}), outputs: parts.outputs };
  }

  private fromClause(items: FromItem[], scope: Scope): string {
    let sql = '';
    for (const item of items) {
      const { source, sql: sourceSql } = this.fromSource(item);
      scope.add(source);
      if (!item.join) sql = sourceSql;
      else if (item.join.type === 'cross') sql += ` CROSS JOIN ${sourceSql}`;
      else sql += ` ${item.join.type.toUpperCase()} JOIN ${sourceSql} ON ${this.condition(item.join.on!, scope)}`;
    }
    return sql;
  }

  private fromSource(item: FromItem): { source: Source; sql: string } {
    const sqlAlias = newAlias(this.ctx);
    if (item.source.kind === 'table') {
      const table = this.ctx.tables.get(item.source.name);
      if (!table) invalidQuery(`Record '${item.source.name}' was not found.`);
      const columns = new Map(table.fields.map((f) => [f.name.toLowerCase(), { kind: kindOfColumn(f.type), spec: f }]));
      return { source: { name: item.alias ?? table.name, sqlAlias, table, columns }, sql: `${tableName(table)} ${sqlAlias}` };
    }
    const sub = this.subquery(item.source.query, undefined);
    const columns = new Map(sub.outputs.map((o) => [o.name, { kind: o.kind }]));
    return { source: { name: item.alias ?? `(subquery ${sqlAlias})`, sqlAlias, columns }, sql: `(${sub.sql}) ${sqlAlias}` };
  }

  private outputs(query: SelectQuery, scope: Scope): Output[] {
    const outputs: Output[] = [];
    let unnamed = 0;
    for (const item of query.items) {
      if (item.kind === 'star') {
        const sources = item.table === undefined ? scope.sources : [scope.sources.find((s) => s.name === item.table)];
        if (sources[0] === undefined) invalidQuery(`Unknown identifier '${item.table}.*'.`);
        for (const source of sources as Source[]) {
          for (const name of source.columns.keys()) outputs.push({ name, ...this.column(source, name) });
        }
        continue;
      }
      const compiled = item.expr.kind === 'rownum' ? { sql: 'row_number() OVER ()', kind: 'number' as const } : this.expr(item.expr, scope);
      const name = item.alias ?? (item.expr.kind === 'column' ? item.expr.name : `expr${++unnamed}`);
      outputs.push({ name, sql: compiled.sql, kind: compiled.kind });
    }
    return outputs;
  }

  private orderItem(item: OrderItem, outputs: Output[], query: SelectQuery, scope: Scope): SelectParts['orderBy'][number] {
    const nulls = item.nulls ?? (item.descending ? 'first' : 'last');
    const base = { descending: item.descending, nulls };
    if (item.expr.kind === 'number' && /^\d+$/.test(item.expr.value)) {
      const position = Number(item.expr.value);
      if (position < 1 || position > outputs.length) invalidQuery(`ORDER BY position ${position} is not in the select list.`);
      return { ...base, output: position - 1 };
    }
    // A select-list alias wins over a column of the same name, as in Oracle.
    const name = item.expr.kind === 'column' && item.expr.table === undefined ? item.expr.name : undefined;
    if (name !== undefined && query.items.some((i) => i.kind === 'expr' && i.alias === name)) {
      return { ...base, output: outputs.findIndex((o) => o.name === name) };
    }
    if (containsRownum(item.expr)) invalidQuery('ROWNUM cannot be used in ORDER BY.');
    const sql = this.expr(item.expr, scope).sql;
    const same = outputs.findIndex((o) => o.sql === sql);
    return same >= 0 ? { ...base, output: same } : { ...base, hidden: sql };
  }

  /** A WHERE/ON/HAVING condition. */
  private condition(expr: Expr, scope: Scope): string {
    if (containsRownum(expr)) invalidQuery('ROWNUM is supported only as a top-level "ROWNUM <= n" condition in the NetSuite sandbox.');
    const compiled = this.expr(expr, scope);
    if (compiled.kind !== 'boolean' && compiled.kind !== 'unknown' && compiled.kind !== 'null') {
      invalidQuery('A condition (comparison, IN, LIKE, IS NULL, …) is expected in WHERE, ON and HAVING.');
    }
    return compiled.sql;
  }

  private column(source: Source, name: string): Compiled {
    const info = source.columns.get(name)!;
    const ref = `${source.sqlAlias}.${quoteIdent(name)}`;
    const column = { source, name, ...(info.spec && { spec: info.spec }) };
    if (!source.table) return { sql: ref, kind: info.kind, column };
    // A NetSuite checkbox is never empty; datetimes are shown and compared in the account's time zone.
    if (info.kind === 'boolean') return { sql: `coalesce(${ref}, false)`, kind: 'boolean', column };
    if (info.kind === 'datetime') return { sql: localTimestampSql(ref, this.ctx), kind: 'datetime', column };
    return { sql: ref, kind: info.kind, column };
  }

  expr(expr: Expr, scope: Scope): Compiled {
    switch (expr.kind) {
      case 'column': {
        const { source, name } = scope.resolve(expr.table, expr.name);
        return this.column(source, name);
      }
      case 'string':
        // Oracle treats the empty string as NULL.
        return expr.value === '' ? { sql: 'NULL', kind: 'null' } : { sql: param(this.ctx, expr.value), kind: 'text', literal: expr.value };
      case 'number':
        return { sql: expr.value, kind: 'number' };
      case 'null':
        return { sql: 'NULL', kind: 'null' };
      case 'rownum':
        return invalidQuery('ROWNUM is supported only in the select list or as a top-level "ROWNUM <= n" condition in the NetSuite sandbox.');
      case 'unary':
        return this.unary(expr.op, this.expr(expr.expr, scope));
      case 'binary':
        return this.binary(expr.op, this.expr(expr.left, scope), this.expr(expr.right, scope));
      case 'compare':
        return { sql: this.compare(expr.op, this.expr(expr.left, scope), this.expr(expr.right, scope)), kind: 'boolean' };
      case 'logical':
        return { sql: `(${this.expr(expr.left, scope).sql} ${expr.op.toUpperCase()} ${this.expr(expr.right, scope).sql})`, kind: 'boolean' };
      case 'in':
        return this.inExpr(expr, scope);
      case 'between': {
        const value = this.expr(expr.expr, scope);
        const low = alignLiteral(value, this.expr(expr.low, scope), this.ctx);
        const high = alignLiteral(value, this.expr(expr.high, scope), this.ctx);
        return { sql: `(${value.sql} ${expr.negated ? 'NOT ' : ''}BETWEEN ${low.sql} AND ${high.sql})`, kind: 'boolean' };
      }
      case 'like': {
        const escape = expr.escape ? ` ESCAPE ${this.expr(expr.escape, scope).sql}` : '';
        const sql = `(${textOf(this.expr(expr.expr, scope))} ${expr.negated ? 'NOT ' : ''}LIKE ${textOf(this.expr(expr.pattern, scope))}${escape})`;
        return { sql, kind: 'boolean' };
      }
      case 'isnull':
        return { sql: `(${this.expr(expr.expr, scope).sql} IS ${expr.negated ? 'NOT ' : ''}NULL)`, kind: 'boolean' };
      case 'exists':
        return { sql: `(${expr.negated ? 'NOT ' : ''}EXISTS (${this.subquery(expr.query, scope).sql}))`, kind: 'boolean' };
      case 'subquery': {
        const sub = this.subquery(expr.query, scope);
        if (sub.outputs.length !== 1) invalidQuery('A scalar subquery must select exactly one column.');
        return { sql: `(${sub.sql})`, kind: sub.outputs[0]!.kind };
      }
      case 'case':
        return this.caseExpr(expr, scope);
      case 'call':
        return this.call(expr, scope);
      case 'cast':
        return this.cast(this.expr(expr.expr, scope), expr.type);
      case 'extract': {
        const fields = ['year', 'month', 'day', 'hour', 'minute', 'second'];
        if (!fields.includes(expr.field)) invalidQuery(`EXTRACT does not support '${expr.field.toUpperCase()}'.`);
        return { sql: `extract(${expr.field} FROM ${this.expr(expr.expr, scope).sql})`, kind: 'number' };
      }
    }
  }

  private unary(op: '-' | '+' | 'not', value: Compiled): Compiled {
    if (op === 'not') return { sql: `(NOT ${value.sql})`, kind: 'boolean' };
    return op === '-' ? { sql: `(-${value.sql})`, kind: value.kind === 'null' ? 'number' : value.kind } : value;
  }

  private binary(op: '+' | '-' | '*' | '/' | '||', left: Compiled, right: Compiled): Compiled {
    if (op === '||') return { sql: `nullif(concat(${textOf(left)}, ${textOf(right)}), '')`, kind: 'text' };
    const isDate = (c: Compiled): boolean => c.kind === 'date' || c.kind === 'datetime';
    if (op === '-' && isDate(left) && isDate(right)) {
      return { sql: `((epoch(CAST(${left.sql} AS TIMESTAMP)) - epoch(CAST(${right.sql} AS TIMESTAMP))) / 86400.0)`, kind: 'number' };
    }
    if ((op === '+' || op === '-') && (isDate(left) || (op === '+' && isDate(right)))) {
      const [date, days] = isDate(left) ? [left, right] : [right, left];
      return this.dateShift(date, op, days);
    }
    if (isDate(left) || isDate(right)) invalidQuery(`Dates cannot be combined with '${op}'.`);
    return { sql: `(${left.sql} ${op} ${right.sql})`, kind: 'number' };
  }

  /** Oracle date arithmetic: date ± n adds n days (fractions are hours, minutes, …). */
  private dateShift(date: Compiled, op: '+' | '-', days: Compiled): Compiled {
    if (date.kind === 'date' && days.kind === 'number' && /^\d+$/.test(days.sql)) {
      return { sql: `CAST(${date.sql} ${op} to_days(${days.sql}) AS DATE)`, kind: 'date' };
    }
    const shift = `to_microseconds(CAST(round((${days.sql}) * 86400000000) AS BIGINT))`;
    return { sql: `(CAST(${date.sql} AS TIMESTAMP) ${op} ${shift})`, kind: 'datetime' };
  }

  private compare(op: CompareOp, left: Compiled, right: Compiled): string {
    const compound = statusCompound(left, right, this.ctx) ?? statusCompound(right, left, this.ctx);
    if (compound) {
      if (op === '=') return compound;
      if (op === '<>') return `(NOT ${compound})`;
      invalidQuery(`A compound transaction status like '${left.literal ?? right.literal}' can only be compared with = or <>.`);
    }
    let l = alignLiteral(right, left, this.ctx);
    let r = alignLiteral(left, right, this.ctx);
    // A checkbox compared with text compares its T/F text.
    if (l.kind === 'boolean' && r.kind === 'text') l = { sql: textOf(l), kind: 'text' };
    if (r.kind === 'boolean' && l.kind === 'text') r = { sql: textOf(r), kind: 'text' };
    return `(${l.sql} ${op} ${r.sql})`;
  }

  private inExpr(expr: Extract<Expr, { kind: 'in' }>, scope: Scope): Compiled {
    const value = this.expr(expr.expr, scope);
    const not = expr.negated ? 'NOT ' : '';
    if (!Array.isArray(expr.list)) {
      const sub = this.subquery(expr.list, scope);
      if (sub.outputs.length !== 1) invalidQuery('A subquery after IN must select exactly one column.');
      return { sql: `(${value.sql} ${not}IN (${sub.sql}))`, kind: 'boolean' };
    }
    const items = expr.list.map((e) => this.expr(e, scope));
    if (items.some((i) => statusCompound(value, i, this.ctx))) {
      const any = items.map((i) => this.compare('=', value, i)).join(' OR ');
      return { sql: `(${not}(${any}))`, kind: 'boolean' };
    }
    let left = value;
    let aligned = items.map((i) => alignLiteral(value, i, this.ctx));
    if (value.kind === 'boolean' && aligned.some((i) => i.kind === 'text')) {
      left = { sql: textOf(value), kind: 'text' };
      aligned = items;
    }
    return { sql: `(${left.sql} ${not}IN (${aligned.map((i) => i.sql).join(', ')}))`, kind: 'boolean' };
  }

  private caseExpr(expr: Extract<Expr, { kind: 'case' }>, scope: Scope): Compiled {
    const operand = expr.operand && this.expr(expr.operand, scope);
    const results = [...expr.whens.map((w) => this.expr(w.then, scope)), ...(expr.otherwise ? [this.expr(expr.otherwise, scope)] : [])];
    const kind = results.find((r) => r.kind !== 'null')?.kind ?? 'null';
    const fit = (r: Compiled): string => (kind === 'text' && r.kind !== 'text' && r.kind !== 'null' ? textOf(r) : alignLiteral({ sql: '', kind }, r, this.ctx).sql);
    const whens = expr.whens.map((w, i) => {
      const condition = operand ? alignLiteral(operand, this.expr(w.when, scope), this.ctx).sql : this.condition(w.when, scope);
      return `WHEN ${condition} THEN ${fit(results[i]!)}`;
    });
    const otherwise = expr.otherwise ? ` ELSE ${fit(results.at(-1)!)}` : '';
    return { sql: `(CASE ${operand ? `${operand.sql} ` : ''}${whens.join(' ')}${otherwise} END)`, kind };
  }

  private call(expr: Extract<Expr, { kind: 'call' }>, scope: Scope): Compiled {
    const args = expr.args.map((a) => this.expr(a, scope));
    const argSources = expr.args.map((a) => [...new Set(columnRefs(a).map((ref) => scope.resolve(ref.table, ref.name).source))]);
    const over = expr.over ? this.window(expr.over, scope) : '';
    return compileCall(args, { ctx: this.ctx, name: expr.name, distinct: expr.distinct, star: expr.star, over, argSources });
  }

  private window(spec: WindowSpec, scope: Scope): string {
    const partition = spec.partitionBy.length ? `PARTITION BY ${spec.partitionBy.map((e) => this.expr(e, scope).sql).join(', ')}` : '';
    const order = spec.orderBy.length
      ? `ORDER BY ${spec.orderBy.map((o) => `${this.expr(o.expr, scope).sql} ${o.descending ? 'DESC' : 'ASC'} NULLS ${(o.nulls ?? (o.descending ? 'first' : 'last')).toUpperCase()}`).join(', ')}`
      : '';
    return ` OVER (${[partition, order].filter(Boolean).join(' ')})`;
  }

  private cast(value: Compiled, type: string): Compiled {
    const base = type.replace(/\(.*$/, '');
    const scale = /\(\s*(\d+)\s*,\s*(\d+)\s*\)/.exec(type);
    if (['varchar', 'varchar2', 'char', 'nvarchar2', 'nchar', 'clob'].includes(base)) return { sql: textOf(value), kind: 'text' };
    if (['integer', 'int', 'smallint'].includes(base)) return { sql: `CAST(${value.sql} AS BIGINT)`, kind: 'number' };
    if (['number', 'numeric', 'decimal'].includes(base) && scale && Number(scale[2]) > 0) {
      return { sql: `CAST(${value.sql} AS DECIMAL(${Math.min(38, Number(scale[1]))}, ${scale[2]}))`, kind: 'number' };
    }
    if (['number', 'numeric', 'decimal', 'float', 'double', 'real'].includes(base)) return { sql: `CAST(${value.sql} AS DOUBLE)`, kind: 'number' };
    if (base === 'date' || base === 'timestamp') {
      if (value.kind === 'date' || value.kind === 'datetime') return value;
      if (value.literal !== undefined) return dateLiteral(value.literal, undefined, this.ctx, base === 'timestamp');
      return { sql: `strptime(${textOf(value)}, ['%m/%d/%Y', '%Y-%m-%d'])`, kind: 'datetime' };
    }
    return invalidQuery(`CAST to ${type.toUpperCase()} is not supported by the NetSuite sandbox.`);
  }
}

/** `status = 'CustInvc:A'`: the saved-search form of a transaction status, type and letter together. */
function statusCompound(column: Compiled, value: Compiled, ctx: CompileContext): string | undefined {
  const c = column.column;
  if (!c || c.name !== 'status' || c.source.table?.name !== 'transaction' || value.literal === undefined) return undefined;
  const split = value.literal.indexOf(':');
  if (split < 0) return undefined;
  const s = c.source.sqlAlias;
  return `(${s}."type" = ${param(ctx, value.literal.slice(0, split))} AND ${s}."status" = ${param(ctx, value.literal.slice(split + 1))})`;
}
