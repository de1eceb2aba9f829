import type { SqlParam } from '../store/sandbox-db.ts';
import type { NsColumnSpec, NsColumnType, NsTableSchema } from './netsuite-tables.ts';
import { invalidQuery } from './netsuite-errors.ts';

/** What a compiled SuiteQL expression holds, as far as SuiteQL semantics care. */
export type ValueKind = 'boolean' | 'date' | 'datetime' | 'number' | 'text' | 'null' | 'unknown';

/** One table (or derived table) in a FROM clause. */
export interface Source {
  /** The name the query uses for it: its alias, or the table name. */
  name: string;
  /** Alias in the generated DuckDB SQL (`t0`, `t1`, …). */
  sqlAlias: string;
  table?: NsTableSchema;
  /** Column name (lower case) → kind and, for tables, the column spec. */
  columns: Map<string, { kind: ValueKind; spec?: NsColumnSpec }>;
}

/** A compiled expression: DuckDB SQL text plus what SuiteQL knows about its value. */
export interface Compiled {
  sql: string;
  kind: ValueKind;
  /** Set when the expression is a plain column reference. */
  column?: { source: Source; name: string; spec?: NsColumnSpec };
  /** Set when the expression is a string literal (before any conversion). */
  literal?: string;
}

/** Shared state of one query compilation. */
export interface CompileContext {
  tables: ReadonlyMap<string, NsTableSchema>;
  timeZone: string;
  params: SqlParam[];
  /** Placeholder of each bound value, so equal literals compile to equal SQL (GROUP BY CASE … = SELECT CASE …). */
  placeholders: Map<string, string>;
  nextAlias: number;
}

export function newAlias(ctx: CompileContext): string {
  return `t${ctx.nextAlias++}`;
}

/** Binds a value and returns its placeholder (the same one for the same value). */
export function param(ctx: CompileContext, value: SqlParam): string {
  const key = `${typeof value}:${String(value)}`;
  let placeholder = ctx.placeholders.get(key);
  if (placeholder === undefined) {
    ctx.params.push(value);
    placeholder = `$${ctx.params.length}`;
    ctx.placeholders.set(key, placeholder);
  }
  return placeholder;
}

export function kindOfColumn(type: NsColumnType): ValueKind {
  switch (type) {
    case 'boolean':
      return 'boolean';
    case 'date':
      return 'date';
    case 'datetime':
      return 'datetime';
    case 'text':
      return 'text';
    default:
      return 'number';
  }
}

/** The FROM sources visible at one query level, with the enclosing query's scope for correlation. */
export class Scope {
  readonly sources: Source[] = [];
  readonly parent: Scope | undefined;

  constructor(parent?: Scope) {
    this.parent = parent;
  }

  add(source: Source): void {
    if (this.sources.some((s) => s.name === source.name)) invalidQuery(`Duplicate table alias '${source.name}'.`);
    this.sources.push(source);
  }

  /** Resolves `[table.]column`, innermost scope first. Throws NetSuite's "field not found" error. */
  resolve(table: string | undefined, name: string): { source: Source; name: string } {
    return this.lookup(table, name) ?? notFound(this, table, name);
  }

  private lookup(table: string | undefined, name: string): { source: Source; name: string } | undefined {
    return this.find(table, name) ?? this.parent?.lookup(table, name);
  }

  private find(table: string | undefined, name: string): { source: Source; name: string } | undefined {
    if (table !== undefined) {
      const source = this.sources.find((s) => s.name === table);
      if (!source) return undefined;
      if (!source.columns.has(name)) fieldNotFound(source, name);
      return { source, name };
    }
    const matches = this.sources.filter((s) => s.columns.has(name));
    if (matches.length > 1) invalidQuery(`Column '${name}' is ambiguously defined: it exists in ${matches.map((s) => s.name).join(' and ')}. Qualify it with a table alias.`);
    return matches[0] && { source: matches[0], name };
  }
}

function notFound(scope: Scope, table: string | undefined, name: string): never {
  if (table !== undefined) return invalidQuery(`Unknown identifier '${table}.${name}': there is no table or alias '${table}' in the FROM clause.`);
  const first = scope.sources[0];
  return first ? fieldNotFound(first, name) : invalidQuery(`Unknown identifier '${name}'.`);
}

function fieldNotFound(source: Source, name: string): never {
  if (!source.table) return invalidQuery(`Unknown identifier '${source.name}.${name}'.`);
  return invalidQuery(`Field '${name}' for record '${source.table.name}' was not found. Reason: NOT_EXPOSED - Not available for channel SUITEQL`);
}
