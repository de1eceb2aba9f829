/**
 * Canonical pair order, in SQL: the left record's system comes first (salesforce < hubspot <
 * netsuite), then the smaller id as text. Every pair table keeps this order, so a pair has one key.
 */
const rankSql = (system: string): string => `CASE ${system} WHEN 'salesforce' THEN 0 WHEN 'hubspot' THEN 1 ELSE 2 END`;

/** A record in SQL: its system and id expressions. */
export interface RecordSql {
  readonly system: string;
  readonly id: string;
}

/** Columns of `alias` in int.customer_records shape. */
export const recordOf = (alias: string): RecordSql => ({ system: `${alias}.system`, id: `${alias}.source_id` });

/** True when `a` comes before `b`. */
export function beforeSql(a: RecordSql, b: RecordSql): string {
  return `(${rankSql(a.system)} < ${rankSql(b.system)} OR (${a.system} = ${b.system} AND ${a.id} < ${b.id}))`;
}

/** `left_system, left_id, right_system, right_id` of the pair (a, b) in canonical order. */
export function canonicalPairSql(a: RecordSql, b: RecordSql): string {
  const first = beforeSql(a, b);
  return [
    `CASE WHEN ${first} THEN ${a.system} ELSE ${b.system} END AS left_system`,
    `CASE WHEN ${first} THEN ${a.id} ELSE ${b.id} END AS left_id`,
    `CASE WHEN ${first} THEN ${b.system} ELSE ${a.system} END AS right_system`,
    `CASE WHEN ${first} THEN ${b.id} ELSE ${a.id} END AS right_id`,
  ].join(', ');
}
