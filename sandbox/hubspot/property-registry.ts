import type { HsObjectSchema, HsPropertySpec } from './hubspot-objects.ts';
import { findObjectType } from './object-types.ts';
import { validationError } from './hubspot-errors.ts';

/** What the properties API shows beyond the dataset schema. */
export interface PropertyMeta {
  description: string;
  displayOrder: number;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
  archivedAt?: string;
  hidden: boolean;
  formField: boolean;
}

export interface PropertyGroup {
  name: string;
  label: string;
  displayOrder: number;
  archived: boolean;
}

/** When HubSpot-defined properties and groups say they were created (a fixed, stable date). */
const STANDARD_CREATED_AT = '2020-01-01T00:00:00.000Z';

const DEFAULT_GROUPS: Record<string, PropertyGroup> = {
  companies: { name: 'companyinformation', label: 'Company information', displayOrder: 0, archived: false },
  deals: { name: 'dealinformation', label: 'Deal information', displayOrder: 0, archived: false },
  line_items: { name: 'lineiteminformation', label: 'Line item information', displayOrder: 0, archived: false },
};

/**
 * The live property definitions of each object: the dataset's effective schemas (mutated in place
 * when the properties API adds a property, so every reader sees it) plus metadata and groups.
 */
export class PropertyRegistry {
  readonly schemas: readonly HsObjectSchema[];
  private readonly specs = new Map<string, Map<string, HsPropertySpec>>();
  private readonly metas = new Map<string, Map<string, PropertyMeta>>();
  private readonly groupsByObject = new Map<string, Map<string, PropertyGroup>>();

  constructor(schemas: readonly HsObjectSchema[]) {
    this.schemas = schemas;
    for (const schema of schemas) {
      this.specs.set(schema.name, new Map(schema.fields.map((f) => [f.name, f])));
      this.metas.set(schema.name, new Map(schema.fields.map((f, i) => [f.name, standardMeta(i)])));
      this.groupsByObject.set(schema.name, initialGroups(schema));
    }
  }

  /** The object a path segment names, or a 400 as HubSpot answers for an unknown type. */
  objectType(segment: string): HsObjectSchema {
    const schema = findObjectType(this.schemas, segment);
    if (!schema) throw validationError(`Unable to infer object type from: ${segment}`);
    return schema;
  }

  /** An active (not archived) property, or undefined. */
  property(object: string, name: string): HsPropertySpec | undefined {
    const spec = this.specs.get(object)?.get(name);
    return spec && !this.meta(object, name).archived ? spec : undefined;
  }

  /** A property whether archived or not. */
  anyProperty(object: string, name: string): HsPropertySpec | undefined {
    return this.specs.get(object)?.get(name);
  }

  properties(object: string, archived = false): HsPropertySpec[] {
    return [...(this.specs.get(object)?.values() ?? [])].filter((spec) => this.meta(object, spec.name).archived === archived);
  }

  meta(object: string, name: string): PropertyMeta {
    const meta = this.metas.get(object)?.get(name);
    if (!meta) throw new Error(`no metadata for ${object}.${name}`);
    return meta;
  }

  /** Adds a property created through the API: the caller has already added the table column. */
  register(schema: HsObjectSchema, spec: HsPropertySpec, meta: PropertyMeta): void {
    const existing = this.specs.get(schema.name)?.get(spec.name);
    if (existing) Object.assign(existing, spec);
    else {
      schema.fields.push(spec);
      this.specs.get(schema.name)!.set(spec.name, spec);
    }
    this.metas.get(schema.name)!.set(spec.name, meta);
  }

  groups(object: string): PropertyGroup[] {
    return [...(this.groupsByObject.get(object)?.values() ?? [])].filter((g) => !g.archived);
  }

  group(object: string, name: string): PropertyGroup | undefined {
    const group = this.groupsByObject.get(object)?.get(name);
    return group && !group.archived ? group : undefined;
  }

  putGroup(object: string, group: PropertyGroup): void {
    this.groupsByObject.get(object)!.set(group.name, group);
  }
}

function standardMeta(displayOrder: number): PropertyMeta {
  return {
    description: '', displayOrder, createdAt: STANDARD_CREATED_AT, updatedAt: STANDARD_CREATED_AT,
    archived: false, hidden: false, formField: true,
  };
}

function initialGroups(schema: HsObjectSchema): Map<string, PropertyGroup> {
  const groups = new Map<string, PropertyGroup>();
  const fallback = DEFAULT_GROUPS[schema.name];
  if (fallback) groups.set(fallback.name, { ...fallback });
  for (const field of schema.fields) {
    if (!groups.has(field.groupName)) {
      groups.set(field.groupName, { name: field.groupName, label: field.groupName, displayOrder: groups.size, archived: false });
    }
  }
  return groups;
}
