import type { FieldPath } from './soql-ast.ts';
import type { OrgObject, OrgSchema } from './org-schema.ts';
import type { SfFieldSpec } from './salesforce-objects.ts';
import { noSuchColumn, unknownRelationship } from './soql-error.ts';
import { quoteIdent } from '../store/sandbox-db.ts';
import { tableName } from '../dataset/dataset-schema.ts';

/** A parent relationship followed from one object to another (one LEFT JOIN). */
export interface RelationshipStep {
  /** Canonical relationship name (`Account`, `Owner`). */
  name: string;
  object: OrgObject;
  alias: string;
}

/** A field path resolved against the schema. */
export interface ResolvedField {
  field: SfFieldSpec;
  /** The relationships walked from the query's object, in order. */
  chain: RelationshipStep[];
  /** Column reference, e.g. `t1."Name"`. */
  sql: string;
  /** Canonical dotted name, e.g. `Account.Name` (CSV header and duplicate detection). */
  canonical: string;
}

export type AliasSource = () => string;

/** One FROM object with the parent joins its field paths need; aliases come from a per-statement counter. */
export class QueryScope {
  readonly object: OrgObject;
  readonly alias: string;
  private readonly soqlAlias: string | undefined;
  private readonly org: OrgSchema;
  private readonly nextAlias: AliasSource;
  private readonly joins = new Map<string, RelationshipStep>();
  private readonly joinSql: string[] = [];

  constructor(org: OrgSchema, object: OrgObject, nextAlias: AliasSource, soqlAlias?: string) {
    this.org = org;
    this.object = object;
    this.nextAlias = nextAlias;
    this.alias = nextAlias();
    this.soqlAlias = soqlAlias;
  }

  column(fieldName: string, alias = this.alias): string {
    return `${alias}.${quoteIdent(fieldName)}`;
  }

  resolve(path: FieldPath): ResolvedField {
    let parts = path.parts;
    if (parts.length > 1 && this.soqlAlias && parts[0]!.toLowerCase() === this.soqlAlias.toLowerCase()) parts = parts.slice(1);
    let object = this.object;
    let alias = this.alias;
    const chain: RelationshipStep[] = [];
    for (const part of parts.slice(0, -1)) {
      const step = this.join(object, alias, chain, part, path.pos);
      chain.push(step);
      object = step.object;
      alias = step.alias;
    }
    const name = parts.at(-1)!;
    const field = object.field(name);
    if (!field) throw noSuchColumn(name, object.name, path.pos);
    return { field, chain, sql: this.column(field.name, alias), canonical: [...chain.map((s) => s.name), field.name].join('.') };
  }

  fromSql(): string {
    return [`${tableName(this.object.schema)} ${this.alias}`, ...this.joinSql].join(' ');
  }

  /** The condition hiding soft-deleted rows (Recycle Bin) unless the query is a queryAll. */
  notDeletedSql(scanAll: boolean): string | undefined {
    if (scanAll || !this.object.hasField('IsDeleted')) return undefined;
    return `NOT COALESCE(${this.column('IsDeleted')}, false)`;
  }

  private join(from: OrgObject, fromAlias: string, chain: RelationshipStep[], part: string, pos: number): RelationshipStep {
    const reference = from.relationship(part);
    const target = reference?.referenceTo ? this.org.object(reference.referenceTo) : undefined;
    if (!reference || !target) throw unknownRelationship(part, pos);
    const key = [...chain.map((s) => s.name), reference.relationshipName!].join('.').toLowerCase();
    const existing = this.joins.get(key);
    if (existing) return existing;
    const step: RelationshipStep = { name: reference.relationshipName!, object: target, alias: this.nextAlias() };
    this.joins.set(key, step);
    this.joinSql.push(
      `LEFT JOIN ${tableName(target.schema)} ${step.alias} ON ${this.column('Id', step.alias)} = ${this.column(reference.name, fromAlias)}`,
    );
    return step;
  }
}

const LONG_TEXT_LIMIT = 255;

/** Long text areas cannot be filtered, sorted or grouped in SOQL. */
export function isLongText(field: SfFieldSpec): boolean {
  return field.type === 'textarea' && field.length > LONG_TEXT_LIMIT;
}

export function isTextType(field: SfFieldSpec): boolean {
  return ['string', 'textarea', 'picklist', 'url', 'phone', 'email'].includes(field.type);
}

export function isIdType(field: SfFieldSpec): boolean {
  return field.type === 'id' || field.type === 'reference';
}

export function isNumericType(field: SfFieldSpec): boolean {
  return ['int', 'double', 'percent', 'currency'].includes(field.type);
}
