import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPANY, failure, startNetsuite, type NetsuiteKit } from './netsuite-test-kit.ts';

describe('SuiteQL queries', () => {
  let kit: NetsuiteKit;
  const ids = async (q: string): Promise<string[]> => (await kit.suiteql(q)).items.map((i) => String(i.id));
  beforeAll(async () => {
    kit = await startNetsuite(COMPANY);
  });
  afterAll(() => kit.close());

  it('joins customers to their default billing address', async () => {
    const page = await kit.suiteql(`SELECT c.id, a.city, a.country, BUILTIN.DF(c.defaultbillingaddress) AS billto
      FROM customer c LEFT OUTER JOIN entityaddress a ON a.nkey = c.defaultbillingaddress ORDER BY c.id`);
    expect(page.items).toEqual([
      { links: [], id: '1', city: 'Springfield', country: 'US', billto: 'Acme Corp\n1 Main St\nSpringfield IL 62701' },
      { links: [], id: '2' },
      { links: [], id: '3' },
    ]);
  });

  it('joins transactions to customers and shows display values with BUILTIN.DF', async () => {
    const page = await kit.suiteql(`SELECT t.tranid, t.status, BUILTIN.DF(t.status) AS statuslabel, BUILTIN.DF(t.entity) AS customer,
        BUILTIN.DF(t.currency) AS currency, BUILTIN.DF(t.type) AS typelabel, c.companyname
      FROM transaction t INNER JOIN customer c ON c.id = t.entity WHERE t.type IN ('CustInvc', 'SalesOrd') ORDER BY t.id`);
    expect(page.items).toEqual([
      { links: [], tranid: 'INV-10', status: 'A', statuslabel: 'Invoice : Open', customer: 'CUST-1', currency: 'US Dollar', typelabel: 'Invoice', companyname: 'Acme Corp' },
      { links: [], tranid: 'INV-11', status: 'B', statuslabel: 'Invoice : Paid In Full', customer: 'CUST-2', currency: 'Euro', typelabel: 'Invoice', companyname: 'Beta GmbH' },
      { links: [], tranid: 'SO-12', status: 'F', statuslabel: 'Sales Order : Pending Billing', customer: 'CUST-1', currency: 'US Dollar', typelabel: 'Sales Order', companyname: 'Acme Corp' },
    ]);
  });

  it("filters transaction status both as the letter and as the compound 'CustInvc:A'", async () => {
    expect(await ids("SELECT id FROM transaction WHERE type = 'CustInvc' AND status = 'A'")).toEqual(['10']);
    expect(await ids("SELECT id FROM transaction WHERE status = 'CustInvc:A'")).toEqual(['10']);
    expect(await ids("SELECT id FROM transaction WHERE status IN ('CustInvc:B', 'SalesOrd:F') ORDER BY id")).toEqual(['11', '12']);
    expect(await ids("SELECT id FROM transaction WHERE status <> 'CustInvc:A' ORDER BY id")).toEqual(['11', '12', '13']);
  });

  it('supports the usual WHERE forms: AND/OR/NOT, IN, NOT IN, BETWEEN, LIKE, IS NULL, checkboxes as T/F', async () => {
    expect(await ids("SELECT id FROM customer WHERE isinactive = 'F' ORDER BY id")).toEqual(['1', '3']);
    expect(await ids("SELECT id FROM customer WHERE isinactive = 'T'")).toEqual(['2']);
    expect(await ids('SELECT id FROM customer WHERE id NOT IN (1, 2)')).toEqual(['3']);
    expect(await ids('SELECT id FROM customer WHERE creditlimit BETWEEN 5000 AND 6000')).toEqual(['2']);
    expect(await ids("SELECT id FROM customer WHERE companyname LIKE '%Ltd' OR email LIKE 'ap@%' ORDER BY id")).toEqual(['1', '3']);
    expect(await ids("SELECT id FROM customer WHERE NOT (companyname LIKE 'A%') AND email IS NOT NULL")).toEqual(['2']);
    expect(await ids('SELECT id FROM customer WHERE email IS NULL')).toEqual(['3']);
    expect(await ids("SELECT id FROM customer WHERE companyname = 'Acme Corp' AND subsidiary = 1")).toEqual(['1']);
    expect(await ids("SELECT id FROM transaction WHERE trandate BETWEEN TO_DATE('2024-03-01', 'YYYY-MM-DD') AND '3/5/2024' ORDER BY id")).toEqual(['10', '11']);
  });

  it('compares datetimes with TO_DATE/TO_TIMESTAMP read in the account time zone', async () => {
    // Customer 3 was modified 2024-02-01T23:30:00Z = 3:30 pm on Feb 1 in Los Angeles.
    expect(await ids("SELECT id FROM customer WHERE lastmodifieddate >= TO_TIMESTAMP('2024-02-01 15:30:00', 'YYYY-MM-DD HH24:MI:SS') AND lastmodifieddate < TO_DATE('2024-02-02', 'YYYY-MM-DD')")).toEqual(['3']);
    expect(await ids("SELECT id FROM customer WHERE lastmodifieddate > TO_TIMESTAMP('2024-02-01 15:31:00', 'YYYY-MM-DD HH24:MI:SS') ORDER BY id")).toEqual(['1']);
  });

  it('evaluates CASE, GROUP BY with HAVING, aggregates and ORDER BY with NULLS FIRST', async () => {
    const sizes = await kit.suiteql("SELECT id, CASE WHEN creditlimit >= 10000 THEN 'large' WHEN creditlimit IS NULL THEN 'none' ELSE 'small' END AS size FROM customer ORDER BY id");
    expect(sizes.items.map((i) => i.size)).toEqual(['large', 'small', 'none']);
    const grouped = await kit.suiteql(`SELECT entity, COUNT(*) AS n, SUM(foreigntotal) AS total, MAX(trandate) AS latest
      FROM transaction GROUP BY entity HAVING COUNT(*) > 1 ORDER BY entity`);
    expect(grouped.items).toEqual([{ links: [], entity: '1', n: '3', total: '3600', latest: '3/10/2024' }]);
    const nullsFirst = await kit.suiteql('SELECT id, creditlimit FROM customer ORDER BY creditlimit DESC');
    expect(nullsFirst.items.map((i) => i.id)).toEqual(['3', '1', '2']);
    const nullsLast = await kit.suiteql('SELECT id FROM customer ORDER BY creditlimit DESC NULLS LAST');
    expect(nullsLast.items.map((i) => i.id)).toEqual(['1', '2', '3']);
  });

  it('limits rows with FETCH FIRST, TOP and ROWNUM', async () => {
    expect(await ids('SELECT id FROM customer ORDER BY id DESC FETCH FIRST 2 ROWS ONLY')).toEqual(['3', '2']);
    expect(await ids('SELECT TOP 1 id FROM customer ORDER BY id DESC')).toEqual(['3']);
    const rownum = await kit.suiteql('SELECT id FROM customer WHERE ROWNUM <= 2');
    expect(rownum).toMatchObject({ count: 2, totalResults: 2 });
  });

  it('converts amounts to the base currency with BUILTIN.CURRENCY_CONVERT and supports subqueries', async () => {
    const page = await kit.suiteql('SELECT id, BUILTIN.CURRENCY_CONVERT(foreigntotal) AS base FROM transaction WHERE id = 11');
    expect(page.items).toEqual([{ links: [], id: '11', base: '550' }]);
    expect(await ids("SELECT id FROM customer c WHERE EXISTS (SELECT 1 FROM transaction t WHERE t.entity = c.id AND t.type = 'CustInvc') ORDER BY id")).toEqual(['1', '2']);
    expect(await ids("SELECT id FROM customer WHERE id IN (SELECT entity FROM transaction WHERE type = 'SalesOrd')")).toEqual(['1']);
  });

  it('applies the common Oracle functions', async () => {
    const page = await kit.suiteql(`SELECT NVL(email, '-') AS e, NVL2(email, 'y', 'n') AS has, NULLIF(entityid, 'CUST-1') AS ni,
        COALESCE(NULL, companyname) AS co, ROUND(creditlimit / 3, 2) AS r, ABS(-2) AS a, LOWER(companyname) AS lo,
        SUBSTR(companyname, 1, 4) AS sub, LENGTH(companyname) AS len, TRIM('  x  ') AS tr, entityid || '/' || companyname AS cat
      FROM customer WHERE id = 1`);
    expect(page.items).toEqual([{
      links: [], e: 'ap@acme.com', has: 'y', co: 'Acme Corp', r: '3333.33', a: '2', lo: 'acme corp', sub: 'Acme', len: '9', tr: 'x', cat: 'CUST-1/Acme Corp',
    }]);
    const now = await kit.suiteql("SELECT TO_CHAR(SYSDATE, 'YYYY') AS y, TO_CHAR(CURRENT_DATE, 'YYYY') AS d FROM customer WHERE id = 1");
    expect(Number(now.items[0]!.y)).toBeGreaterThanOrEqual(2024);
    expect(now.items[0]!.d).toBe(now.items[0]!.y);
  });
});

