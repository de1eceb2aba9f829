import type { NsColumnType } from './netsuite-tables.ts';
import { nsFail } from './netsuite-errors.ts';
import type { RecordField } from './record-mapping.ts';

/**
 * Value conversions of the record API: stored cells (as `SandboxTx.all` returns them) to natively
 * typed JSON, request-body JSON to stored text, and both to the change log's canonical text.
 */

function isoDate(value: Date): string {
  return value.toISOString().slice(0, 10);
}

/** Canonical text of a stored cell (the dataset's value forms): what the change log records. */
export function canonicalText(value: unknown, type: NsColumnType): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return type === 'date' ? isoDate(value) : value.toISOString();
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return String(value);
}

/** A stored cell as the record API shows it: numbers as numbers, checkboxes as booleans, dates ISO. */
export function recordJsonValue(value: unknown, type: NsColumnType): unknown {
  if (type === 'boolean') return value === true;
  if (value === null || value === undefined) return undefined;
  if (value instanceof Date) return type === 'date' ? isoDate(value) : value.toISOString().replace(/\.\d{3}Z$/, 'Z');
  if (typeof value === 'bigint') return type === 'id' ? String(value) : Number(value);
  return value;
}

/** A value from a request body, checked against the field's type. */
export type BodyValue = { kind: 'value'; text: string | null } | { kind: 'reference'; id?: string; externalId?: string };

export function parseBodyValue(field: RecordField, raw: unknown): BodyValue {
  const bad = (expected: string): never =>
    nsFail(400, 'INVALID_CONTENT', `Error while accessing resource: Invalid value ${JSON.stringify(raw)} for the field '${field.name}'. Provide ${expected}.`, { 'o:errorPath': field.name });
  if (raw === null) return { kind: 'value', text: null };
  switch (field.column.type) {
    case 'select':
      return referenceValue(raw, bad);
    case 'boolean':
      return typeof raw === 'boolean' ? { kind: 'value', text: String(raw) } : bad('true or false');
    case 'integer':
    case 'id':
      return (typeof raw === 'number' && Number.isInteger(raw)) || (typeof raw === 'string' && /^-?\d+$/.test(raw))
        ? { kind: 'value', text: String(raw) }
        : bad('a whole number');
    case 'currency':
    case 'float':
      return (typeof raw === 'number' && Number.isFinite(raw)) || (typeof raw === 'string' && /^-?(\d+\.?\d*|\.\d+)$/.test(raw))
        ? { kind: 'value', text: String(raw) }
        : bad('a number');
    case 'date': {
      const match = typeof raw === 'string' ? /^(\d{4}-\d{2}-\d{2})(T.*)?$/.exec(raw) : null;
      return match && !Number.isNaN(Date.parse(match[1]!)) ? { kind: 'value', text: match[1]! } : bad('a date such as "2024-03-31"');
    }
    case 'datetime': {
      const millis = typeof raw === 'string' ? Date.parse(raw) : Number.NaN;
      return Number.isNaN(millis) ? bad('a date-time such as "2024-03-31T10:20:30Z"') : { kind: 'value', text: new Date(millis).toISOString() };
    }
    default:
      return typeof raw === 'string' ? { kind: 'value', text: raw } : bad('text');
  }
}

function referenceValue(raw: unknown, bad: (expected: string) => never): BodyValue {
  if (typeof raw !== 'object' || Array.isArray(raw)) return bad('a reference object such as {"id": "5"}');
  const ref = raw as { id?: unknown; externalId?: unknown };
  if (typeof ref.id === 'number' || (typeof ref.id === 'string' && /^\d+$/.test(ref.id))) return { kind: 'reference', id: String(ref.id) };
  if (typeof ref.externalId === 'string') return { kind: 'reference', externalId: ref.externalId };
  return bad('a reference object such as {"id": "5"}');
}
