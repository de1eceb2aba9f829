/** The SOQL subset the sandbox understands, as parsed (names still as the query spelled them). */

/** A dotted field reference as written: `Account.Owner.Email` → ['Account', 'Owner', 'Email']. */
export interface FieldPath {
  parts: string[];
  /** Offset of the path in the query text (for error carets). */
  pos: number;
}

export type AggregateFunction = 'COUNT' | 'COUNT_DISTINCT' | 'SUM' | 'AVG' | 'MIN' | 'MAX';

export type SelectItem =
  | { kind: 'field'; path: FieldPath }
  | { kind: 'countAll'; pos: number }
  | { kind: 'aggregate'; fn: AggregateFunction; path: FieldPath; alias?: string; pos: number }
  | { kind: 'subquery'; query: SoqlQuery; pos: number };

export type Literal =
  | { kind: 'string'; raw: string; pos: number }
  | { kind: 'number'; text: string; pos: number }
  | { kind: 'boolean'; value: boolean; pos: number }
  | { kind: 'null'; pos: number }
  | { kind: 'date'; value: string; pos: number }
  /** An instant, normalised to UTC ISO (`2024-01-01T00:00:00.000Z`). */
  | { kind: 'datetime'; value: string; pos: number }
  | { kind: 'relativeDate'; name: string; n?: number; pos: number };

export type ComparisonOperator = '=' | '!=' | '<' | '<=' | '>' | '>=';

export type Condition =
  | { kind: 'and' | 'or'; items: Condition[] }
  | { kind: 'not'; item: Condition }
  | { kind: 'compare'; path: FieldPath; op: ComparisonOperator; value: Literal }
  | { kind: 'like'; path: FieldPath; pattern: Literal; negated: boolean }
  | { kind: 'in'; path: FieldPath; values: Literal[]; negated: boolean }
  | { kind: 'inQuery'; path: FieldPath; query: SoqlQuery; negated: boolean; pos: number };

export type OrderTarget = { kind: 'field'; path: FieldPath } | { kind: 'aggregate'; fn: AggregateFunction | 'COUNT_ALL'; path?: FieldPath; pos: number };

export interface OrderItem {
  target: OrderTarget;
  descending: boolean;
  nullsLast?: boolean;
}

export interface SoqlQuery {
  select: SelectItem[];
  from: { name: string; pos: number; alias?: string };
  where?: Condition;
  groupBy: FieldPath[];
  orderBy: OrderItem[];
  limit?: number;
  offset?: number;
}
