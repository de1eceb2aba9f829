import type { FieldPath, OrderItem, SelectItem, SoqlQuery } from './soql-ast.ts';
import type { OrgObject, OrgSchema } from './org-schema.ts';
import type { SqlParam } from '../store/sandbox-db.ts';
import { parseSoql } from './soql-parser.ts';
import { SoqlError, unsupportedType } from './soql-error.ts';
import { compileCondition } from './soql-conditions.ts';
import { QueryScope, isIdType, type ResolvedField } from './soql-scope.ts';
import { orderTerm, sortable, termSql, type OrderTerm } from './soql-ordering.ts';
import { csvColumns, csvLineSql, jsonRecordSql, type SelectionNode } from './record-serializer.ts';
import { SqlParams, sqlString } from './sql-params.ts';
import { compileAggregate } from './soql-aggregates.ts';

export type QueryKind = 'records' | 'count' | 'aggregate';

export interface CompileOptions {
  org: OrgSchema;
  /** queryAll: include soft-deleted rows. */
  scanAll: boolean;
  now: Date;
  /** API version of the request (`62.0`), for the records' `attributes.url`. */
  apiVersion: string;
  /** `json` (REST query: one JSON record per row) or `csv` (Bulk API 2.0: one CSV line per row). */
  format: 'json' | 'csv';
  /** CSV column delimiter character (default `,`). */
  csvDelimiter?: string;
}

export interface CompiledQuery {
  kind: QueryKind;
  object: OrgObject;
  /** records/aggregate: one serialized record per row in column `r`; count: one row, column `n`. */
  sql: string;
  params: SqlParam[];
  /** CSV header (csv format only). */
  csvHeader: string[];
}

const MAX_OFFSET = 2000;

/** Parses and compiles SOQL into one parameterised DuckDB statement; throws SoqlError. */
export function compileSoql(soql: string, options: CompileOptions): CompiledQuery {
  if (!/^\d{1,3}\.\d$/.test(options.apiVersion)) throw new Error(`bad API version ${options.apiVersion}`);
  const query = parseSoql(soql);
  let aliases = 0;
  const compiler = new Compiler(options, () => `t${aliases++}`);
  return compiler.compile(query);
}

class Compiler {
  private readonly options: CompileOptions;
  private readonly params = new SqlParams();
  private readonly nextAlias: () => string;
  private readonly urlPrefix: string;

  constructor(options: CompileOptions, nextAlias: () => string) {
    this.options = options;
    this.nextAlias = nextAlias;
    this.urlPrefix = sqlString(`/services/data/v${options.apiVersion}`);
  }

  compile(query: SoqlQuery): CompiledQuery {
    const scope = this.rootScope(query);
    const kind = queryKind(query);
    if (query.offset !== undefined && query.offset > MAX_OFFSET) {
      throw new SoqlError('NUMBER_OUTSIDE_VALID_RANGE', `Maximum SOQL offset allowed is ${MAX_OFFSET}`, query.from.pos);
    }
    if (this.options.format === 'csv' && kind !== 'records') {
      throw new SoqlError('MALFORMED_QUERY', 'Aggregate queries (COUNT(), SUM(), GROUP BY, ...) are not supported by Bulk API query jobs', query.from.pos);
    }
    if (kind === 'count') return this.count(query, scope);
    if (kind === 'aggregate') {
      const where = this.where(query, scope);
      const sql = compileAggregate(query, scope, where, { tail: this.tail(query) });
      return { kind, object: scope.object, sql, params: this.params.values, csvHeader: [] };
    }
    return this.records(query, scope);
  }

  private rootScope(query: SoqlQuery): QueryScope {
    const object = this.options.org.object(query.from.name);
    if (!object) throw unsupportedType(query.from.name, query.from.pos);
    return new QueryScope(this.options.org, object, this.nextAlias, query.from.alias);
  }

