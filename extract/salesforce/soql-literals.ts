/**
 * SOQL literals for values that reach a query. Every value is validated and escaped here; nothing
 * else in the connector concatenates user or API data into SOQL.
 */

const SF_ID = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;
const OBJECT_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

/** A quoted SOQL string literal: backslashes and quotes escaped, control characters as escapes. */
export function soqlString(value: string): string {
  const escaped = value
    .replace(/\\/g, '\\\\')
    .replace(/'/g, "\\'")
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t');
  return `'${escaped}'`;
}

/** A quoted Salesforce record id; anything that is not a 15/18-character id is refused. */
export function soqlId(id: string): string {
  if (!SF_ID.test(id)) throw new Error(`"${id}" is not a Salesforce record id (15 or 18 letters and digits); the stored cursor is corrupt — reset it with --full-refresh`);
  return soqlString(id);
}

/** A SOQL dateTime literal in UTC with milliseconds, e.g. `2024-04-01T10:20:30.000Z` (unquoted, as SOQL wants). */
export function soqlDateTime(instant: Date): string {
  if (Number.isNaN(instant.getTime())) throw new Error('cannot build a SOQL dateTime literal from an invalid date');
  return instant.toISOString();
}

/** An object or field API name used as an identifier; refused unless it is a plain API name. */
export function soqlName(name: string): string {
  if (!OBJECT_NAME.test(name)) throw new Error(`"${name}" is not a Salesforce API name`);
  return name;
}
