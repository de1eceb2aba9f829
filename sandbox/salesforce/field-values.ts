import type { SfFieldSpec } from './salesforce-objects.ts';
import { isIdType, isTextType } from './soql-scope.ts';

/**
 * A field value in its canonical stored form: text, a number, a boolean, a date `YYYY-MM-DD`,
 * a datetime as UTC ISO `YYYY-MM-DDTHH:mm:ss.sssZ`, or null.
 */
export type StoredValue = string | number | boolean | null;

/** A value that does not fit its field (the message says what was expected). */
export class FieldValueError extends Error {
  readonly field: string;
  constructor(field: string, message: string) {
    super(message);
    this.field = field;
  }
}

const SF_TYPE_NAMES: Record<SfFieldSpec['type'], string> = {
  id: 'id', reference: 'reference', string: 'string', textarea: 'textarea', picklist: 'picklist', url: 'url', phone: 'phone',
  email: 'email', boolean: 'boolean', int: 'int', double: 'double', percent: 'double', currency: 'currency', date: 'date', datetime: 'datetime',
};

/** A JSON body value (sObject Collections, single-record calls) → stored form; throws FieldValueError. */
export function fromJson(field: SfFieldSpec, raw: unknown): StoredValue {
  if (raw === null) return null;
  if (typeof raw === 'object') {
    throw new FieldValueError(field.name, `Cannot deserialize instance of ${SF_TYPE_NAMES[field.type]} from ${Array.isArray(raw) ? 'START_ARRAY' : 'START_OBJECT'} value`);
  }
  if (isTextType(field) || isIdType(field)) return String(raw);
  return fromText(field, String(raw), typeof raw === 'string' ? 'VALUE_STRING' : typeof raw === 'number' ? 'VALUE_NUMBER' : 'VALUE_TRUE');
}

/** A Bulk API CSV cell → stored form (`#N/A` is null); undefined when the cell is empty (field left as is). */
export function fromCsv(field: SfFieldSpec, cell: string): StoredValue | undefined {
  if (cell === '') return undefined;
  if (cell === '#N/A') return null;
  if (isTextType(field) || isIdType(field)) return cell;
  return fromText(field, cell, 'VALUE_STRING');
}

function fromText(field: SfFieldSpec, text: string, token: string): StoredValue {
  const trimmed = text.trim();
  const fail = (): FieldValueError =>
    new FieldValueError(field.name, `Cannot deserialize instance of ${SF_TYPE_NAMES[field.type]} from ${token} value ${text} or request may be missing a required field`);
  switch (field.type) {
    case 'boolean': {
      const lower = trimmed.toLowerCase();
      if (lower === 'true' || lower === '1') return true;
      if (lower === 'false' || lower === '0') return false;
      throw fail();
    }
    case 'int': {
      if (!/^[+-]?\d+(\.0+)?$/.test(trimmed)) throw fail();
      return Number.parseInt(trimmed, 10);
    }
    case 'double':
    case 'percent':
    case 'currency': {
      if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(trimmed)) throw fail();
      const value = Number(trimmed);
      return field.type === 'currency' ? Math.round(value * 100) / 100 : value;
    }
    case 'date': {
      const match = /^(\d{4}-\d{2}-\d{2})(T.*)?$/.exec(trimmed);
      if (!match || Number.isNaN(Date.parse(`${match[1]}T00:00:00Z`)) || new Date(`${match[1]}T00:00:00Z`).toISOString().slice(0, 10) !== match[1]) throw fail();
      return match[1]!;
    }
    case 'datetime': {
      const millis = parseDateTime(trimmed);
      if (millis === undefined) throw fail();
      return new Date(millis).toISOString();
    }
    default:
      return text;
  }
}

/** ISO 8601 as Salesforce accepts it: `Z`, `+01:00` or `+0100` offsets, optional fraction; no zone = UTC. */
function parseDateTime(text: string): number | undefined {
  const match = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)(Z|[+-]\d{2}:?\d{2})?)?$/.exec(text);
  if (!match) return undefined;
  const time = match[2] ?? '00:00:00';
  const zone = match[3] === undefined || match[3] === 'Z' ? 'Z' : `${match[3].slice(0, 3)}:${match[3].slice(-2)}`;
  const millis = Date.parse(`${match[1]}T${time}${zone}`);
  return Number.isNaN(millis) ? undefined : millis;
}

/** A value read from DuckDB (`tx.all`: Date for DATE/TIMESTAMP, number for DECIMAL) → stored form. */
export function fromDb(field: SfFieldSpec, value: unknown): StoredValue {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return field.type === 'date' ? value.toISOString().slice(0, 10) : value.toISOString();
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') return value;
  return String(value);
}

/** The change-log text of a stored value. */
export function valueText(value: StoredValue | undefined): string | null {
  return value === null || value === undefined ? null : String(value);
}

/** True when the value is "blank" for a validation rule (ISBLANK): null or only whitespace. */
export function isBlank(value: StoredValue | undefined): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}
