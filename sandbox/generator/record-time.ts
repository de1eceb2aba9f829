import { timestampIso, timestampIsoSeconds, type Day } from './calendar.ts';
import { hashString } from './seeded-random.ts';

/**
 * Time-of-day for record timestamps, derived from the record's id (no clock, no random stream):
 * office hours 08:00–18:00 UTC, plus a salt so created and modified times differ.
 */
export function secondOfDay(id: string | number, salt = 0): number {
  return 28_800 + ((hashString(String(id)) + salt * 7919) % 36_000);
}

/** Salesforce/HubSpot style: `2026-03-14T10:22:31.000Z`. */
export function stamp(day: Day, id: string | number, salt = 0): string {
  return timestampIso(day, secondOfDay(id, salt), (secondOfDay(id, salt + 11) % 1000));
}

/** NetSuite style: `2026-03-14T10:22:31Z`. */
export function stampSeconds(day: Day, id: string | number, salt = 0): string {
  return timestampIsoSeconds(day, secondOfDay(id, salt));
}
