import type { HsObjectSchema, HsPropertySpec } from './hubspot-objects.ts';
import type { PropertyRegistry } from './property-registry.ts';
import { propertyProblem, validationError, type PropertyProblem } from './hubspot-errors.ts';

export type PropertyValues = Record<string, string | null>;

export interface CheckedValues {
  values: PropertyValues;
  problems: PropertyProblem[];
}

type Normalised = { value: string | null } | { problem: PropertyProblem };

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Validates the `properties` of one write input the way HubSpot does: unknown and read-only
 * properties are refused, numbers, booleans, dates and options are checked, and values are
 * stored in HubSpot's canonical text (numbers without trailing zeros, datetimes as ISO UTC).
 * `allowReadOnly` names read-only properties the caller sets itself.
 */
export function checkPropertyValues(
  registry: PropertyRegistry, schema: HsObjectSchema, input: unknown, allowReadOnly: ReadonlySet<string> = new Set(),
): CheckedValues {
  if (input === undefined || input === null) return { values: {}, problems: [] };
  if (typeof input !== 'object' || Array.isArray(input)) throw validationError('Invalid input JSON: "properties" must be an object of property name to value');
  const values: PropertyValues = {};
  const problems: PropertyProblem[] = [];
  for (const [name, raw] of Object.entries(input as Record<string, unknown>)) {
    const spec = registry.property(schema.name, name);
    if (!spec) {
      problems.push(propertyProblem(name, 'PROPERTY_DOESNT_EXIST', `Property "${name}" does not exist`));
      continue;
    }
    if (spec.readOnlyValue && !allowReadOnly.has(name)) {
      problems.push(propertyProblem(name, 'READ_ONLY_VALUE', `${name} is a read only property; its value cannot be set.`));
      continue;
    }
    const result = normaliseValue(spec, raw);
    if ('problem' in result) problems.push(result.problem);
    else values[name] = result.value;
  }
  return { values, problems };
}

/** One value in HubSpot's canonical text, or the problem HubSpot reports for it. Empty clears the value. */
export function normaliseValue(spec: HsPropertySpec, raw: unknown): Normalised {
  if (raw === null || raw === undefined || raw === '') return { value: null };
  if (typeof raw === 'object') return { problem: propertyProblem(spec.name, 'INVALID_VALUE', `${JSON.stringify(raw)} is not a valid value; property values are strings`) };
  const text = String(raw);
  switch (spec.type) {
    case 'number':
      return NUMBER.test(text.trim()) ? { value: String(Number(text.trim())) } : bad(spec, 'INVALID_FLOAT', `${text} was not a valid number.`);
    case 'bool':
      return /^(true|false)$/i.test(text.trim()) ? { value: text.trim().toLowerCase() } : bad(spec, 'INVALID_BOOLEAN', `${text} was not a valid boolean; use true or false.`);
    case 'datetime': {
      const millis = toMillis(text);
      return millis === undefined ? bad(spec, 'INVALID_LONG', `${text} was not a valid long.`) : { value: new Date(millis).toISOString() };
    }
    case 'date':
      return normaliseDate(spec, text);
    case 'enumeration':
      return checkOption(spec, text);
    default:
      return { value: text };
  }
}

/** Whether two stored values mean the same (so writing one over the other is no change). */
export function sameValue(spec: HsPropertySpec | undefined, a: string | null, b: string | null): boolean {
  if (a === b) return true;
  if (a === null || b === null || !spec) return false;
  if (spec.type === 'number') return Number(a) === Number(b);
  if (spec.type === 'datetime') {
    const [x, y] = [toMillis(a), toMillis(b)];
    return x !== undefined && x === y;
  }
  return false;
}

/** Epoch milliseconds of an epoch-ms string or an ISO date(-time); undefined when neither. */
export function toMillis(text: string): number | undefined {
  const trimmed = text.trim();
  if (/^-?\d+$/.test(trimmed)) return Number(trimmed);
  if (!ISO_DATETIME.test(trimmed)) return undefined;
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/.test(trimmed);
  const millis = Date.parse(hasZone || trimmed.length === 10 ? trimmed : `${trimmed}Z`);
  return Number.isNaN(millis) ? undefined : millis;
}

function normaliseDate(spec: HsPropertySpec, text: string): Normalised {
  const millis = toMillis(text);
  if (millis === undefined) return bad(spec, 'INVALID_DATE', `${text} was not a valid date; use YYYY-MM-DD or epoch milliseconds at midnight UTC.`);
  const iso = new Date(millis).toISOString();
  if (/^-?\d+$/.test(text.trim()) && !iso.endsWith('T00:00:00.000Z')) {
    return bad(spec, 'INVALID_DATE', `${text} is not midnight UTC; date properties take epoch milliseconds at midnight UTC.`);
  }
  return { value: iso.slice(0, 10) };
}

function checkOption(spec: HsPropertySpec, text: string): Normalised {
  if (spec.options.length === 0) return { value: text };
  const allowed = new Set(spec.options.map((o) => o.value));
  const chosen = spec.fieldType === 'checkbox' ? text.split(';') : [text];
  const wrong = chosen.find((value) => !allowed.has(value));
  if (wrong === undefined) return { value: text };
  return bad(spec, 'INVALID_OPTION', `${wrong} was not one of the allowed options: [${[...allowed].join(', ')}]`);
}

function bad(spec: HsPropertySpec, error: string, message: string): Normalised {
  return { problem: propertyProblem(spec.name, error, message) };
}
