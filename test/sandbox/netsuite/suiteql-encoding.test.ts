import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPANY, startNetsuite, type NetsuiteKit } from './netsuite-test-kit.ts';

describe('SuiteQL item encoding', () => {
  let kit: NetsuiteKit;
  beforeAll(async () => {
    kit = await startNetsuite(COMPANY);
  });
  afterAll(() => kit.close());

  it('gives strings for every value, T/F checkboxes, omitted NULLs and "links":[] first', async () => {
    const page = await kit.suiteql('SELECT id, companyname, email, creditlimit, balancesearch, isinactive, isperson, parent FROM customer WHERE id IN (1, 3) ORDER BY id');
    expect(page.items).toEqual([
      { links: [], id: '1', companyname: 'Acme Corp', email: 'ap@acme.com', creditlimit: '10000', balancesearch: '1200.5', isinactive: 'F', isperson: 'F' },
      { links: [], id: '3', companyname: 'Gamma Ltd', isinactive: 'F', isperson: 'F' },
    ]);
    expect(Object.keys(page.items[0]!)[0]).toBe('links');
  });

  it('lower-cases column names and aliases, and names unaliased expressions expr1, expr2', async () => {
    const page = await kit.suiteql('SELECT ID, CompanyName AS "Company", creditlimit * 2, UPPER(entityid) FROM Customer WHERE ID = 2');
    expect(page.items).toEqual([{ links: [], id: '2', company: 'Beta GmbH', expr1: '10000.5', expr2: 'CUST-2' }]);
  });

  it('shows dates in the date preference (M/D/YYYY) and datetimes in the account time zone', async () => {
    const page = await kit.suiteql('SELECT trandate, duedate, lastmodifieddate FROM transaction WHERE id = 10');
    // 2024-03-02T10:00:00Z is 2:00 am in Los Angeles (PST, UTC-8).
    expect(page.items).toEqual([{ links: [], trandate: '3/1/2024', duedate: '3/31/2024', lastmodifieddate: '3/2/2024 2:00 am' }]);
    const summer = await kit.suiteql('SELECT lastmodifieddate FROM customer WHERE id = 1');
    // 2024-03-31T12:05:00Z is 5:05 am in Los Angeles (PDT, UTC-7).
    expect(summer.items[0]!.lastmodifieddate).toBe('3/31/2024 5:05 am');
  });

  it('renders TO_CHAR with Oracle masks in the account time zone', async () => {
    const page = await kit.suiteql(`SELECT TO_CHAR(c.lastmodifieddate, 'YYYY-MM-DD"T"HH24:MI:SS') AS modified,
        TO_CHAR(c.datecreated, 'DD-MON-YYYY HH:MI AM') AS created, TO_CHAR(t.trandate, 'FMMM/DD/YY') AS short,
        TO_CHAR(t.trandate, 'FMMM/FMDD/YYYY Q') AS toggled
        FROM customer c JOIN transaction t ON t.entity = c.id WHERE t.id = 10`);
    // FM toggles fill mode, as in Oracle: the second FM pads the day again.
    expect(page.items).toEqual([{ links: [], modified: '2024-03-31T05:05:00', created: '05-JAN-2023 12:00 AM', short: '3/1/24', toggled: '3/01/2024 1' }]);
  });

  it('shows the same rows in another account time zone', async () => {
    const utc = await startNetsuite(COMPANY, { netsuite: { timeZone: 'UTC' } });
    try {
      const page = await utc.suiteql("SELECT lastmodifieddate, TO_CHAR(lastmodifieddate, 'HH24:MI') AS t FROM customer WHERE id = 1");
      expect(page.items).toEqual([{ links: [], lastmodifieddate: '3/31/2024 12:05 pm', t: '12:05' }]);
    } finally {
      await utc.close();
    }
  });

  it('treats empty strings as NULL, as Oracle does', async () => {
    const page = await kit.suiteql("SELECT id, '' AS nothing, NVL(email, 'none') AS email FROM customer WHERE id = 3");
    expect(page.items).toEqual([{ links: [], id: '3', email: 'none' }]);
  });
});
