import { DuckDBDateValue, DuckDBDecimalValue, DuckDBTimestampValue } from '@duckdb/node-api';
import type { RawColumnType } from '../extract-types.ts';

/** Why a value did not fit its typed column (meta.dq_exceptions.reason_code). */
export type DqReason =
  | 'unparseable_date'
  | 'unparseable_timestamp'
  | 'non_numeric'
  | 'not_boolean'
  | 'oversized_string'
  | 'invalid_encoding';

export type CellValue = string | boolean | bigint | number | DuckDBDateValue | DuckDBTimestampValue | DuckDBDecimalValue;

export type Conversion = { ok: true; value: CellValue | null } | { ok: false; reason: DqReason; detail: string };

export interface ConversionOptions {
  /** Longest string (UTF-8 bytes) a VARCHAR column takes; longer ones stay only in `_raw`. Default 64 KiB. */
  maxStringBytes: number;
}

export const DEFAULT_CONVERSION: ConversionOptions = { maxStringBytes: 64 * 1024 };

const DECIMAL_WIDTH = 18;
const DECIMAL_SCALE = 2;
const MAX_BIGINT = 2n ** 63n - 1n;
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const EPOCH_MS = /^-?\d{11,14}$/;

/**
 * Converts a source value to a column's type. Accepts what the three APIs send: JSON numbers and
 * booleans, numbers as strings (HubSpot, NetSuite), `T`/`F` (NetSuite), ISO dates and datetimes with
 * `Z`, `+00:00` or `+0000`, epoch milliseconds (HubSpot), and `M/D/YYYY` dates. Connectors convert
 * anything else (e.g. NetSuite's `M/D/YYYY h:mm am` in the account's time zone) to ISO first.
 * null, undefined and '' are NULL without an exception.
 */
export function convertValue(value: unknown, type: RawColumnType, options: ConversionOptions = DEFAULT_CONVERSION): Conversion {
  if (value === null || value === undefined || value === '') return { ok: true, value: null };
  switch (type) {
    case 'VARCHAR':
      return toVarchar(value, options);
    case 'BOOLEAN':
      return toBoolean(value);
    case 'BIGINT':
      return toBigint(value);
    case 'DOUBLE':
      return toDouble(value);
    case 'DECIMAL(18,2)':
      return toDecimal(value);
    case 'DATE':
      return toDate(value);
    case 'TIMESTAMP':
      return toTimestamp(value);
  }
}

function fail(reason: DqReason, value: unknown, expected: string): Conversion {
  return { ok: false, reason, detail: `${preview(value)} is not ${expected}` };
}

function toVarchar(value: unknown, options: ConversionOptions): Conversion {
  const text = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (!text.isWellFormed() || text.includes('\uFFFD')) {
    return { ok: false, reason: 'invalid_encoding', detail: `${preview(text)} holds broken characters (lone surrogates or U+FFFD)` };
  }
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > options.maxStringBytes) {
    return { ok: false, reason: 'oversized_string', detail: `${bytes} bytes, over the ${options.maxStringBytes}-byte limit` };
  }
  return { ok: true, value: text };
}

function toBoolean(value: unknown): Conversion {
  if (typeof value === 'boolean') return { ok: true, value };
  const text = String(value).trim().toLowerCase();
  if (['t', 'true', '1'].includes(text)) return { ok: true, value: true };
  if (['f', 'false', '0'].includes(text)) return { ok: true, value: false };
  return fail('not_boolean', value, 'a boolean (true/false, T/F, 1/0)');
}

function toBigint(value: unknown): Conversion {
  const text = numberText(value);
  const match = text === undefined ? null : /^([+-]?\d+)(?:\.0*)?$/.exec(text);
  if (!match?.[1]) return fail('non_numeric', value, 'a whole number');
  const n = BigInt(match[1]);
  if (n > MAX_BIGINT || n < -MAX_BIGINT - 1n) return fail('non_numeric', value, 'a whole number within BIGINT range');
  return { ok: true, value: n };
}

function toDouble(value: unknown): Conversion {
  const text = numberText(value);
  const n = text === undefined || !/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text) ? NaN : Number(text);
  return Number.isFinite(n) ? { ok: true, value: n } : fail('non_numeric', value, 'a number');
}

