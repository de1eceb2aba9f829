import { invalidQuery } from './netsuite-errors.ts';

/**
 * Oracle date format masks (TO_CHAR / TO_DATE): `YYYY-MM-DD"T"HH24:MI:SS`, `MM/DD/YYYY`, `DD-MON-YYYY`,
 * `FMMM/FMDD/YYYY HH:MI AM`, … Elements are matched case-insensitively; the case of MON/MONTH/DY/DAY/AM
 * decides the case of the output, as in Oracle.
 */
export type MaskElement =
  | { kind: 'literal'; text: string }
  | { kind: 'field'; field: DateField; letterCase: 'upper' | 'lower' | 'title'; fill: boolean };

export type DateField =
  | 'year4' | 'year2' | 'month' | 'monthAbbr' | 'monthName' | 'day' | 'dayOfYear' | 'dayAbbr' | 'dayName'
  | 'hour24' | 'hour12' | 'minute' | 'second' | 'fraction3' | 'fraction6' | 'meridian' | 'quarter' | 'isoWeek';

/** Longest first, so `HH24` wins over `HH` and `MONTH` over `MON`. */
const ELEMENTS: [string, DateField][] = [
  ['YYYY', 'year4'], ['RRRR', 'year4'], ['MONTH', 'monthName'], ['HH24', 'hour24'], ['HH12', 'hour12'],
  ['A.M.', 'meridian'], ['P.M.', 'meridian'], ['DDD', 'dayOfYear'], ['MON', 'monthAbbr'], ['DAY', 'dayName'],
  ['FF6', 'fraction6'], ['FF3', 'fraction3'], ['FF', 'fraction6'], ['YY', 'year2'], ['RR', 'year2'], ['MM', 'month'],
  ['DD', 'day'], ['DY', 'dayAbbr'], ['HH', 'hour12'], ['MI', 'minute'], ['SS', 'second'], ['AM', 'meridian'],
  ['PM', 'meridian'], ['IW', 'isoWeek'], ['Q', 'quarter'],
];

const TIME_FIELDS = new Set<DateField>(['hour24', 'hour12', 'minute', 'second', 'fraction3', 'fraction6', 'meridian']);

export function parseMask(mask: string): MaskElement[] {
  const out: MaskElement[] = [];
  let fill = true;
  let i = 0;
  while (i < mask.length) {
    const rest = mask.slice(i);
    if (rest[0] === '"') {
      const end = mask.indexOf('"', i + 1);
      if (end < 0) invalidQuery(`Date format '${mask}' has an unterminated quoted literal.`);
      out.push({ kind: 'literal', text: mask.slice(i + 1, end) });
      i = end + 1;
      continue;
    }
    if (/^[-/,.;: ]/.test(rest)) {
      out.push({ kind: 'literal', text: rest[0]! });
      i += 1;
      continue;
    }
    if (/^FM/i.test(rest)) {
      fill = !fill;
      i += 2;
      continue;
    }
    const match = ELEMENTS.find(([text]) => rest.toUpperCase().startsWith(text));
    if (!match) return invalidQuery(`Date format '${mask}' is not recognized near '${rest}'. Quote literal text, e.g. "T".`);
    const written = rest.slice(0, match[0].length);
    out.push({ kind: 'field', field: match[1], letterCase: letterCase(written), fill });
    i += match[0].length;
  }
  return out;
}

function letterCase(written: string): 'upper' | 'lower' | 'title' {
  if (written === written.toUpperCase()) return 'upper';
  if (written === written.toLowerCase()) return 'lower';
  return 'title';
}

export function hasTimeFields(elements: readonly MaskElement[]): boolean {
  return elements.some((e) => e.kind === 'field' && TIME_FIELDS.has(e.field));
}

const STRFTIME: Partial<Record<DateField, [string, string]>> = {
  // [padded, unpadded (FM)]
  year4: ['%Y', '%Y'], year2: ['%y', '%-y'], month: ['%m', '%-m'], day: ['%d', '%-d'], dayOfYear: ['%j', '%-j'],
  hour24: ['%H', '%-H'], hour12: ['%I', '%-I'], minute: ['%M', '%-M'], second: ['%S', '%-S'],
  fraction3: ['%g', '%g'], fraction6: ['%f', '%f'], monthAbbr: ['%b', '%b'], monthName: ['%B', '%B'],
  dayAbbr: ['%a', '%a'], dayName: ['%A', '%A'], meridian: ['%p', '%p'], isoWeek: ['%V', '%V'],
};

/** DuckDB SQL rendering `valueSql` (a DATE or local TIMESTAMP) with an Oracle mask, as TO_CHAR does. */
export function toCharSql(valueSql: string, elements: readonly MaskElement[]): string {
  // Runs of plain elements share one strftime; cased names and the quarter need their own expression.
  const parts: string[] = [];
  let format = '';
  const flush = (): void => {
    if (format) parts.push(`strftime(${valueSql}, ${sqlString(format)})`);
    format = '';
  };
  for (const e of elements) {
    if (e.kind === 'literal') {
      format += e.text.replace(/%/g, '%%');
      continue;
    }
    if (e.field === 'quarter') {
      flush();
      parts.push(`CAST(quarter(${valueSql}) AS VARCHAR)`);
      continue;
    }
    const [padded, unpadded] = STRFTIME[e.field]!;
    const spec = e.fill ? padded : unpadded;
    if (CASED_FIELDS.has(e.field) && e.letterCase !== 'title') {
      flush();
      parts.push(applyCase(`strftime(${valueSql}, ${sqlString(spec)})`, e.letterCase));
    } else format += spec;
  }
  flush();
  if (parts.length === 0) return 'CAST(NULL AS VARCHAR)';
  return parts.length === 1 ? parts[0]! : `concat(${parts.join(', ')})`;
}

