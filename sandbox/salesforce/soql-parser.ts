import type {
  AggregateFunction, ComparisonOperator, Condition, FieldPath, Literal, OrderItem, OrderTarget, SelectItem, SoqlQuery,
} from './soql-ast.ts';
import { SoqlError } from './soql-error.ts';
import { tokenize, type Token } from './soql-lexer.ts';
import { isRelativeDateName, takesParameter } from './soql-dates.ts';

const RESERVED = new Set([
  'AND', 'ASC', 'DESC', 'EXCLUDES', 'FIRST', 'FROM', 'GROUP', 'HAVING', 'IN', 'INCLUDES', 'LAST', 'LIKE', 'LIMIT',
  'NOT', 'NULL', 'NULLS', 'OR', 'SELECT', 'WHERE', 'WITH', 'ORDER', 'BY', 'OFFSET', 'USING', 'FOR', 'TYPEOF', 'TRUE', 'FALSE',
]);
const AGGREGATES = new Set<AggregateFunction>(['COUNT', 'COUNT_DISTINCT', 'SUM', 'AVG', 'MIN', 'MAX']);
const COMPARISONS = new Set(['=', '!=', '<', '<=', '>', '>=']);

/** Parses one SOQL statement; throws SoqlError (MALFORMED_QUERY) with the offending position. */
export function parseSoql(soql: string): SoqlQuery {
  const parser = new SoqlParser(tokenize(soql));
  const query = parser.query();
  parser.expectEnd();
  return query;
}

class SoqlParser {
  private readonly tokens: Token[];
  private index = 0;

  constructor(tokens: Token[]) {
    this.tokens = tokens;
  }

  query(): SoqlQuery {
    this.expectKeyword('SELECT');
    const select = this.selectList();
    this.expectKeyword('FROM');
    const fromToken = this.expectIdent('an sObject name');
    const from: SoqlQuery['from'] = { name: fromToken.text, pos: fromToken.pos };
    if (this.peek().kind === 'ident' && !RESERVED.has(this.peek().text.toUpperCase())) from.alias = this.next().text;
    const query: SoqlQuery = { select, from, groupBy: [], orderBy: [] };
    this.rejectClause('USING', 'USING SCOPE');
    if (this.acceptKeyword('WHERE')) query.where = this.condition();
    this.rejectClause('WITH', 'WITH filters');
    if (this.acceptKeyword('GROUP')) {
      this.expectKeyword('BY');
      if (this.isKeyword('ROLLUP') || this.isKeyword('CUBE')) throw this.unsupported('GROUP BY ROLLUP/CUBE');
      query.groupBy = this.commaList(() => this.fieldPath());
    }
    this.rejectClause('HAVING', 'HAVING');
    if (this.acceptKeyword('ORDER')) {
      this.expectKeyword('BY');
      query.orderBy = this.commaList(() => this.orderItem());
    }
    if (this.acceptKeyword('LIMIT')) query.limit = this.integer('LIMIT');
    if (this.acceptKeyword('OFFSET')) query.offset = this.integer('OFFSET');
    this.rejectClause('FOR', 'FOR VIEW/REFERENCE/UPDATE');
    if (this.isKeyword('ALL') && this.isKeyword('ROWS', 1)) throw this.unexpected(this.peek());
    return query;
  }

  expectEnd(): void {
    const token = this.peek();
    if (token.kind !== 'eof') throw this.unexpected(token);
  }

  private selectList(): SelectItem[] {
    return this.commaList(() => this.selectItem());
  }

  private selectItem(): SelectItem {
    const token = this.peek();
    if (token.kind === 'punct' && token.text === '(') {
      this.next();
      if (!this.isKeyword('SELECT')) throw this.unexpected(this.peek());
      const query = this.query();
      this.expectPunct(')');
      return { kind: 'subquery', query, pos: token.pos };
    }
    if (token.kind === 'ident' && this.peek(1).text === '(' && this.peek(1).kind === 'punct') return this.functionItem();
    if (token.kind === 'ident' && token.text.toUpperCase() === 'TYPEOF') throw this.unsupported('TYPEOF');
    return { kind: 'field', path: this.fieldPath() };
  }