/** Exact for decimal strings; rounds half away from zero to 2 places (the full value stays in `_raw`). */
function toDecimal(value: unknown): Conversion {
  let text = numberText(value);
  if (typeof value === 'number' && /e/i.test(String(value)) && Math.abs(value) < 1e21) text = value.toFixed(DECIMAL_SCALE + 1);
  const match = text === undefined ? null : /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text);
  if (!match || (match[2] === '' && !match[3])) return fail('non_numeric', value, 'a decimal number');
  const [, sign = '', whole = '', fraction = ''] = match;
  const padded = (fraction + '000').slice(0, DECIMAL_SCALE + 1);
  let scaled = BigInt((whole || '0') + padded.slice(0, DECIMAL_SCALE));
  if (Number(padded[DECIMAL_SCALE]) >= 5) scaled += 1n;
  if (scaled >= 10n ** BigInt(DECIMAL_WIDTH)) return fail('non_numeric', value, `a decimal that fits DECIMAL(${DECIMAL_WIDTH},${DECIMAL_SCALE})`);
  return { ok: true, value: new DuckDBDecimalValue(sign === '-' ? -scaled : scaled, DECIMAL_WIDTH, DECIMAL_SCALE) };
}

function numberText(value: unknown): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  if (typeof value === 'bigint') return String(value);
  if (typeof value === 'string') return value.trim().replace(/,/g, '');
  return undefined;
}

function toDate(value: unknown): Conversion {
  const epoch = epochMillis(value);
  if (epoch !== undefined) return { ok: true, value: new DuckDBDateValue(Math.floor(epoch / 86_400_000)) };
  if (typeof value !== 'string') return fail('unparseable_date', value, 'a date');
  const text = value.trim();
  const iso = ISO_DATE_TIME.exec(text);
  const us = US_DATE.exec(text);
  const parts = iso ? { y: iso[1], m: iso[2], d: iso[3] } : us ? { y: us[3], m: us[1], d: us[2] } : undefined;
  const days = parts ? dayNumber(Number(parts.y), Number(parts.m), Number(parts.d)) : undefined;
  return days === undefined ? fail('unparseable_date', value, 'a date (YYYY-MM-DD)') : { ok: true, value: new DuckDBDateValue(days) };
}

/** TIMESTAMP columns hold UTC; a datetime without an offset is taken as UTC. */
function toTimestamp(value: unknown): Conversion {
  const epoch = epochMillis(value);
  if (epoch !== undefined) return { ok: true, value: new DuckDBTimestampValue(BigInt(epoch) * 1000n) };
  const iso = typeof value === 'string' ? ISO_DATE_TIME.exec(value.trim()) : null;
  if (!iso) return fail('unparseable_timestamp', value, 'a timestamp (ISO 8601 or epoch milliseconds)');
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', zone] = iso;
  const days = dayNumber(Number(y), Number(mo), Number(d));
  if (days === undefined || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) {
    return fail('unparseable_timestamp', value, 'a valid timestamp');
  }
  const seconds = BigInt(days) * 86_400n + BigInt(Number(h) * 3600 + Number(mi) * 60 + Number(s)) - BigInt(offsetSeconds(zone));
  const micros = seconds * 1_000_000n + BigInt((fraction + '000000').slice(0, 6));
  return { ok: true, value: new DuckDBTimestampValue(micros) };
}

function epochMillis(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value) && Math.abs(value) >= 1e10) return value;
  if (typeof value === 'string' && EPOCH_MS.test(value.trim())) return Number(value.trim());
  return undefined;
}

function offsetSeconds(zone: string | undefined): number {
  if (!zone || zone.toUpperCase() === 'Z') return 0;
  const digits = zone.slice(1).replace(':', '');
  const seconds = Number(digits.slice(0, 2)) * 3600 + Number(digits.slice(2, 4) || '0') * 60;
  return zone.startsWith('-') ? -seconds : seconds;
}

/** Days since 1970-01-01, or undefined for an impossible date (e.g. 2024-02-30). */
function dayNumber(year: number, month: number, day: number): number | undefined {
  const ms = Date.UTC(year, month - 1, day);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined;
  return ms / 86_400_000;
}

function preview(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text);
}
