import { sql, type RawBuilder } from 'kysely';

/** The placeholder a model's SQL text uses for the run's as-of time (a bound TIMESTAMP, UTC). */
export const AS_OF = ':as_of';

/**
 * `text` with every `:as_of` bound to `asOf`, e.g. `WHERE close_date < CAST(:as_of AS DATE)`. Sessions
 * run in UTC, so `CAST(:as_of AS DATE)` is the as-of's UTC calendar day: receivables age by day (an
 * invoice due on the as-of date is not overdue yet).
 */
export function sqlWithAsOf(text: string, asOf: Date): RawBuilder<unknown> {
  const parts = text.split(AS_OF);
  return sql.join(parts.map((part, i) => (i === 0 ? sql.raw(part) : sql`${asOf}${sql.raw(part)}`)), sql``);
}
