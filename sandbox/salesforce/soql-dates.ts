/**
 * SOQL relative date literals (TODAY, LAST_N_DAYS:30, THIS_QUARTER, ...) resolved to a half-open range of
 * calendar days [start, end) in UTC (the sandbox user's time zone). Weeks start on Sunday (en_US locale).
 */
export interface DayRange {
  /** First day inside the range, `YYYY-MM-DD`. */
  start: string;
  /** First day after the range, `YYYY-MM-DD`. */
  end: string;
}

type Unit = 'DAY' | 'WEEK' | 'MONTH' | 'QUARTER' | 'YEAR';

const FIXED: Record<string, { unit: Unit; from: number; to: number }> = {
  YESTERDAY: { unit: 'DAY', from: -1, to: 0 },
  TODAY: { unit: 'DAY', from: 0, to: 1 },
  TOMORROW: { unit: 'DAY', from: 1, to: 2 },
  LAST_WEEK: { unit: 'WEEK', from: -1, to: 0 },
  THIS_WEEK: { unit: 'WEEK', from: 0, to: 1 },
  NEXT_WEEK: { unit: 'WEEK', from: 1, to: 2 },
  LAST_MONTH: { unit: 'MONTH', from: -1, to: 0 },
  THIS_MONTH: { unit: 'MONTH', from: 0, to: 1 },
  NEXT_MONTH: { unit: 'MONTH', from: 1, to: 2 },
  LAST_QUARTER: { unit: 'QUARTER', from: -1, to: 0 },
  THIS_QUARTER: { unit: 'QUARTER', from: 0, to: 1 },
  NEXT_QUARTER: { unit: 'QUARTER', from: 1, to: 2 },
  LAST_YEAR: { unit: 'YEAR', from: -1, to: 0 },
  THIS_YEAR: { unit: 'YEAR', from: 0, to: 1 },
  NEXT_YEAR: { unit: 'YEAR', from: 1, to: 2 },
  // "starts with the current day and continues for the past 90 days": today is included
  LAST_90_DAYS: { unit: 'DAY', from: -90, to: 1 },
  NEXT_90_DAYS: { unit: 'DAY', from: 1, to: 91 },
};

const PARAMETERISED = /^(LAST|NEXT)_N_(DAYS|WEEKS|MONTHS|QUARTERS|YEARS)$|^N_(DAYS|WEEKS|MONTHS|QUARTERS|YEARS)_AGO$/;

export function isRelativeDateName(name: string): boolean {
  const upper = name.toUpperCase();
  return upper in FIXED || PARAMETERISED.test(upper);
}

/** True when the literal takes `:n` (LAST_N_DAYS:n, N_MONTHS_AGO:n, ...). */
export function takesParameter(name: string): boolean {
  return PARAMETERISED.test(name.toUpperCase());
}

export function resolveRelativeDate(name: string, n: number | undefined, now: Date): DayRange {
  const upper = name.toUpperCase();
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const fixed = FIXED[upper];
  if (fixed) return span(today, fixed.unit, fixed.from, fixed.to);
  const match = PARAMETERISED.exec(upper);
  if (!match || n === undefined) throw new Error(`unknown relative date literal ${name}`);
  const unit = (match[2] ?? match[3])!.slice(0, -1) as Unit;
  if (match[1] === 'LAST') return unit === 'DAY' ? span(today, unit, -n, 1) : span(today, unit, -n, 0);
  if (match[1] === 'NEXT') return span(today, unit, 1, 1 + n);
  return span(today, unit, -n, -n + 1);
}

function span(today: number, unit: Unit, from: number, to: number): DayRange {
  const start = unitStart(today, unit);
  return { start: day(add(start, unit, from)), end: day(add(start, unit, to)) };
}

function unitStart(today: number, unit: Unit): number {
  const d = new Date(today);
  switch (unit) {
    case 'DAY': return today;
    case 'WEEK': return today - d.getUTCDay() * 86_400_000;
    case 'MONTH': return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    case 'QUARTER': return Date.UTC(d.getUTCFullYear(), Math.floor(d.getUTCMonth() / 3) * 3, 1);
    case 'YEAR': return Date.UTC(d.getUTCFullYear(), 0, 1);
  }
}

function add(start: number, unit: Unit, count: number): number {
  const d = new Date(start);
  switch (unit) {
    case 'DAY': return start + count * 86_400_000;
    case 'WEEK': return start + count * 7 * 86_400_000;
    case 'MONTH': return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + count, 1);
    case 'QUARTER': return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 3 * count, 1);
    case 'YEAR': return Date.UTC(d.getUTCFullYear() + count, 0, 1);
  }
}

function day(millis: number): string {
  return new Date(millis).toISOString().slice(0, 10);
}
