import { describe, expect, it } from 'vitest';
import { parseSoql } from '../../../sandbox/salesforce/soql-parser.ts';
import { SoqlError, formatSoqlMessage } from '../../../sandbox/salesforce/soql-error.ts';
import { likePattern } from '../../../sandbox/salesforce/soql-lexer.ts';

function parseError(soql: string): SoqlError {
  try {
    parseSoql(soql);
  } catch (error) {
    if (error instanceof SoqlError) return error;
    throw error;
  }
  throw new Error(`expected a parse error for ${soql}`);
}

describe('parseSoql', () => {
  it('reads the query jsforce builds from find(), with relationship paths and every literal kind', () => {
    const query = parseSoql(
      "select Id, Amount, Account.Owner.Email FROM Opportunity WHERE StageName = 'Closed Won' AND CloseDate >= 2024-01-01 " +
        "AND Id IN ('006A', '006B') AND Name LIKE 'O\\'Brien%' AND IsDeleted = false AND Amount != null " +
        'AND SystemModstamp > 2024-01-01T10:00:00.000+02:00 AND CreatedDate = LAST_N_DAYS:30 ' +
        'ORDER BY SystemModstamp ASC NULLS LAST, Id DESC LIMIT 200 OFFSET 10',
    );
    expect(query.select.map((s) => (s.kind === 'field' ? s.path.parts.join('.') : s.kind))).toEqual(['Id', 'Amount', 'Account.Owner.Email']);
    expect(query.from.name).toBe('Opportunity');
    expect(query.limit).toBe(200);
    expect(query.offset).toBe(10);
    expect(query.orderBy).toMatchObject([{ descending: false, nullsLast: true }, { descending: true }]);
    const where = query.where!;
    expect(where.kind).toBe('and');
    const items = (where as { items: { kind: string; value?: unknown; values?: unknown }[] }).items;
    expect(items.map((c) => c.kind)).toEqual(['compare', 'compare', 'in', 'like', 'compare', 'compare', 'compare', 'compare']);
    expect(items[1]!.value).toMatchObject({ kind: 'date', value: '2024-01-01' });
    expect(items[6]!.value).toMatchObject({ kind: 'datetime', value: '2024-01-01T08:00:00.000Z' });
    expect(items[7]!.value).toMatchObject({ kind: 'relativeDate', name: 'LAST_N_DAYS', n: 30 });
  });

  it('needs parentheses to mix AND with OR, as Salesforce does', () => {
    expect(parseError("SELECT Id FROM Account WHERE Name = 'a' AND Type = 'b' OR Industry = 'c'").detail).toMatch(/unexpected token: 'OR'/);
    const query = parseSoql("SELECT Id FROM Account WHERE Name = 'a' AND (Type = 'b' OR NOT Industry = 'c')");
    expect(query.where).toMatchObject({ kind: 'and', items: [{ kind: 'compare' }, { kind: 'or', items: [{ kind: 'compare' }, { kind: 'not' }] }] });
  });

  it('rejects a JavaScript Date.toString() in a condition (what jsforce sends for a raw Date)', () => {
    const soql = `SELECT Id FROM Account WHERE CreatedDate >= ${new Date('2024-01-01T00:00:00Z').toString()}`;
    const error = parseError(soql);
    expect(error.code).toBe('MALFORMED_QUERY');
    expect(formatSoqlMessage(soql, error)).toMatch(/\nERROR at Row:1:Column:45\nunexpected token: '\w+'/);
  });

  it('rejects datetimes without a zone, bad escapes and unsupported clauses instead of guessing', () => {
    expect(parseError('SELECT Id FROM Account WHERE CreatedDate > 2024-01-01T00:00:00').code).toBe('MALFORMED_QUERY');
    expect(parseError("SELECT Id FROM Account WHERE Name = 'a\\qb'").detail).toMatch(/Illegal character sequence/);
    expect(parseError('SELECT Id FROM Account WITH SECURITY_ENFORCED').detail).toMatch(/WITH filters is not supported/);
    expect(parseError('SELECT FIELDS(ALL) FROM Account LIMIT 200').detail).toMatch(/FIELDS\(\) is not supported/);
    expect(parseError('SELECT Id FROM Account LIMIT').detail).toMatch(/after LIMIT/);
    expect(parseError('SELECT Id FROM').code).toBe('MALFORMED_QUERY');
  });

  it('parses COUNT(), aggregates with aliases, GROUP BY, child and semi-join subqueries', () => {
    expect(parseSoql('SELECT COUNT() FROM Account').select).toEqual([{ kind: 'countAll', pos: 7 }]);
    const grouped = parseSoql('SELECT StageName, SUM(Amount) total, COUNT(Id) FROM Opportunity GROUP BY StageName');
    expect(grouped.select.map((s) => (s.kind === 'aggregate' ? `${s.fn}:${s.alias ?? ''}` : s.kind))).toEqual(['field', 'SUM:total', 'COUNT:']);
    const nested = parseSoql("SELECT Id, (SELECT Id FROM Opportunities) FROM Account WHERE Id IN (SELECT AccountId FROM Opportunity WHERE IsWon = true)");
    expect(nested.select[1]).toMatchObject({ kind: 'subquery', query: { from: { name: 'Opportunities' } } });
    expect(nested.where).toMatchObject({ kind: 'inQuery', query: { from: { name: 'Opportunity' } } });
  });
});

describe('likePattern', () => {
  it('keeps % and _ as wildcards and makes escaped ones literal', () => {
    expect(likePattern('100\\%_done%')).toBe('100\\%_done%');
    expect(likePattern("O\\'Brien")).toBe("O'Brien");
    expect(likePattern('a\\\\b')).toBe('a\\\\b');
  });
});
