import { describe, expect, it } from 'vitest';
import { parseSuiteql } from '../../../sandbox/netsuite/suiteql-parser.ts';
import { SuiteqlSyntaxError, tokenize } from '../../../sandbox/netsuite/suiteql-lexer.ts';
import { parseMask, parseWithMask } from '../../../sandbox/netsuite/suiteql-date-format.ts';

describe('SuiteQL lexer and parser', () => {
  it("reads '' inside string literals, quoted identifiers and comments", () => {
    const tokens = tokenize(`SELECT 'O''Brien' AS "Name" -- trailing\n FROM /* block */ customer`);
    expect(tokens.map((t) => [t.kind, t.value])).toEqual([
      ['ident', 'select'], ['string', "O'Brien"], ['ident', 'as'], ['quoted', 'name'], ['ident', 'from'], ['ident', 'customer'], ['eof', ''],
    ]);
  });

  it('parses joins, conditions, grouping, ordering and row limits into one query', () => {
    const query = parseSuiteql(`SELECT DISTINCT c.id, COUNT(*) n FROM customer c LEFT OUTER JOIN transaction t ON t.entity = c.id
      WHERE c.isinactive = 'F' AND t.status NOT IN ('A', 'B') GROUP BY c.id HAVING COUNT(*) > 1
      ORDER BY n DESC NULLS LAST, 1 FETCH FIRST 10 ROWS ONLY`);
    expect(query).toMatchObject({
      distinct: true,
      from: [{ source: { kind: 'table', name: 'customer' }, alias: 'c' }, { alias: 't', join: { type: 'left' } }],
      where: { kind: 'logical', op: 'and', right: { kind: 'in', negated: true } },
      groupBy: [{ kind: 'column', table: 'c', name: 'id' }],
      orderBy: [{ descending: true, nulls: 'last' }, { descending: false }],
      fetchFirst: 10,
    });
    expect(query.items[1]).toMatchObject({ kind: 'expr', alias: 'n', expr: { kind: 'call', name: 'count', star: true } });
  });

  it('says where a syntax error is', () => {
    expect(() => parseSuiteql('SELECT id FROM customer WHERE id = ')).toThrow(new SuiteqlSyntaxError('Syntax error: expected an expression near the end of the query.'));
    expect(() => parseSuiteql('SELECT id FROM customer ORDER id')).toThrow(/expected BY near 'id' at position 30/);
    expect(() => parseSuiteql("SELECT 'open FROM customer")).toThrow(/Unterminated string literal/);
  });
});

describe('Oracle date masks', () => {
  const parse = (text: string, mask: string) => parseWithMask(text, parseMask(mask));

  it('parses leniently as Oracle does: any separator, short numbers, missing trailing time', () => {
    expect(parse('2024/3/5', 'YYYY-MM-DD')).toMatchObject({ year: 2024, month: 3, day: 5 });
    expect(parse('2024-03-05', 'YYYY-MM-DD HH24:MI:SS')).toMatchObject({ year: 2024, month: 3, day: 5, hour: 0, minute: 0 });
    expect(parse('05-MAR-2024 03:04 PM', 'DD-MON-YYYY HH:MI AM')).toMatchObject({ month: 3, day: 5, hour: 15, minute: 4 });
    expect(parse('2024-03-05T10:20:30', 'YYYY-MM-DD"T"HH24:MI:SS')).toMatchObject({ hour: 10, minute: 20, second: 30 });
  });

  it('rejects impossible dates and text that does not fit', () => {
    expect(parse('2023-02-29', 'YYYY-MM-DD')).toBeUndefined();
    expect(parse('2024-03-05 extra', 'YYYY-MM-DD')).toBeUndefined();
    expect(() => parseMask('YYYY-MM-DDTHH24')).toThrow();
  });
});
