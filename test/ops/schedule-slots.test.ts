import { describe, expect, it } from 'vitest';
import { formatInZone, scheduleSlots, validateSchedule } from '../../ops/schedule-slots.ts';

const nightly = scheduleSlots({ cron: '0 2 * * *', timeZone: 'Europe/Berlin' });

describe('schedule slots', () => {
  it('reads the cron expression in the schedule\'s time zone, across daylight saving time', () => {
    // 02:00 in Berlin is 01:00 UTC in winter (CET) and 00:00 UTC in summer (CEST).
    expect(nightly.nextSlot(new Date('2026-01-10T12:00:00Z')).toISOString()).toBe('2026-01-11T01:00:00.000Z');
    expect(nightly.nextSlot(new Date('2026-07-10T12:00:00Z')).toISOString()).toBe('2026-07-11T00:00:00.000Z');
    expect(nightly.previousSlot(new Date('2026-07-10T12:00:00Z')).toISOString()).toBe('2026-07-10T00:00:00.000Z');
    expect(nightly.previousSlot(new Date('2026-07-10T23:59:59Z')).toISOString()).toBe('2026-07-10T00:00:00.000Z');
  });

  it('counts a slot that is exactly now as the previous slot, and never returns a future one', () => {
    const seconds = scheduleSlots({ cron: '*/5 * * * * *', timeZone: 'UTC' });
    expect(seconds.previousSlot(new Date('2026-03-28T01:00:05.000Z')).toISOString()).toBe('2026-03-28T01:00:05.000Z');
    expect(seconds.previousSlot(new Date('2026-03-28T01:00:04.600Z')).toISOString()).toBe('2026-03-28T01:00:00.000Z');
    expect(seconds.previousSlot(new Date('2026-03-28T01:00:05.400Z')).toISOString()).toBe('2026-03-28T01:00:05.000Z');
    expect(seconds.nextSlot(new Date('2026-03-28T01:00:05.000Z')).toISOString()).toBe('2026-03-28T01:00:10.000Z');
    expect(seconds.nextSlot(new Date('2026-03-28T01:00:04.600Z')).toISOString()).toBe('2026-03-28T01:00:05.000Z');
  });

  it('names the slot to catch up when no run started at or after the last one', () => {
    const now = new Date('2026-07-10T12:00:00Z');
    const slot = new Date('2026-07-10T00:00:00Z');
    expect(nightly.missedSlot(undefined, now)).toEqual(slot);
    expect(nightly.missedSlot(new Date('2026-07-09T00:00:03Z'), now)).toEqual(slot);
    expect(nightly.missedSlot(new Date('2026-07-10T00:00:00Z'), now)).toBeUndefined();
    expect(nightly.missedSlot(new Date('2026-07-10T09:30:00Z'), now)).toBeUndefined();
  });

  it('refuses a bad cron expression or an unknown time zone with a message saying what to write', () => {
    expect(() => validateSchedule({ cron: '61 2 * * *', timeZone: 'UTC' })).toThrow(/schedule\.cron "61 2 \* \* \*" is not a cron expression.*minute.*"0 2 \* \* \*"/);
    expect(() => validateSchedule({ cron: 'at two', timeZone: 'UTC' })).toThrow(/schedule\.cron "at two"/);
    expect(() => validateSchedule({ cron: '0 2 * * *', timeZone: 'Mars/Olympus' })).toThrow(/schedule\.timeZone "Mars\/Olympus" is not a known IANA time zone.*Europe\/Berlin/);
    expect(() => validateSchedule({ cron: '*/10 * * * * *', timeZone: 'America/New_York' })).not.toThrow();
  });

  it('formats a slot as its time zone reads it, with the offset', () => {
    expect(formatInZone(new Date('2026-01-11T01:00:00Z'), 'Europe/Berlin')).toBe('2026-01-11 02:00:00 GMT+1');
    expect(formatInZone(new Date('2026-07-11T00:00:00Z'), 'Europe/Berlin')).toBe('2026-07-11 02:00:00 GMT+2');
    expect(formatInZone(new Date('2026-07-11T00:00:00Z'), 'UTC')).toMatch(/^2026-07-11 00:00:00 GMT(\+0)?$/);
  });
});
