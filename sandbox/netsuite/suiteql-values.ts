import { invalidQuery } from './netsuite-errors.ts';
import { DEFAULT_DATE_MASKS, hasTimeFields, parseMask, parseWithMask, sqlString, wallClockIso, type MaskElement } from './suiteql-date-format.ts';
import { param, type CompileContext, type Compiled } from './suiteql-scope.ts';

/** DuckDB macro that renders a number the way SuiteQL does: `1200.50` → `1200.5`, `100.00` → `100`. */
export const NUMBER_TEXT_MACRO = `CREATE OR REPLACE MACRO netsuite.ns_number_text(x) AS
  CASE WHEN contains(CAST(x AS VARCHAR), '.') AND NOT contains(CAST(x AS VARCHAR), 'e')
       THEN rtrim(rtrim(CAST(x AS VARCHAR), '0'), '.') ELSE CAST(x AS VARCHAR) END`;

/** The account's date preference (M/D/YYYY) and its datetime form (M/D/YYYY h:mm am). */
export const DATE_STRFTIME = '%-m/%-d/%Y';
export const DATETIME_STRFTIME = '%-m/%-d/%Y %-I:%M %p';

/** SQL giving the value as SuiteQL shows it in text (booleans T/F, dates in the date preference). */
export function textOf(c: Compiled): string {
  switch (c.kind) {
    case 'text':
      return c.sql;
    case 'number':
      return `netsuite.ns_number_text(${c.sql})`;
    case 'boolean':
      return `(CASE WHEN ${c.sql} THEN 'T' WHEN NOT ${c.sql} THEN 'F' END)`;
    case 'date':
      return `strftime(${c.sql}, '${DATE_STRFTIME}')`;
    case 'datetime':
      return `lower(strftime(${c.sql}, '${DATETIME_STRFTIME}'))`;
    case 'null':
      return 'CAST(NULL AS VARCHAR)';
    default:
      return `CAST(${c.sql} AS VARCHAR)`;
  }
}

/** The current wall-clock time in the account's time zone (SYSDATE). */
export function localNowSql(ctx: CompileContext): string {
  return `timezone(${sqlString(ctx.timeZone)}, now())`;
}

/** A stored UTC timestamp column as wall-clock time in the account's time zone. */
export function localTimestampSql(columnSql: string, ctx: CompileContext): string {
  return `timezone(${sqlString(ctx.timeZone)}, timezone('UTC', ${columnSql}))`;
}

/**
 * Converts a string literal compared with a typed expression the way Oracle's implicit conversion
 * does: 'T'/'F' for checkboxes, date-preference or ISO text for dates. Other values pass unchanged.
 */
export function alignLiteral(target: Compiled, value: Compiled, ctx: CompileContext): Compiled {
  if (value.literal === undefined) return value;
  if (target.kind === 'boolean') {
    if (value.literal === 'T') return { sql: 'true', kind: 'boolean' };
    if (value.literal === 'F') return { sql: 'false', kind: 'boolean' };
    return value;
  }
  if (target.kind === 'date' || target.kind === 'datetime') return dateLiteral(value.literal, undefined, ctx);
  return value;
}

/** TO_DATE of a literal: parsed now, bound as a DATE or TIMESTAMP parameter (wall-clock, account zone). */
export function dateLiteral(text: string, mask: string | undefined, ctx: CompileContext, forceTime = false): Compiled {
  const masks = mask === undefined ? DEFAULT_DATE_MASKS : [mask];
  for (const candidate of masks) {
    const elements: MaskElement[] = parseMask(candidate);
    const parsed = parseWithMask(text, elements);
    if (!parsed) continue;
    const withTime = forceTime || hasTimeFields(elements);
    const iso = wallClockIso(parsed, withTime);
    return withTime
      ? { sql: `CAST(${param(ctx, iso)} AS TIMESTAMP)`, kind: 'datetime' }
      : { sql: `CAST(${param(ctx, iso)} AS DATE)`, kind: 'date' };
  }
  return invalidQuery(`The value '${text}' is not a valid date${mask === undefined ? ' (use the date format M/D/YYYY or TO_DATE with a format)' : ` for the format '${mask}'`}.`);
}
