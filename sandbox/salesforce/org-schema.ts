import type { SfFieldSpec, SfObjectSchema } from './salesforce-objects.ts';

/** One sObject as the org exposes it: fields looked up case-insensitively, relationships by name. */
export interface OrgObject {
  schema: SfObjectSchema;
  name: string;
  fields: SfFieldSpec[];
  field(name: string): SfFieldSpec | undefined;
  /** The reference field behind a parent relationship name (`Account` → AccountId). */
  relationship(name: string): SfFieldSpec | undefined;
  /** A child relationship by name (`Opportunities`), for parent-to-child subqueries. */
  childRelationship(name: string): { childSObject: string; field: string; relationshipName: string } | undefined;
  hasField(name: string): boolean;
}

/**
 * The org's data model, from the loaded dataset's effective schemas. `CurrencyIsoCode` exists only when
 * multi-currency is enabled (querying it otherwise is INVALID_FIELD, as on a single-currency org).
 */
export class OrgSchema {
  private readonly byName = new Map<string, OrgObject>();
  readonly objects: OrgObject[];

  constructor(schemas: readonly SfObjectSchema[], multiCurrency: boolean) {
    this.objects = schemas.map((schema) => orgObject(schema, multiCurrency));
    for (const object of this.objects) this.byName.set(object.name.toLowerCase(), object);
  }

  object(name: string): OrgObject | undefined {
    return this.byName.get(name.toLowerCase());
  }

  /** The object whose key prefix starts the id (`001…` → Account). */
  objectForId(id: string): OrgObject | undefined {
    return this.objects.find((o) => id.startsWith(o.schema.keyPrefix));
  }
}

function orgObject(schema: SfObjectSchema, multiCurrency: boolean): OrgObject {
  // Read the schema's field list live: the dataset loader (and HubSpot-like APIs) may append fields.
  const visible = (): SfFieldSpec[] => schema.fields.filter((f) => multiCurrency || f.name !== 'CurrencyIsoCode');
  const find = (name: string): SfFieldSpec | undefined => {
    const lower = name.toLowerCase();
    return visible().find((f) => f.name.toLowerCase() === lower);
  };
  return {
    schema,
    name: schema.name,
    get fields() {
      return visible();
    },
    field: find,
    relationship: (name) => {
      const lower = name.toLowerCase();
      return visible().find((f) => f.relationshipName?.toLowerCase() === lower);
    },
    childRelationship: (name) => schema.childRelationships.find((c) => c.relationshipName.toLowerCase() === name.toLowerCase()),
    hasField: (name) => find(name) !== undefined,
  };
}
