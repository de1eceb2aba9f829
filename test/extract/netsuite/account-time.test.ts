import { describe, expect, it } from 'vitest';
import { checkTimeZone, localToUtc, utcToLocal } from '../../../extract/netsuite/account-time.ts';

const LA = 'America/Los_Angeles';

describe('account time zone conversion', () => {
  it('converts wall-clock times to UTC on both sides of the spring and autumn changes', () => {
    expect(localToUtc('2024-03-10T01:59:59', LA)).toBe('2024-03-10T09:59:59Z');
    expect(localToUtc('2024-03-10T03:00:00', LA)).toBe('2024-03-10T10:00:00Z');
    expect(localToUtc('2024-07-01T12:00:00', LA)).toBe('2024-07-01T19:00:00Z');
    expect(localToUtc('2024-11-03T00:59:59', LA)).toBe('2024-11-03T07:59:59Z');
    expect(localToUtc('2024-11-03T02:00:00', LA)).toBe('2024-11-03T10:00:00Z');
    expect(localToUtc('2024-06-30T23:30:00', 'Asia/Kolkata')).toBe('2024-06-30T18:00:00Z');
    expect(localToUtc('2024-01-01 00:00:00', 'UTC')).toBe('2024-01-01T00:00:00Z');
  });

  it('resolves the repeated autumn hour to its first occurrence and the skipped spring hour as standard time', () => {
    expect(localToUtc('2024-11-03T01:30:00', LA)).toBe('2024-11-03T08:30:00Z');
    expect(localToUtc('2024-03-10T02:30:00', LA)).toBe('2024-03-10T10:30:00Z');
  });

  it('converts cursor times back to account wall-clock text', () => {
    expect(utcToLocal('2024-03-10T09:30:00Z', LA)).toBe('2024-03-10 01:30:00');
    expect(utcToLocal('2024-03-10T10:30:00Z', LA)).toBe('2024-03-10 03:30:00');
    expect(utcToLocal('2024-11-03T09:30:00Z', LA)).toBe('2024-11-03 01:30:00');
    expect(() => utcToLocal("2024-01-01'; DROP", LA)).toThrow(/full-refresh/);
  });

  it('refuses text that is not a timestamp and zones that do not exist', () => {
    expect(localToUtc('3/10/2024 1:30 am', LA)).toBeUndefined();
    expect(localToUtc('2024-02-30T00:00:00', LA)).toBeUndefined();
    expect(() => checkTimeZone('Pacific/Nowhere')).toThrow(/IANA time zone/);
  });
});
