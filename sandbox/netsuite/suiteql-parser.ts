import type { CompareOp, Expr, FromItem, OrderItem, SelectItem, SelectQuery, WindowSpec } from './suiteql-ast.ts';
import { SuiteqlSyntaxError, tokenize, type Token } from './suiteql-lexer.ts';

const RESERVED = new Set([
  'select', 'from', 'where', 'group', 'order', 'having', 'and', 'or', 'not', 'in', 'is', 'null', 'like', 'between',
  'case', 'when', 'then', 'else', 'end', 'join', 'inner', 'left', 'right', 'full', 'outer', 'cross', 'on', 'as',
  'distinct', 'union', 'minus', 'intersect', 'fetch', 'offset', 'exists', 'asc', 'desc', 'by', 'all', 'escape', 'top',
]);

/** Words that start a clause where an alias could otherwise stand. */
const CLAUSE_WORDS = new Set(['limit', 'within', 'over']);

/** Functions written without parentheses in Oracle SQL. */
const NILADIC = new Set(['sysdate', 'current_date', 'current_timestamp', 'systimestamp']);

/** Parses one SuiteQL SELECT statement. Throws SuiteqlSyntaxError with the position of the problem. */
export function parseSuiteql(sql: string): SelectQuery {
  const parser = new Parser(tokenize(sql));
  const query = parser.selectQuery();
  parser.optional(';');
  parser.expectEnd();
  return query;
}

class Parser {
  private pos = 0;
  private readonly tokens: Token[];

  constructor(tokens: Token[]) {
    this.tokens = tokens;
  }

