import { decimalNumber } from './decimal-text.ts';

/** Excel number format for an amount in `currency` (plain two decimals when unknown). */
export function moneyFormat(currency: string | null): string {
  const code = currency?.replace(/[^A-Z]/g, '') ?? '';
  return code === '' ? '#,##0.00' : `#,##0.00 "${code}";-#,##0.00 "${code}"`;
}

/** A DECIMAL text as a money cell value. */
export function moneyCell(value: string | null): number | null {
  return decimalNumber(value);
}

/** A YYYY-MM-DD text as an Excel date (UTC midnight). */
export function dateCell(value: string | null): Date | null {
  return value === null || value === '' ? null : new Date(`${value.slice(0, 10)}T00:00:00Z`);
}

export const DATE_FORMAT = 'yyyy-mm-dd';
export const PCT_FORMAT = '0.0"%"';
