/** The SuiteQL subset the sandbox understands, as parsed from the query text. */

export type Expr =
  | { kind: 'column'; table?: string; name: string }
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: string }
  | { kind: 'null' }
  | { kind: 'rownum' }
  | { kind: 'unary'; op: '-' | '+' | 'not'; expr: Expr }
  | { kind: 'binary'; op: '+' | '-' | '*' | '/' | '||'; left: Expr; right: Expr }
  | { kind: 'compare'; op: CompareOp; left: Expr; right: Expr }
  | { kind: 'logical'; op: 'and' | 'or'; left: Expr; right: Expr }
  | { kind: 'in'; expr: Expr; list: Expr[] | SelectQuery; negated: boolean }
  | { kind: 'between'; expr: Expr; low: Expr; high: Expr; negated: boolean }
  | { kind: 'like'; expr: Expr; pattern: Expr; escape?: Expr; negated: boolean }
  | { kind: 'isnull'; expr: Expr; negated: boolean }
  | { kind: 'exists'; query: SelectQuery; negated: boolean }
  | { kind: 'subquery'; query: SelectQuery }
  | { kind: 'case'; operand?: Expr; whens: { when: Expr; then: Expr }[]; otherwise?: Expr }
  | { kind: 'call'; name: string; args: Expr[]; star: boolean; distinct: boolean; over?: WindowSpec }
  | { kind: 'cast'; expr: Expr; type: string }
  | { kind: 'extract'; field: string; expr: Expr };

export type CompareOp = '=' | '<>' | '<' | '>' | '<=' | '>=';

export interface WindowSpec {
  partitionBy: Expr[];
  orderBy: OrderItem[];
}

export type SelectItem = { kind: 'expr'; expr: Expr; alias?: string } | { kind: 'star'; table?: string };

export interface OrderItem {
  expr: Expr;
  descending: boolean;
  nulls?: 'first' | 'last';
}

export type FromSource = { kind: 'table'; name: string } | { kind: 'query'; query: SelectQuery };

export interface FromItem {
  source: FromSource;
  alias?: string;
  /** Absent for the first item; `cross` for comma-separated items. */
  join?: { type: 'inner' | 'left' | 'right' | 'full' | 'cross'; on?: Expr };
}

export interface SelectQuery {
  distinct: boolean;
  top?: number;
  items: SelectItem[];
  from: FromItem[];
  where?: Expr;
  groupBy: Expr[];
  having?: Expr;
  orderBy: OrderItem[];
  offsetRows?: number;
  fetchFirst?: number;
}