  private functionItem(): SelectItem {
    const name = this.next();
    const fn = name.text.toUpperCase();
    this.expectPunct('(');
    if (fn === 'COUNT' && this.acceptPunct(')')) return { kind: 'countAll', pos: name.pos };
    if (!AGGREGATES.has(fn as AggregateFunction)) throw this.unsupported(`the function ${name.text}()`, name.pos);
    const path = this.fieldPath();
    this.expectPunct(')');
    const item: SelectItem = { kind: 'aggregate', fn: fn as AggregateFunction, path, pos: name.pos };
    if (this.peek().kind === 'ident' && !RESERVED.has(this.peek().text.toUpperCase())) item.alias = this.next().text;
    return item;
  }

  private fieldPath(): FieldPath {
    const first = this.expectIdent('a field name');
    const parts = [first.text];
    while (this.peek().kind === 'punct' && this.peek().text === '.') {
      this.next();
      parts.push(this.expectIdent('a field name after "."').text);
    }
    return { parts, pos: first.pos };
  }

  private orderItem(): OrderItem {
    const target = this.orderTarget();
    let descending = false;
    if (this.acceptKeyword('DESC')) descending = true;
    else this.acceptKeyword('ASC');
    const item: OrderItem = { target, descending };
    if (this.acceptKeyword('NULLS')) {
      if (this.acceptKeyword('LAST')) item.nullsLast = true;
      else {
        this.expectKeyword('FIRST');
        item.nullsLast = false;
      }
    }
    return item;
  }

  private orderTarget(): OrderTarget {
    const token = this.peek();
    if (token.kind === 'ident' && this.peek(1).kind === 'punct' && this.peek(1).text === '(') {
      const fn = this.next().text.toUpperCase();
      this.expectPunct('(');
      if (fn === 'COUNT' && this.acceptPunct(')')) return { kind: 'aggregate', fn: 'COUNT_ALL', pos: token.pos };
      if (!AGGREGATES.has(fn as AggregateFunction)) throw this.unsupported(`the function ${token.text}()`, token.pos);
      const path = this.fieldPath();
      this.expectPunct(')');
      return { kind: 'aggregate', fn: fn as AggregateFunction, path, pos: token.pos };
    }
    return { kind: 'field', path: this.fieldPath() };
  }

  /** SOQL needs parentheses to mix AND and OR at one level; NOT binds to the condition right after it. */
  private condition(): Condition {
    const first = this.unary();
    const connector = this.isKeyword('AND') ? 'AND' : this.isKeyword('OR') ? 'OR' : undefined;
    if (!connector) return first;
    const items = [first];
    while (this.acceptKeyword(connector)) items.push(this.unary());
    const other = connector === 'AND' ? 'OR' : 'AND';
    if (this.isKeyword(other)) throw this.unexpected(this.peek());
    return { kind: connector === 'AND' ? 'and' : 'or', items };
  }

  private unary(): Condition {
    if (this.acceptKeyword('NOT')) return { kind: 'not', item: this.unary() };
    if (this.acceptPunct('(')) {
      const inner = this.condition();
      this.expectPunct(')');
      return inner;
    }
    return this.comparison();
  }

  private comparison(): Condition {
    const token = this.peek();
    if (token.kind === 'ident' && this.peek(1).kind === 'punct' && this.peek(1).text === '(') {
      throw this.unsupported(`the function ${token.text}() in WHERE`, token.pos);
    }
    const path = this.fieldPath();
    const op = this.peek();
    if (op.kind === 'op' && COMPARISONS.has(op.text)) {
      this.next();
      return { kind: 'compare', path, op: op.text as ComparisonOperator, value: this.literal() };
    }
    if (this.acceptKeyword('LIKE')) return { kind: 'like', path, pattern: this.literal(), negated: false };
    const negated = this.acceptKeyword('NOT');
    if (this.isKeyword('IN')) return this.inCondition(path, negated);
    if (this.isKeyword('INCLUDES') || this.isKeyword('EXCLUDES')) throw this.unsupported('INCLUDES/EXCLUDES (multi-select picklists)');
    throw this.unexpected(this.peek());
  }

