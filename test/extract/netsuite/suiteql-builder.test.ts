import { describe, expect, it } from 'vitest';
import { NETSUITE_STREAMS } from '../../../extract/netsuite/netsuite-streams.ts';
import { changesQuery, deletionsQuery, integerLiteral, keysetCondition, timestampLiteral } from '../../../extract/netsuite/suiteql-builder.ts';

const customer = NETSUITE_STREAMS.find((s) => s.stream === 'customer')!;

describe('SuiteQL builder', () => {
  it('interpolates only integers and strictly formatted timestamps', () => {
    expect(timestampLiteral('2024-03-10 01:30:00')).toBe("TO_TIMESTAMP('2024-03-10 01:30:00', 'YYYY-MM-DD HH24:MI:SS')");
    expect(() => timestampLiteral("2024-03-10 01:30:00') OR 1=1 --")).toThrow(/Refusing/);
    expect(() => integerLiteral(1.5)).toThrow(/Refusing/);
    expect(() => keysetCondition('c.lastmodifieddate', ['c.id'], { local: '2024-03-10 01:30:00', ids: [Number.NaN] })).toThrow(/Refusing/);
  });

  it('builds a keyset query on second-precision time and id, with datetimes as ISO text', () => {
    const q = changesQuery(customer, { local: '2024-03-10 01:30:00', ids: [42] });
    expect(q).toContain("TO_CHAR(c.lastmodifieddate, 'YYYY-MM-DD\"T\"HH24:MI:SS') AS lastmodifieddate");
    expect(q).toContain('LEFT JOIN entityaddress ba ON c.defaultbillingaddress = ba.nkey');
    expect(q).toContain("(TO_CHAR(c.lastmodifieddate, 'YYYY-MM-DD HH24:MI:SS') = '2024-03-10 01:30:00' AND c.id > 42)");
    expect(q).toMatch(/ORDER BY TO_CHAR\(c\.lastmodifieddate, 'YYYY-MM-DD HH24:MI:SS'\), c\.id$/);
    expect(changesQuery(customer, null)).not.toContain('WHERE');
  });

  it('reads deletions of the stream record types only', () => {
    const transaction = NETSUITE_STREAMS.find((s) => s.stream === 'transaction')!;
    expect(deletionsQuery(transaction, null)).toContain("LOWER(d.type) IN ('salesorder', 'invoice', 'customerpayment', 'creditmemo')");
  });
});
