import type { CrmSystem, FieldType } from './sync-fields.ts';

/**
 * Values are compared as canonical text, so a CRM's spelling of the same fact is not a change:
 * money to the cent ('1234.50'), numbers without trailing zeros, dates 'YYYY-MM-DD', booleans
 * 'true'/'false', text as is. The same rules exist in SQL (planning) and here (read-backs).
 */
export function canonicalSql(expression: string, type: FieldType): string {
  const text = `CAST(${expression} AS VARCHAR)`;
  switch (type) {
    case 'money': return `CAST(TRY_CAST(${text} AS DECIMAL(18,2)) AS VARCHAR)`;
    case 'number': return `CAST(CAST(TRY_CAST(${text} AS DECIMAL(38,6)) AS DOUBLE) AS VARCHAR)`;
    case 'date': return `CAST(TRY_CAST(left(${text}, 10) AS DATE) AS VARCHAR)`;
    case 'boolean': return `CAST(TRY_CAST(${text} AS BOOLEAN) AS VARCHAR)`;
    default: return `nullif(${text}, '')`;
  }
}

/** The canonical text of a value read from a CRM (null, '' and unreadable values are null). */
export function canonicalValue(value: unknown, type: FieldType): string | null {
  if (value === null || value === undefined || value === '') return null;
  const text = String(value);
  switch (type) {
    case 'money': return Number.isFinite(Number(text)) ? Number(text).toFixed(2) : null;
    case 'number': return Number.isFinite(Number(text)) ? doubleText(Number(text)) : null;
    case 'date': return /^\d{4}-\d{2}-\d{2}/.test(text) ? text.slice(0, 10) : null;
    case 'boolean': return /^(true|false)$/i.test(text) ? text.toLowerCase() : null;
    default: return text;
  }
}

/** DuckDB's text for a DOUBLE: integers keep '.0' ('75.0'), as CAST(DOUBLE AS VARCHAR) writes them. */
function doubleText(value: number): string {
  return Number.isInteger(value) ? value.toFixed(1) : String(value);
}

/** A canonical value as the CRM's API takes it: Salesforce typed JSON, HubSpot strings ('' clears). */
export function wireValue(canonical: string | null, type: FieldType, system: CrmSystem): string | number | boolean | null {
  if (system === 'hubspot') return canonical === null ? '' : hubspotText(canonical, type);
  if (canonical === null) return null;
  switch (type) {
    case 'money':
    case 'number': return Number(canonical);
    case 'boolean': return canonical === 'true';
    default: return canonical;
  }
}

function hubspotText(canonical: string, type: FieldType): string {
  return type === 'number' ? String(Number(canonical)) : canonical;
}
