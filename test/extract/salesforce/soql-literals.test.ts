import { describe, expect, it } from 'vitest';
import { soqlDateTime, soqlId, soqlName, soqlString } from '../../../extract/salesforce/soql-literals.ts';
import { firstBound, keysetFromCursor, keysetSoql } from '../../../extract/salesforce/salesforce-keyset.ts';
import { parseSfDateTime, typedValue } from '../../../extract/salesforce/salesforce-record-values.ts';

describe('SOQL literals and keyset queries', () => {
  it('escapes strings and refuses anything that is not an id or an API name', () => {
    expect(soqlString("O'Brien \\ \"x\"\n")).toBe("'O\\'Brien \\\\ \\\"x\\\"\\n'");
    expect(soqlId('001000000000001AAA')).toBe("'001000000000001AAA'");
    expect(() => soqlId("001' OR Name != '")).toThrow(/not a Salesforce record id/);
    expect(() => soqlName('Account WHERE')).toThrow(/not a Salesforce API name/);
    expect(soqlDateTime(new Date('2024-04-01T12:20:30.5+02:00'))).toBe('2024-04-01T10:20:30.500Z');
  });

  it('builds strict keyset pages, and a lookback only for the first query of a read', () => {
    const key = keysetFromCursor({ systemModstamp: '2024-04-01T10:20:30.000Z', id: '001000000000001AAA' });
    expect(keysetSoql('Account', ['Id', 'SystemModstamp'], firstBound(key, 0), 500)).toBe(
      "SELECT Id, SystemModstamp FROM Account WHERE SystemModstamp > 2024-04-01T10:20:30.000Z OR (SystemModstamp = 2024-04-01T10:20:30.000Z AND Id > '001000000000001AAA') ORDER BY SystemModstamp, Id LIMIT 500",
    );
    expect(keysetSoql('Account', ['Id'], firstBound(key, 60), 10)).toBe('SELECT Id FROM Account WHERE SystemModstamp >= 2024-04-01T10:19:30.000Z ORDER BY SystemModstamp, Id LIMIT 10');
    expect(keysetSoql('User', ['Id'], firstBound(null, 60), 10)).toBe('SELECT Id FROM User ORDER BY SystemModstamp, Id LIMIT 10');
    expect(() => keysetFromCursor({ systemModstamp: 'yesterday', id: 'x' })).toThrow(/--full-refresh/);
  });

  it('converts REST and Bulk values alike and passes unparseable ones through for the lander', () => {
    expect(parseSfDateTime('2024-04-01T10:20:30.000+0000')).toBe('2024-04-01T10:20:30.000Z');
    expect(parseSfDateTime('2024-04-01T12:20:30.000+02:00')).toBe('2024-04-01T10:20:30.000Z');
    expect(typedValue({ name: 'x', type: 'TIMESTAMP' }, 'soon')).toBe('soon');
    expect(typedValue({ name: 'x', type: 'DECIMAL(18,2)' }, '12.5')).toBe(12.5);
    expect(typedValue({ name: 'x', type: 'DECIMAL(18,2)' }, 'n/a')).toBe('n/a');
    expect(typedValue({ name: 'x', type: 'BOOLEAN' }, 'false')).toBe(false);
    expect(typedValue({ name: 'x', type: 'VARCHAR' }, '')).toBeNull();
  });
});
