/**
 * SQL for the key that reference lookups compare: lower case, accents stripped, `.` `'` `’`
 * dropped, every other run of non-letters/non-digits as one space, trimmed; NULL when empty.
 * Seed tables store it for their lookup column and the macros compute it for their input,
 * so both sides always agree.
 */
export function lookupKeySql(expression: string): string {
  return `nullif(trim(regexp_replace(regexp_replace(lower(strip_accents(${expression})), '[.''’]', '', 'g'), '[^\\p{L}\\p{N}]+', ' ', 'g')), '')`;
}
