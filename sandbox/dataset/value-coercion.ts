import type { StorageType } from './dataset-schema.ts';

/**
 * Turns a dataset value into the canonical text DuckDB casts into the column's type, or null.
 * Accepts what real exports contain: JSON natives or their string forms, `T`/`F` booleans,
 * Salesforce `+0000` offsets, NetSuite `M/D/YYYY` dates, epoch milliseconds.
 * Throws an Error whose message says what was expected.
 */
export function coerceValue(value: unknown, storage: StorageType): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'object') throw new Error(`expected a ${describe(storage)}, got a JSON ${Array.isArray(value) ? 'array' : 'object'}`);
  const text = String(value).trim();
  if (storage === 'VARCHAR') return String(value);
  if (text === '') return null;
  switch (storage) {
    case 'BOOLEAN':
      return coerceBoolean(text);
    case 'INTEGER':
    case 'BIGINT':
      if (!/^-?\d+$/.test(text)) throw new Error(`expected an integer, got ${JSON.stringify(value)}`);
      return text;
    case 'DOUBLE':
    case 'DECIMAL(18,2)':
      if (!/^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) throw new Error(`expected a number, got ${JSON.stringify(value)}`);
      return text;
    case 'DATE':
      return coerceDate(text, value);
    case 'TIMESTAMP':
      return coerceTimestamp(text, value);
  }
}

function describe(storage: StorageType): string {
  return storage === 'VARCHAR' ? 'text' : storage.toLowerCase().replace('(18,2)', '');
}

function coerceBoolean(text: string): string {
  const lower = text.toLowerCase();
  if (lower === 'true' || lower === 't' || lower === '1') return 'true';
  if (lower === 'false' || lower === 'f' || lower === '0') return 'false';
  throw new Error(`expected a boolean (true/false or T/F), got ${JSON.stringify(text)}`);
}

function coerceDate(text: string, original: unknown): string {
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:$|T)/.exec(text);
  if (iso && validDate(+iso[1]!, +iso[2]!, +iso[3]!)) return `${iso[1]}-${iso[2]}-${iso[3]}`;
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  if (us && validDate(+us[3]!, +us[1]!, +us[2]!)) return `${us[3]}-${us[1]!.padStart(2, '0')}-${us[2]!.padStart(2, '0')}`;
  throw new Error(`expected a date (YYYY-MM-DD), got ${JSON.stringify(original)}`);
}

function validDate(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

function coerceTimestamp(text: string, original: unknown): string {
  let millis: number;
  if (/^\d{10,13}$/.test(text)) millis = text.length === 13 ? Number(text) : Number(text) * 1000;
  else if (/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(text)) {
    const normalised = text.replace(' ', 'T').replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
    const hasZone = /(Z|[+-]\d{2}:\d{2})$/.test(normalised);
    millis = Date.parse(hasZone || normalised.length === 10 ? normalised : `${normalised}Z`);
  } else millis = Number.NaN;
  if (Number.isNaN(millis)) {
    throw new Error(`expected a date-time (ISO 8601, e.g. 2024-04-01T10:20:30.000Z), got ${JSON.stringify(original)}`);
  }
  return new Date(millis).toISOString();
}
