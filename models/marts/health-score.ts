/**
 * The payment health score (reference §2.7): 100, less a deduction for the bucket of the oldest overdue
 * invoice and 10 when the open balance is above the credit limit; a credit hold caps it at 20.
 * Bands: green 71–100, yellow 36–70, red 0–35.
 */
export const HEALTH_BANDS = ['green', 'yellow', 'red'] as const;

export const CREDIT_HOLD_CAP = 20;

/** SQL: the deduction for the oldest overdue invoice, from its days past due (NULL when nothing is overdue). */
export function overdueDeductionSql(daysOverdue: string): string {
  return `CASE WHEN ${daysOverdue} > 90 THEN 60 WHEN ${daysOverdue} > 60 THEN 40 WHEN ${daysOverdue} > 30 THEN 25
    WHEN ${daysOverdue} >= 1 THEN 10 ELSE 0 END`;
}

/** SQL: the band of a 0–100 score. */
export function healthBandSql(score: string): string {
  return `CASE WHEN ${score} >= 71 THEN 'green' WHEN ${score} >= 36 THEN 'yellow' ELSE 'red' END`;
}
