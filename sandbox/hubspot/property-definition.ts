import type { HsFieldType, HsObjectSchema, HsPropertySpec, HsPropertyType } from './hubspot-objects.ts';
import type { PropertyRegistry } from './property-registry.ts';
import { validationError } from './hubspot-errors.ts';
import type { JsonObject } from './request-body.ts';

const FIELD_TYPES: Record<HsPropertyType, readonly HsFieldType[]> = {
  string: ['text', 'textarea', 'phonenumber'],
  number: ['number', 'calculation_equation'],
  date: ['date'],
  datetime: ['date'],
  enumeration: ['select', 'radio', 'checkbox', 'booleancheckbox'],
  bool: ['booleancheckbox'],
};

const BOOL_OPTIONS: HsPropertySpec['options'] = [
  { label: 'True', value: 'true', displayOrder: 0, hidden: false },
  { label: 'False', value: 'false', displayOrder: 1, hidden: false },
];

/** A new custom property from a `PropertyCreate` body, validated as HubSpot validates it. */
export function parsePropertyCreate(body: JsonObject, schema: HsObjectSchema, registry: PropertyRegistry): HsPropertySpec {
  const name = requiredText(body, 'name');
  if (!/^[a-z][a-z0-9_]*$/.test(name)) {
    throw validationError(`Property name "${name}" is not valid: use lower-case letters, digits and underscores, starting with a letter.`);
  }
  const type = propertyType(body.type);
  const fieldType = fieldTypeFor(type, body.fieldType);
  const groupName = existingGroup(body.groupName, schema, registry);
  const hasUniqueValue = body.hasUniqueValue === true;
  if (hasUniqueValue && type !== 'string' && type !== 'number') {
    throw validationError(`Property "${name}" cannot have unique values: only string and number properties can.`);
  }
  const options = type === 'bool' && body.options === undefined ? BOOL_OPTIONS : parseOptions(body.options);
  if (type === 'enumeration' && options.length === 0) throw validationError(`Property "${name}" is an enumeration and needs at least one option.`);
  return {
    name, label: requiredText(body, 'label'), type, fieldType, groupName, storage: 'VARCHAR',
    hasUniqueValue, readOnlyValue: false, hubspotDefined: false, options,
  };
}

/** The definition changes a `PropertyUpdate` body asks for (only the fields it gives). */
export function parsePropertyUpdate(body: JsonObject, spec: HsPropertySpec, schema: HsObjectSchema, registry: PropertyRegistry): Partial<HsPropertySpec> {
  const changes: Partial<HsPropertySpec> = {};
  if (body.label !== undefined) changes.label = requiredText(body, 'label');
  if (body.groupName !== undefined) changes.groupName = existingGroup(body.groupName, schema, registry);
  if (body.options !== undefined) changes.options = parseOptions(body.options);
  if (body.type !== undefined || body.fieldType !== undefined) {
    const type = body.type === undefined ? spec.type : propertyType(body.type);
    if (type !== spec.type && spec.hubspotDefined) throw validationError(`Property "${spec.name}" is HubSpot-defined; its type cannot change.`);
    changes.type = type;
    changes.fieldType = fieldTypeFor(type, body.fieldType ?? (FIELD_TYPES[type].includes(spec.fieldType) ? spec.fieldType : undefined));
  }
  return changes;
}

function requiredText(body: JsonObject, field: string): string {
  const value = body[field];
  if (typeof value !== 'string' || value.trim() === '') throw validationError(`Invalid property definition: "${field}" is required.`);
  return value;
}

function propertyType(raw: unknown): HsPropertyType {
  if (typeof raw === 'string' && raw in FIELD_TYPES) return raw as HsPropertyType;
  throw validationError(`Invalid property type ${JSON.stringify(raw)}: use one of ${Object.keys(FIELD_TYPES).join(', ')}.`);
}

function fieldTypeFor(type: HsPropertyType, raw: unknown): HsFieldType {
  const allowed = FIELD_TYPES[type];
  if (raw === undefined) return allowed[0]!;
  if (typeof raw === 'string' && allowed.includes(raw as HsFieldType)) return raw as HsFieldType;
  throw validationError(`fieldType ${JSON.stringify(raw)} is not valid for a ${type} property: use one of ${allowed.join(', ')}.`);
}

function existingGroup(raw: unknown, schema: HsObjectSchema, registry: PropertyRegistry): string {
  if (typeof raw !== 'string' || raw === '') throw validationError('Invalid property definition: "groupName" is required.');
  if (!registry.group(schema.name, raw)) {
    throw validationError(`Property group "${raw}" does not exist for ${schema.name}. Create it first (POST /crm/v3/properties/${schema.name}/groups).`);
  }
  return raw;
}

function parseOptions(raw: unknown): HsPropertySpec['options'] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw validationError('Invalid property definition: "options" must be an array.');
  return raw.map((option: { label?: unknown; value?: unknown; displayOrder?: unknown; hidden?: unknown }, i) => {
    if (typeof option?.value !== 'string' || typeof option.label !== 'string') {
      throw validationError(`Invalid property definition: options[${i}] needs a string label and value.`);
    }
    return { label: option.label, value: option.value, displayOrder: Number(option.displayOrder ?? i), hidden: option.hidden === true };
  });
}