const CASED_FIELDS = new Set<DateField>(['monthAbbr', 'monthName', 'dayAbbr', 'dayName', 'meridian']);

function applyCase(sql: string, letterCase: 'upper' | 'lower' | 'title'): string {
  if (letterCase === 'upper') return `upper(${sql})`;
  if (letterCase === 'lower') return `lower(${sql})`;
  return sql;
}

/** The strptime format for parsing a column value with an Oracle mask (TO_DATE of an expression). */
export function toStrptimeFormat(mask: string, elements: readonly MaskElement[]): string {
  return elements
    .map((e) => {
      if (e.kind === 'literal') return e.text.replace(/%/g, '%%');
      const spec = STRFTIME[e.field];
      if (!spec || e.field === 'isoWeek' || e.field === 'dayOfYear') invalidQuery(`TO_DATE cannot parse the element in date format '${mask}'.`);
      return spec[0];
    })
    .join('');
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** A wall-clock time (no zone) parsed from text. */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  micros: number;
}

/**
 * Parses `text` with an Oracle mask, Oracle-style: separators match any punctuation, numbers may drop
 * leading zeros, and missing trailing time elements default to zero. Undefined when it does not match.
 */
export function parseWithMask(text: string, elements: readonly MaskElement[]): WallClock | undefined {
  const out: WallClock = { year: 1, month: 1, day: 1, hour: 0, minute: 0, second: 0, micros: 0 };
  let pos = 0;
  let pm: boolean | undefined;
  let hour12: number | undefined;
  for (const [index, e] of elements.entries()) {
    const rest = text.slice(pos);
    if (rest.trim() === '' && elements.slice(index).every((x) => x.kind === 'literal' || TIME_FIELDS.has(x.field))) break;
    if (e.kind === 'literal') {
      const m = /^[^A-Za-z0-9]+/.exec(rest);
      if (/^[A-Za-z0-9]/.test(e.text)) {
        if (!rest.toLowerCase().startsWith(e.text.toLowerCase())) return undefined;
        pos += e.text.length;
      } else if (m) pos += m[0].length;
      else return undefined;
      continue;
    }
    const consumed = readField(rest, e.field);
    if (!consumed) return undefined;
    pos += consumed.length;
    const n = consumed.value;
    switch (e.field) {
      case 'year4': out.year = n; break;
      case 'year2': out.year = n < 50 ? 2000 + n : 1900 + n; break;
      case 'month': case 'monthAbbr': case 'monthName': out.month = n; break;
      case 'day': out.day = n; break;
      case 'hour24': out.hour = n; break;
      case 'hour12': hour12 = n; break;
      case 'minute': out.minute = n; break;
      case 'second': out.second = n; break;
      case 'fraction3': out.micros = n * 1000; break;
      case 'fraction6': out.micros = n; break;
      case 'meridian': pm = n === 1; break;
      default: return undefined;
    }
  }
  if (text.slice(pos).trim() !== '') return undefined;
  if (hour12 !== undefined) out.hour = (hour12 % 12) + (pm ? 12 : 0);
  return validWallClock(out) ? out : undefined;
}

function readField(rest: string, field: DateField): { length: number; value: number } | undefined {
  if (field === 'monthAbbr' || field === 'monthName') {
    const m = /^[A-Za-z]+/.exec(rest);
    const index = m ? MONTHS.indexOf(m[0].slice(0, 3).toLowerCase()) : -1;
    return m && index >= 0 ? { length: m[0].length, value: index + 1 } : undefined;
  }
  if (field === 'meridian') {
    const m = /^([AaPp])\.?[Mm]\.?/.exec(rest);
    return m ? { length: m[0].length, value: m[1]!.toLowerCase() === 'p' ? 1 : 0 } : undefined;
  }
  const digits = field === 'year4' ? 4 : field === 'fraction6' ? 6 : field === 'fraction3' ? 3 : 2;
  const m = new RegExp(`^\\d{1,${digits}}`).exec(rest);
  return m ? { length: m[0].length, value: Number(m[0]) } : undefined;
}

function validWallClock(w: WallClock): boolean {
  const d = new Date(Date.UTC(w.year, w.month - 1, w.day));
  return d.getUTCFullYear() === w.year && d.getUTCMonth() === w.month - 1 && d.getUTCDate() === w.day
    && w.hour < 24 && w.minute < 60 && w.second < 60;
}

export function wallClockIso(w: WallClock, withTime: boolean): string {
  const p = (n: number, width = 2): string => String(n).padStart(width, '0');
  const date = `${p(w.year, 4)}-${p(w.month)}-${p(w.day)}`;
  return withTime ? `${date} ${p(w.hour)}:${p(w.minute)}:${p(w.second)}.${p(w.micros, 6)}` : date;
}

/** A SQL string literal for text the sandbox itself chose (format strings, labels). */
export function sqlString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** The date-preference masks NetSuite accepts for date literals without an explicit format. */
export const DEFAULT_DATE_MASKS = [
  'MM/DD/YYYY', 'YYYY-MM-DD', 'MM/DD/YYYY HH:MI:SS AM', 'MM/DD/YYYY HH:MI AM', 'MM/DD/YYYY HH24:MI:SS',
  'YYYY-MM-DD"T"HH24:MI:SS', 'YYYY-MM-DD HH24:MI:SS',
];