  private count(query: SoqlQuery, scope: QueryScope): CompiledQuery {
    const where = this.where(query, scope);
    const inner = `SELECT 1 FROM ${scope.fromSql()}${where}${this.tail(query)}`;
    return { kind: 'count', object: scope.object, sql: `SELECT count(*)::BIGINT AS n FROM (${inner})`, params: this.params.values, csvHeader: [] };
  }

  private records(query: SoqlQuery, scope: QueryScope): CompiledQuery {
    const nodes = this.selection(query.select, scope);
    const where = this.where(query, scope);
    const order = this.orderBy(query.orderBy, scope);
    const tail = ` ORDER BY ${[...order, idTerm(scope)].map(termSql).join(', ')}${this.tail(query)}`;
    if (this.options.format === 'csv') {
      const columns = csvColumns(nodes);
      const sql = `SELECT ${csvLineSql(columns, this.options.csvDelimiter)} AS r FROM ${scope.fromSql()}${where}${tail}`;
      return { kind: 'records', object: scope.object, sql, params: this.params.values, csvHeader: columns.map((c) => c.header) };
    }
    const record = jsonRecordSql(scope.object.name, scope.alias, nodes, this.urlPrefix);
    const sql = `SELECT ${record}::VARCHAR AS r FROM ${scope.fromSql()}${where}${tail}`;
    return { kind: 'records', object: scope.object, sql, params: this.params.values, csvHeader: [] };
  }

  private selection(items: SelectItem[], scope: QueryScope, allowChildren = true): SelectionNode[] {
    const nodes: SelectionNode[] = [];
    for (const item of items) {
      if (item.kind === 'field') addField(nodes, scope.resolve(item.path), item.path);
      else if (item.kind === 'subquery' && allowChildren) nodes.push(this.childSubquery(item.query, scope, item.pos));
      else if (item.kind === 'subquery') throw new SoqlError('MALFORMED_QUERY', 'Nested parent-to-child subqueries are not supported', item.pos);
      else if (item.kind === 'countAll') throw new SoqlError('MALFORMED_QUERY', 'COUNT() must be the only element in the SELECT list', item.pos);
      else throw new SoqlError('MALFORMED_QUERY', 'Aggregate functions are not allowed in a parent-to-child subquery', item.pos);
    }
    return nodes;
  }

  private where(query: SoqlQuery, scope: QueryScope, extra: string[] = []): string {
    const parts = [...extra];
    const notDeleted = scope.notDeletedSql(this.options.scanAll);
    if (notDeleted) parts.push(notDeleted);
    if (query.where) {
      parts.push(compileCondition(
        { scope, params: this.params, now: this.options.now, semiJoin: (q, pos) => this.semiJoin(q, pos) },
        query.where,
      ));
    }
    return parts.length === 0 ? '' : ` WHERE ${parts.join(' AND ')}`;
  }

  private orderBy(items: OrderItem[], scope: QueryScope): OrderTerm[] {
    return items.map((item) => {
      if (item.target.kind !== 'field') throw new SoqlError('MALFORMED_QUERY', 'Aggregate functions in ORDER BY need a GROUP BY query', item.target.pos);
      return orderTerm(sortable(scope.resolve(item.target.path), item.target.path), item);
    });
  }

  private tail(query: SoqlQuery): string {
    return `${query.limit !== undefined ? ` LIMIT ${query.limit}` : ''}${query.offset !== undefined ? ` OFFSET ${query.offset}` : ''}`;
  }

