/** Calendar arithmetic on whole UTC days (days since 1970-01-01), the generator's unit of time. */
export type Day = number;

const MS_PER_DAY = 86_400_000;
const dayStrings = new Map<Day, string>();

/** Parses `YYYY-MM-DD`; throws a readable error for anything else. */
export function parseDay(iso: string): Day {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  const ms = match ? Date.UTC(+match[1]!, +match[2]! - 1, +match[3]!) : Number.NaN;
  if (!match || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== iso) {
    throw new Error(`Invalid as-of date "${iso}": expected a calendar date as YYYY-MM-DD, e.g. 2026-11-01`);
  }
  return ms / MS_PER_DAY;
}

/** `YYYY-MM-DD` of a day (cached: the same few hundred days are formatted millions of times). */
export function dayIso(day: Day): string {
  let text = dayStrings.get(day);
  if (text === undefined) {
    text = new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
    dayStrings.set(day, text);
  }
  return text;
}

/** ISO-8601 UTC timestamp with milliseconds, `second` (0–86399) seconds into the day. */
export function timestampIso(day: Day, second: number, millis = 0): string {
  return `${dayIso(day)}T${clock(second)}.${String(millis).padStart(3, '0')}Z`;
}

/** ISO-8601 UTC timestamp without milliseconds (NetSuite renders whole seconds). */
export function timestampIsoSeconds(day: Day, second: number): string {
  return `${dayIso(day)}T${clock(second)}Z`;
}

function clock(second: number): string {
  if (!Number.isInteger(second) || second < 0 || second >= 86_400) throw new Error(`calendar: ${second} is not a second of the day`);
  const two = (n: number): string => (n < 10 ? `0${n}` : String(n));
  return `${two(Math.floor(second / 3600))}:${two(Math.floor(second / 60) % 60)}:${two(second % 60)}`;
}

/** First day of the day's month. */
export function monthStart(day: Day): Day {
  const d = new Date(day * MS_PER_DAY);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / MS_PER_DAY;
}

/** First day of the month `months` after the day's month. */
export function addMonths(day: Day, months: number): Day {
  const d = new Date(day * MS_PER_DAY);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1) / MS_PER_DAY;
}

/** Calendar year and quarter (the sandbox org's fiscal year is the calendar year). */
export function fiscalYearQuarter(day: Day): { year: number; quarter: number } {
  const d = new Date(day * MS_PER_DAY);
  return { year: d.getUTCFullYear(), quarter: Math.floor(d.getUTCMonth() / 3) + 1 };
}