  private peek(ahead = 0): Token {
    return this.tokens[Math.min(this.pos + ahead, this.tokens.length - 1)]!;
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== 'eof') this.pos += 1;
    return token;
  }

  /** True when the next token is the keyword or operator `word` (keywords match unquoted identifiers only). */
  private is(word: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return (t.kind === 'ident' || t.kind === 'op') && t.value === word;
  }

  optional(word: string): boolean {
    if (!this.is(word)) return false;
    this.pos += 1;
    return true;
  }

  private expect(word: string): void {
    if (!this.optional(word)) this.fail(`expected ${word.toUpperCase()}`);
  }

  expectEnd(): void {
    const t = this.peek();
    if (t.kind === 'eof') return;
    if (['union', 'minus', 'intersect'].includes(t.value)) this.unsupported(`${t.text.toUpperCase()} (set operations)`);
    this.fail('unexpected text after the end of the query');
  }

  private fail(problem: string): never {
    const t = this.peek();
    const near = t.kind === 'eof' ? 'the end of the query' : `'${t.text}' at position ${t.at}`;
    throw new SuiteqlSyntaxError(`Syntax error: ${problem} near ${near}.`);
  }

  private unsupported(what: string): never {
    throw new SuiteqlSyntaxError(`${what} is not supported by the NetSuite sandbox (position ${this.peek().at}).`);
  }

  private integer(what: string): number {
    const t = this.next();
    if (t.kind !== 'number' || !/^\d+$/.test(t.text)) {
      this.pos -= 1;
      this.fail(`expected a whole number for ${what}`);
    }
    return Number(t.text);
  }

  private identifier(what: string): string {
    const t = this.peek();
    if (t.kind === 'quoted' || (t.kind === 'ident' && !RESERVED.has(t.value))) {
      this.pos += 1;
      return t.value;
    }
    return this.fail(`expected ${what}`);
  }

  private aliasIfAny(): string | undefined {
    if (this.optional('as')) return this.identifier('an alias');
    const t = this.peek();
    const word = t.kind === 'quoted' || (t.kind === 'ident' && !RESERVED.has(t.value) && !CLAUSE_WORDS.has(t.value));
    if (!word) return undefined;
    this.pos += 1;
    return t.value;
  }

  selectQuery(): SelectQuery {
    this.expect('select');
    const query: SelectQuery = { distinct: false, items: [], from: [], groupBy: [], orderBy: [] };
    if (this.optional('distinct')) query.distinct = true;
    else this.optional('all');
    if (this.optional('top')) query.top = this.integer('TOP');
    query.items = this.list(() => this.selectItem());
    this.expect('from');
    query.from = this.fromClause();
    if (this.optional('where')) query.where = this.expr();
    if (this.optional('group')) {
      this.expect('by');
      query.groupBy = this.list(() => this.expr());
    }
    if (this.optional('having')) query.having = this.expr();
    if (this.optional('order')) {
      this.expect('by');
      query.orderBy = this.list(() => this.orderItem());
    }
    this.limitClauses(query);
    return query;
  }

  private limitClauses(query: SelectQuery): void {
    if (this.is('limit')) this.unsupported('LIMIT (use FETCH FIRST n ROWS ONLY)');
    if (this.optional('offset')) {
      query.offsetRows = this.integer('OFFSET');
      if (!this.optional('rows')) this.optional('row');
    }
    if (this.optional('fetch')) {
      if (!this.optional('first')) this.expect('next');
      query.fetchFirst = this.integer('FETCH FIRST');
      if (!this.optional('rows')) this.expect('row');
      this.expect('only');
    }
  }

  private list<T>(item: () => T): T[] {
    const items = [item()];
    while (this.optional(',')) items.push(item());
    return items;
  }

  private selectItem(): SelectItem {
    if (this.optional('*')) return { kind: 'star' };
    if ((this.peek().kind === 'ident' || this.peek().kind === 'quoted') && this.is('.', 1) && this.is('*', 2)) {
      const table = this.identifier('a table alias');
      this.pos += 2;
      return { kind: 'star', table };
    }
    const expr = this.expr();
    const alias = this.aliasIfAny();
    return alias === undefined ? { kind: 'expr', expr } : { kind: 'expr', expr, alias };
  }

  private fromClause(): FromItem[] {
    const items: FromItem[] = [this.fromItem()];
    for (;;) {
      if (this.optional(',')) {
        items.push({ ...this.fromItem(), join: { type: 'cross' } });
        continue;
      }
      const type = this.joinType();
      if (!type) return items;
      const item = this.fromItem();
      if (type === 'cross') {
        items.push({ ...item, join: { type } });
      } else {
        this.expect('on');
        items.push({ ...item, join: { type, on: this.expr() } });
      }
    }
  }

  private joinType(): 'inner' | 'left' | 'right' | 'full' | 'cross' | undefined {
    if (this.optional('join')) return 'inner';
    for (const type of ['inner', 'cross'] as const) {
      if (this.optional(type)) {
        this.expect('join');
        return type;
      }
    }
    for (const side of ['left', 'right', 'full'] as const) {
      if (this.optional(side)) {
        this.optional('outer');
        this.expect('join');
        return side;
      }
    }
    return undefined;
  }

  private fromItem(): FromItem {
    if (this.optional('(')) {
      const query = this.selectQuery();
      this.expect(')');
      const alias = this.aliasIfAny();
      return alias === undefined ? { source: { kind: 'query', query } } : { source: { kind: 'query', query }, alias };
    }
    const first = this.identifier('a table name');
    if (this.optional('.')) this.unsupported(`Schema-qualified table name '${first}.…'`);
    const alias = this.aliasIfAny();
    return alias === undefined ? { source: { kind: 'table', name: first } } : { source: { kind: 'table', name: first }, alias };
  }

  private orderItem(): OrderItem {
    const expr = this.expr();
    let descending = false;
    if (this.optional('desc')) descending = true;
    else this.optional('asc');
    const item: OrderItem = { expr, descending };
    if (this.optional('nulls')) {
      if (this.optional('first')) item.nulls = 'first';
      else {
        this.expect('last');
        item.nulls = 'last';
      }
    }
    return item;
  }

  expr(): Expr {
    let left = this.andExpr();
    while (this.optional('or')) left = { kind: 'logical', op: 'or', left, right: this.andExpr() };
    return left;
  }

  private andExpr(): Expr {
    let left = this.notExpr();
    while (this.optional('and')) left = { kind: 'logical', op: 'and', left, right: this.notExpr() };
    return left;
  }

  private notExpr(): Expr {
    if (this.optional('not')) return { kind: 'unary', op: 'not', expr: this.notExpr() };
    return this.predicate();
  }

  private predicate(): Expr {
    if (this.optional('exists')) return { kind: 'exists', query: this.parenthesisedQuery(), negated: false };
    const left = this.additive();
    const op = this.compareOp();
    if (op) {
      if (this.is('any') || this.is('some') || (this.is('all') && this.is('(', 1))) this.unsupported(`${this.peek().text.toUpperCase()} comparisons`);
      return { kind: 'compare', op, left, right: this.additive() };
    }
    if (this.optional('is')) {
      const negated = this.optional('not');
      this.expect('null');
      return { kind: 'isnull', expr: left, negated };
    }
    const negated = this.optional('not');
    if (this.optional('in')) return { kind: 'in', expr: left, list: this.inList(), negated };
    if (this.optional('between')) {
      const low = this.additive();
      this.expect('and');
      return { kind: 'between', expr: left, low, high: this.additive(), negated };
    }
    if (this.optional('like')) {
      const pattern = this.additive();
      if (this.optional('escape')) return { kind: 'like', expr: left, pattern, escape: this.additive(), negated };
      return { kind: 'like', expr: left, pattern, negated };
    }
    if (negated) this.fail('expected IN, BETWEEN or LIKE after NOT');
    return left;
  }

  private compareOp(): CompareOp | undefined {
    const t = this.peek();
    if (t.kind !== 'op') return undefined;
    const map: Record<string, CompareOp> = { '=': '=', '<>': '<>', '!=': '<>', '^=': '<>', '<': '<', '>': '>', '<=': '<=', '>=': '>=' };
    const op = map[t.value];
    if (op) this.pos += 1;
    return op;
  }

  private inList(): Expr[] | SelectQuery {
    this.expect('(');
    if (this.is('select')) {
      const query = this.selectQuery();
      this.expect(')');
      return query;
    }
    const items = this.list(() => this.expr());
    this.expect(')');
    return items;
  }

  private parenthesisedQuery(): SelectQuery {
    this.expect('(');
    const query = this.selectQuery();
    this.expect(')');
    return query;
  }

  private additive(): Expr {
    let left = this.multiplicative();
    for (;;) {
      const op = this.is('+') ? '+' : this.is('-') ? '-' : this.is('||') ? '||' : undefined;
      if (!op) return left;
      this.pos += 1;
      left = { kind: 'binary', op, left, right: this.multiplicative() };
    }
  }

  private multiplicative(): Expr {
    let left = this.unary();
    for (;;) {
      const op = this.is('*') ? '*' : this.is('/') ? '/' : undefined;
      if (!op) return left;
      this.pos += 1;
      left = { kind: 'binary', op, left, right: this.unary() };
    }
  }

  private unary(): Expr {
    if (this.optional('-')) return { kind: 'unary', op: '-', expr: this.unary() };
    if (this.optional('+')) return { kind: 'unary', op: '+', expr: this.unary() };
    return this.primary();
  }

  private primary(): Expr {
    const t = this.peek();
    if (t.kind === 'number' || t.kind === 'string') {
      this.pos += 1;
      return t.kind === 'number' ? { kind: 'number', value: t.text } : { kind: 'string', value: t.value };
    }
    if (this.optional('(')) {
      if (this.is('select')) {
        const query = this.selectQuery();
        this.expect(')');
        return { kind: 'subquery', query };
      }
      const inner = this.expr();
      this.expect(')');
      return inner;
    }
    if (this.optional('null')) return { kind: 'null' };
    if (t.kind === 'ident' && t.value === 'case') return this.caseExpr();
    if (t.kind === 'ident' || t.kind === 'quoted') return this.identifierExpr();
    return this.fail('expected an expression');
  }

  private caseExpr(): Expr {
    this.expect('case');
    const operand = this.is('when') ? undefined : this.expr();
    const whens: { when: Expr; then: Expr }[] = [];
    while (this.optional('when')) {
      const when = this.expr();
      this.expect('then');
      whens.push({ when, then: this.expr() });
    }
    if (whens.length === 0) this.fail('expected WHEN');
    const otherwise = this.optional('else') ? this.expr() : undefined;
    this.expect('end');
    return { kind: 'case', ...(operand && { operand }), whens, ...(otherwise && { otherwise }) };
  }

  private identifierExpr(): Expr {
    const t = this.next();
    if (t.kind === 'ident' && RESERVED.has(t.value)) {
      this.pos -= 1;
      this.fail('expected an expression');
    }
    if (t.kind === 'ident' && t.value === 'rownum') return { kind: 'rownum' };
    if (t.kind === 'ident' && (t.value === 'date' || t.value === 'timestamp') && this.peek().kind === 'string') {
      const literal = this.next().value;
      const format = t.value === 'date' ? 'YYYY-MM-DD' : 'YYYY-MM-DD HH24:MI:SS';
      return { kind: 'call', name: t.value === 'date' ? 'to_date' : 'to_timestamp', args: [{ kind: 'string', value: literal }, { kind: 'string', value: format }], star: false, distinct: false };
    }
    let name = t.value;
    if (this.is('.') && (this.peek(1).kind === 'ident' || this.peek(1).kind === 'quoted')) {
      this.pos += 1;
      const second = this.next().value;
      if (this.is('(')) return this.call(`${name}.${second}`);
      this.rejectOuterJoinMarker();
      return { kind: 'column', table: name, name: second };
    }
    if (t.kind === 'ident' && this.is('(')) {
      if (name === 'cast') return this.castExpr();
      if (name === 'extract') return this.extractExpr();
      return this.call(name);
    }
    if (t.kind === 'ident' && NILADIC.has(name)) return { kind: 'call', name, args: [], star: false, distinct: false };
    this.rejectOuterJoinMarker();
    name = t.value;
    return { kind: 'column', name };
  }

  private rejectOuterJoinMarker(): void {
    if (this.is('(+)')) this.unsupported('The Oracle outer-join marker (+) (use LEFT OUTER JOIN … ON)');
  }

  private call(name: string): Expr {
    this.expect('(');
    if (this.optional('*')) {
      this.expect(')');
      return { kind: 'call', name, args: [], star: true, distinct: false, ...this.overClause() };
    }
    const distinct = this.optional('distinct');
    if (!distinct) this.optional('all');
    const args = this.is(')') ? [] : this.list(() => this.expr());
    this.expect(')');
    if (this.is('within')) this.unsupported('WITHIN GROUP');
    return { kind: 'call', name, args, star: false, distinct, ...this.overClause() };
  }

  private overClause(): { over?: WindowSpec } {
    if (!this.optional('over')) return {};
    this.expect('(');
    const over: WindowSpec = { partitionBy: [], orderBy: [] };
    if (this.optional('partition')) {
      this.expect('by');
      over.partitionBy = this.list(() => this.expr());
    }
    if (this.optional('order')) {
      this.expect('by');
      over.orderBy = this.list(() => this.orderItem());
    }
    if (this.is('rows') || this.is('range')) this.unsupported('Window frames (ROWS/RANGE)');
    this.expect(')');
    return { over };
  }

  private castExpr(): Expr {
    this.expect('(');
    const expr = this.expr();
    this.expect('as');
    let type = this.identifier('a type name');
    if (this.optional('(')) {
      const sizes = this.list(() => String(this.integer('a type size')));
      this.expect(')');
      type += `(${sizes.join(',')})`;
    }
    this.expect(')');
    return { kind: 'cast', expr, type };
  }

  private extractExpr(): Expr {
    this.expect('(');
    const field = this.identifier('a date part (YEAR, MONTH, DAY, HOUR, MINUTE, SECOND)');
    this.expect('from');
    const expr = this.expr();
    this.expect(')');
    return { kind: 'extract', field, expr };
  }
}