  /** `(SELECT ... FROM Opportunities)`: the children of each row as `{totalSize, done, records}`, or null. */
  private childSubquery(query: SoqlQuery, parent: QueryScope, pos: number): SelectionNode {
    const relationship = parent.object.childRelationship(query.from.name);
    const child = relationship ? this.options.org.object(relationship.childSObject) : undefined;
    if (!relationship || !child) {
      throw new SoqlError(
        'INVALID_TYPE',
        `Didn't understand relationship '${query.from.name}' in FROM part of query call. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`,
        query.from.pos,
      );
    }
    if (query.groupBy.length > 0 || query.offset !== undefined) throw new SoqlError('MALFORMED_QUERY', 'GROUP BY and OFFSET are not supported in a parent-to-child subquery', pos);
    const scope = new QueryScope(this.options.org, child, this.nextAlias, query.from.alias);
    const nodes = this.selection(query.select, scope, false);
    const where = this.where(query, scope, [`${scope.column(relationship.field)} = ${parent.column('Id')}`]);
    const order = [...this.orderBy(query.orderBy, scope), idTerm(scope)];
    const sub = this.nextAlias();
    const orderColumns = order.map((o, i) => `${o.expr} AS o${i}`);
    const orderRefs = order.map((o, i) => `${sub}.o${i} ${o.suffix}`);
    const inner = `SELECT ${jsonRecordSql(child.name, scope.alias, nodes, this.urlPrefix)} AS r, ${orderColumns.join(', ')} FROM ${scope.fromSql()}${where} ORDER BY ${order.map(termSql).join(', ')}${this.tail(query)}`;
    const sql = `(SELECT CASE WHEN count(*) = 0 THEN NULL ELSE json_object('totalSize', count(*), 'done', true, 'records', to_json(list(${sub}.r ORDER BY ${orderRefs.join(', ')}))) END FROM (${inner}) ${sub})`;
    return { kind: 'child', key: relationship.relationshipName, sql };
  }

  /** `AccountId IN (SELECT Id FROM Account WHERE ...)`: one id or reference column. */
  private semiJoin(query: SoqlQuery, pos: number): string {
    const object = this.options.org.object(query.from.name);
    if (!object) throw unsupportedType(query.from.name, query.from.pos);
    const [item, ...rest] = query.select;
    if (!item || rest.length > 0 || item.kind !== 'field') {
      throw new SoqlError('MALFORMED_QUERY', 'a semi join sub-select must select exactly one id or reference field', pos);
    }
    const scope = new QueryScope(this.options.org, object, this.nextAlias, query.from.alias);
    const selected = scope.resolve(item.path);
    if (!isIdType(selected.field)) throw new SoqlError('MALFORMED_QUERY', `semi join sub-selects can only select id or reference fields, not '${selected.field.name}'`, item.path.pos);
    const where = this.where(query, scope, [`${selected.sql} IS NOT NULL`]);
    return `SELECT ${selected.sql} FROM ${scope.fromSql()}${where}${this.tail(query)}`;
  }
}

function queryKind(query: SoqlQuery): QueryKind {
  if (query.select.some((s) => s.kind === 'countAll')) {
    if (query.select.length > 1) throw new SoqlError('MALFORMED_QUERY', 'COUNT() must be the only element in the SELECT list', query.select[0]!.kind === 'countAll' ? query.select[0]!.pos : query.from.pos);
    if (query.groupBy.length > 0) throw new SoqlError('MALFORMED_QUERY', 'COUNT() with GROUP BY is not supported by the closeloop sandbox; use COUNT(Id)', query.from.pos);
    return 'count';
  }
  return query.groupBy.length > 0 || query.select.some((s) => s.kind === 'aggregate') ? 'aggregate' : 'records';
}

function addField(nodes: SelectionNode[], resolved: ResolvedField, path: FieldPath): void {
  let level = nodes;
  for (const step of resolved.chain) {
    let parent = level.find((n) => n.kind === 'parent' && n.key === step.name);
    if (!parent) {
      parent = { kind: 'parent', key: step.name, objectName: step.object.name, alias: step.alias, children: [] };
      level.push(parent);
    }
    level = (parent as Extract<SelectionNode, { kind: 'parent' }>).children;
  }
  if (level.some((n) => n.kind === 'field' && n.field.name === resolved.field.name)) {
    throw new SoqlError('MALFORMED_QUERY', `duplicate field selected: ${resolved.canonical}`, path.pos);
  }
  level.push({ kind: 'field', key: resolved.field.name, field: resolved.field, sql: resolved.sql });
}

/** The final tie-breaker, so pages and LIMIT/OFFSET are deterministic. */
function idTerm(scope: QueryScope): OrderTerm {
  return { expr: scope.column('Id'), suffix: 'ASC' };
}