describe('SuiteQL errors', () => {
  let kit: NetsuiteKit;
  beforeAll(async () => {
    kit = await startNetsuite(COMPANY);
  });
  afterAll(() => kit.close());

  it('names the unknown field and record like NetSuite', async () => {
    const error = await failure(kit.suiteql('SELECT id, balance FROM customer'));
    expect(error).toMatchObject({ status: 400, code: 'INVALID_PARAMETER' });
    expect(error.detail).toBe("Invalid search query. Detailed unprocessed description follows. Search error occurred: Field 'balance' for record 'customer' was not found. Reason: NOT_EXPOSED - Not available for channel SUITEQL");
    const qualified = await failure(kit.suiteql('SELECT t.subsidiary FROM transaction t'));
    expect(qualified.detail).toContain("Field 'subsidiary' for record 'transaction' was not found");
  });

  it('refuses unknown tables, syntax errors and unsupported constructs with 400 INVALID_PARAMETER', async () => {
    const table = await failure(kit.suiteql('SELECT id FROM customers'));
    expect(table).toMatchObject({ status: 400, code: 'INVALID_PARAMETER' });
    expect(table.detail).toContain("Record 'customers' was not found");
    for (const q of ['SELECT id FROM customer WHERE', 'SELECT id customer', 'SELECT id FROM customer LIMIT 5', 'SELECT id FROM customer UNION SELECT id FROM transaction', "SELECT BUILTIN.HIERARCHY(id, 'x') FROM customer"]) {
      const error = await failure(kit.suiteql(q));
      expect(error, q).toMatchObject({ status: 400, code: 'INVALID_PARAMETER' });
      expect(error.detail, q).toMatch(/^Invalid search query/);
    }
  });

  it('refuses ambiguous columns and type errors instead of guessing', async () => {
    const ambiguous = await failure(kit.suiteql('SELECT id FROM customer c JOIN transaction t ON t.entity = c.id'));
    expect(ambiguous.detail).toContain("Column 'id' is ambiguously defined");
    const conversion = await failure(kit.suiteql("SELECT id FROM customer WHERE id = 'abc'"));
    expect(conversion).toMatchObject({ status: 400, code: 'INVALID_PARAMETER' });
  });

  it('refuses a body without a query', async () => {
    const error = await failure(kit.client.request({ path: 'query/v1/suiteql?limit=10&offset=0', method: 'POST', body: JSON.stringify({ query: 'SELECT 1' }) }));
    expect(error).toMatchObject({ status: 400, code: 'INVALID_CONTENT' });
  });
});
