/** A report month, written YYYY-MM, with the months around it. */
export type ReportMonth = string;

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** Checks a `--month` value; throws a readable error otherwise. */
export function parseReportMonth(text: string): ReportMonth {
  if (!MONTH.test(text)) throw new Error(`--month ${text}: write the month as YYYY-MM, e.g. 2026-10`);
  return text;
}

/** The month `offset` months after `month` (negative: before). */
export function shiftMonth(month: ReportMonth, offset: number): ReportMonth {
  const [year, mon] = month.split('-').map(Number) as [number, number];
  const index = year * 12 + (mon - 1) + offset;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The `count` months ending with `month`, oldest first. */
export function monthsEndingWith(month: ReportMonth, count: number): ReportMonth[] {
  return Array.from({ length: count }, (_, i) => shiftMonth(month, i - count + 1));
}

/** The first instant (UTC) of the month after `month`: the month-end as-of. */
export function monthEnd(month: ReportMonth): Date {
  return new Date(`${shiftMonth(month, 1)}-01T00:00:00Z`);
}

/** The as-of of a month's report: the given time, else month end, else now while the month is not over. */
export function reportAsOf(month: ReportMonth, given: Date | undefined, now: Date = new Date()): Date {
  if (given !== undefined) return given;
  const end = monthEnd(month);
  return end.getTime() > now.getTime() ? now : end;
}
