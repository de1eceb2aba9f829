import { describe, expect, it } from 'vitest';
import { convertValue } from '../../../extract/landing/value-conversion.ts';
import type { RawColumnType } from '../../../extract/extract-types.ts';

function text(value: unknown, type: RawColumnType): string | null {
  const result = convertValue(value, type);
  if (!result.ok) throw new Error(`${result.reason}: ${result.detail}`);
  return result.value === null ? null : String(result.value);
}

function reason(value: unknown, type: RawColumnType): string | undefined {
  const result = convertValue(value, type);
  return result.ok ? undefined : result.reason;
}

describe('convertValue', () => {
  it('reads timestamps from each source format as UTC', () => {
    expect(text('2026-02-01T10:20:30.000+0000', 'TIMESTAMP')).toBe('2026-02-01 10:20:30');
    expect(text('2026-02-01T12:20:30+02:00', 'TIMESTAMP')).toBe('2026-02-01 10:20:30');
    expect(text('2026-02-01T10:20:30.123456Z', 'TIMESTAMP')).toBe('2026-02-01 10:20:30.123456');
    expect(text('1769941230000', 'TIMESTAMP')).toBe('2026-02-01 10:20:30');
    expect(reason('2026-02-30T00:00:00Z', 'TIMESTAMP')).toBe('unparseable_timestamp');
  });

  it('reads dates, numbers and booleans as the APIs send them', () => {
    expect(text('2026-02-01', 'DATE')).toBe('2026-02-01');
    expect(text('2/1/2026', 'DATE')).toBe('2026-02-01');
    expect(text('2026-02-01T00:00:00Z', 'DATE')).toBe('2026-02-01');
    expect(text('-12.345', 'DECIMAL(18,2)')).toBe('-12.35');
    expect(text(0.1, 'DECIMAL(18,2)')).toBe('0.10');
    expect(text('1e3', 'DOUBLE')).toBe('1000');
    expect(text('42', 'BIGINT')).toBe('42');
    expect(text('F', 'BOOLEAN')).toBe('false');
    expect(text('', 'BIGINT')).toBeNull();
    expect(reason('12x', 'DOUBLE')).toBe('non_numeric');
    expect(reason('99999999999999999999', 'BIGINT')).toBe('non_numeric');
    expect(reason('1e30', 'DECIMAL(18,2)')).toBe('non_numeric');
  });
});
