import { sql, type RawBuilder } from 'kysely';

/**
 * The run's as-of date (UTC) as an SQL DATE parameter. Receivables age by calendar day: an invoice
 * due on the as-of date is not overdue yet, one due the day before is 1 day past due.
 */
export function asOfDateSql(asOf: Date): RawBuilder<unknown> {
  return sql`CAST(${asOf.toISOString().slice(0, 10)} AS DATE)`;
}
