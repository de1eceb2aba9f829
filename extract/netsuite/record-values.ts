import { localToUtc } from './account-time.ts';
import type { NsStreamSpec, NsValueKind } from './netsuite-streams.ts';
import type { SuiteqlItem } from './query-windows.ts';

/**
 * One SuiteQL value (always text, nulls omitted) as a typed column value. Text that does not fit the
 * type passes through unchanged so the lander records a data-quality exception instead of losing it.
 * Money stays text: the exact decimal NetSuite sent.
 */
export function typedValue(kind: NsValueKind, value: unknown, timeZone: string): unknown {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string') return value;
  switch (kind) {
    case 'id':
    case 'integer':
      return /^-?\d+$/.test(value) && Number.isSafeInteger(Number(value)) ? Number(value) : value;
    case 'float': {
      const n = Number(value);
      return Number.isFinite(n) ? n : value;
    }
    case 'boolean':
      return value === 'T' ? true : value === 'F' ? false : value;
    case 'datetime':
      return localToUtc(value, timeZone) ?? value;
    default:
      return value;
  }
}

/** The typed column values of one item of a stream's changes query. */
export function recordValues(spec: NsStreamSpec, item: SuiteqlItem, timeZone: string): Record<string, unknown> {
  return Object.fromEntries(spec.columns.map((c) => [c.name, typedValue(c.kind, item[c.name], timeZone)]));
}

