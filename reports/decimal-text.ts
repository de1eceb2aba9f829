/**
 * Money travels from DuckDB as exact DECIMAL text ("-1234.50"); these helpers format it for
 * people without passing it through floating point.
 */

/** "-1234567.5" → "-1,234,567.50" (two decimals, thousands separators). */
export function formatDecimal(text: string | null): string {
  if (text === null || text === '') return '';
  const negative = text.startsWith('-');
  const [whole = '0', fraction = ''] = text.replace(/^[-+]/, '').split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = fraction.padEnd(2, '0').slice(0, 2);
  return `${negative && !/^0*\.?0*$/.test(text.slice(1)) ? '−' : ''}${grouped}.${cents}`;
}

/** The number an Excel cell or a chart needs (a cell holds a double anyway). */
export function decimalNumber(text: string | null): number | null {
  return text === null || text === '' ? null : Number(text);
}
