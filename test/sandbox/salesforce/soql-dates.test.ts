import { describe, expect, it } from 'vitest';
import { resolveRelativeDate } from '../../../sandbox/salesforce/soql-dates.ts';

// Wednesday 2024-05-15, mid-morning UTC.
const now = new Date('2024-05-15T10:30:00Z');

describe('resolveRelativeDate', () => {
  it('resolves day literals to half-open day ranges', () => {
    expect(resolveRelativeDate('TODAY', undefined, now)).toEqual({ start: '2024-05-15', end: '2024-05-16' });
    expect(resolveRelativeDate('yesterday', undefined, now)).toEqual({ start: '2024-05-14', end: '2024-05-15' });
    expect(resolveRelativeDate('TOMORROW', undefined, now)).toEqual({ start: '2024-05-16', end: '2024-05-17' });
  });

  it('includes today in LAST_N_DAYS and starts NEXT_N_DAYS tomorrow', () => {
    expect(resolveRelativeDate('LAST_N_DAYS', 7, now)).toEqual({ start: '2024-05-08', end: '2024-05-16' });
    expect(resolveRelativeDate('NEXT_N_DAYS', 2, now)).toEqual({ start: '2024-05-16', end: '2024-05-18' });
    expect(resolveRelativeDate('N_DAYS_AGO', 3, now)).toEqual({ start: '2024-05-12', end: '2024-05-13' });
  });

  it('uses Sunday-based weeks, calendar months, quarters and years', () => {
    expect(resolveRelativeDate('THIS_WEEK', undefined, now)).toEqual({ start: '2024-05-12', end: '2024-05-19' });
    expect(resolveRelativeDate('LAST_MONTH', undefined, now)).toEqual({ start: '2024-04-01', end: '2024-05-01' });
    expect(resolveRelativeDate('THIS_QUARTER', undefined, now)).toEqual({ start: '2024-04-01', end: '2024-07-01' });
    expect(resolveRelativeDate('LAST_N_MONTHS', 2, now)).toEqual({ start: '2024-03-01', end: '2024-05-01' });
    expect(resolveRelativeDate('NEXT_YEAR', undefined, now)).toEqual({ start: '2025-01-01', end: '2026-01-01' });
  });
});