  private inCondition(path: FieldPath, negated: boolean): Condition {
    const inToken = this.next();
    this.expectPunct('(');
    if (this.isKeyword('SELECT')) {
      const query = this.query();
      this.expectPunct(')');
      return { kind: 'inQuery', path, query, negated, pos: inToken.pos };
    }
    const values = this.commaList(() => this.literal());
    this.expectPunct(')');
    return { kind: 'in', path, values, negated };
  }

  private literal(): Literal {
    const token = this.next();
    switch (token.kind) {
      case 'string': return { kind: 'string', raw: token.text, pos: token.pos };
      case 'number': return { kind: 'number', text: token.text, pos: token.pos };
      case 'date': return { kind: 'date', value: token.text, pos: token.pos };
      case 'datetime': return { kind: 'datetime', value: token.text, pos: token.pos };
      case 'ident': return this.wordLiteral(token);
      default: throw this.unexpected(token);
    }
  }

  private wordLiteral(token: Token): Literal {
    const word = token.text.toUpperCase();
    if (word === 'NULL') return { kind: 'null', pos: token.pos };
    if (word === 'TRUE' || word === 'FALSE') return { kind: 'boolean', value: word === 'TRUE', pos: token.pos };
    if (!isRelativeDateName(word)) throw this.unexpected(token);
    if (!takesParameter(word)) return { kind: 'relativeDate', name: word, pos: token.pos };
    this.expectPunct(':');
    const n = this.next();
    if (n.kind !== 'number' || !/^\d+$/.test(n.text)) throw this.unexpected(n);
    return { kind: 'relativeDate', name: word, n: Number(n.text), pos: token.pos };
  }

  private integer(clause: string): number {
    const token = this.next();
    if (token.kind !== 'number' || !/^\d+$/.test(token.text)) {
      throw new SoqlError('MALFORMED_QUERY', `expecting a non-negative integer after ${clause}, unexpected token: '${token.text}'`, token.pos);
    }
    return Number(token.text);
  }

  private commaList<T>(item: () => T): T[] {
    const items = [item()];
    while (this.acceptPunct(',')) items.push(item());
    return items;
  }

  private rejectClause(keyword: string, what: string): void {
    if (this.isKeyword(keyword)) throw this.unsupported(what);
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)]!;
  }

  private next(): Token {
    const token = this.peek();
    if (this.index < this.tokens.length - 1) this.index += 1;
    return token;
  }

  private isKeyword(word: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.kind === 'ident' && token.text.toUpperCase() === word;
  }

  private acceptKeyword(word: string): boolean {
    if (!this.isKeyword(word)) return false;
    this.next();
    return true;
  }

  private expectKeyword(word: string): void {
    if (!this.acceptKeyword(word)) throw this.unexpected(this.peek(), `expecting ${word}`);
  }

  private acceptPunct(ch: string): boolean {
    const token = this.peek();
    if (token.kind !== 'punct' || token.text !== ch) return false;
    this.next();
    return true;
  }

  private expectPunct(ch: string): void {
    if (!this.acceptPunct(ch)) throw this.unexpected(this.peek(), `expecting '${ch}'`);
  }

  private expectIdent(what: string): Token {
    const token = this.peek();
    if (token.kind !== 'ident' || RESERVED.has(token.text.toUpperCase())) throw this.unexpected(token, `expecting ${what}`);
    return this.next();
  }

  private unexpected(token: Token, expecting?: string): SoqlError {
    const shown = token.kind === 'eof' ? '<EOF>' : token.kind === 'string' ? `'${token.text}'` : token.text;
    return new SoqlError('MALFORMED_QUERY', `${expecting ? `${expecting}, ` : ''}unexpected token: '${shown}'`, token.pos);
  }

  private unsupported(what: string, pos = this.peek().pos): SoqlError {
    return new SoqlError('MALFORMED_QUERY', `${what} is not supported by the closeloop sandbox's SOQL engine`, pos);
  }
}
