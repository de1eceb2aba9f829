import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure, startNetsuite, type NetsuiteKit, type SuiteqlPage } from './netsuite-test-kit.ts';

const customers = Array.from({ length: 2500 }, (_, i) => ({ id: i + 1, entityid: `C-${i + 1}`, companyname: `Company ${i + 1}`, isinactive: i % 10 === 0 ? 'T' : 'F' }));
const QUERY = 'SELECT id, companyname FROM customer ORDER BY id';

describe('SuiteQL paging', () => {
  let kit: NetsuiteKit;
  beforeAll(async () => {
    kit = await startNetsuite({ 'netsuite/customer.ndjson': customers });
  });
  afterAll(() => kit.close());

  it('pages 2,500 rows 1,000 at a time with hasMore, offsets, totals and links', async () => {
    const origin = kit.sandbox.urls.netsuite;
    const href = (offset: number): string => `${origin}/services/rest/query/v1/suiteql?limit=1000&offset=${offset}`;
    const pages: SuiteqlPage[] = [];
    let offset = 0;
    for (;;) {
      const page = await kit.suiteql(QUERY, 1000, offset);
      pages.push(page);
      if (!page.hasMore) break;
      offset += page.count;
    }
    expect(pages.map((p) => [p.offset, p.count, p.hasMore, p.totalResults])).toEqual([
      [0, 1000, true, 2500], [1000, 1000, true, 2500], [2000, 500, false, 2500],
    ]);
    expect(pages[0]!.links).toEqual([
      { rel: 'first', href: href(0) }, { rel: 'next', href: href(1000) }, { rel: 'last', href: href(2000) }, { rel: 'self', href: href(0) },
    ]);
    expect(pages[1]!.links.map((l) => l.rel)).toEqual(['previous', 'first', 'next', 'last', 'self']);
    expect(pages[2]!.links).toEqual([
      { rel: 'previous', href: href(1000) }, { rel: 'first', href: href(0) }, { rel: 'last', href: href(2000) }, { rel: 'self', href: href(2000) },
    ]);
    const ids = pages.flatMap((p) => p.items.map((i) => Number(i.id)));
    expect(ids).toEqual(customers.map((c) => c.id));
  });

  it('answers a single page with only a self link and defaults limit to 1000', async () => {
    const response = await kit.client.request<SuiteqlPage>({ path: 'query/v1/suiteql', method: 'POST', body: JSON.stringify({ q: 'SELECT id FROM customer WHERE id <= 3' }) });
    expect(response.data).toMatchObject({ count: 3, hasMore: false, offset: 0, totalResults: 3 });
    expect(response.data.links).toEqual([{ rel: 'self', href: `${kit.sandbox.urls.netsuite}/services/rest/query/v1/suiteql?limit=1000&offset=0` }]);
  });

  it('sees rows written between pages once a query starts again from offset 0', async () => {
    const before = await kit.suiteql('SELECT COUNT(*) AS n FROM customer');
    await kit.sandbox.db.run("INSERT INTO netsuite.customer (id, companyname) VALUES (9001, 'Late Arrival')");
    const after = await kit.suiteql('SELECT COUNT(*) AS n FROM customer');
    expect(Number(after.items[0]!.n)).toBe(Number(before.items[0]!.n) + 1);
    await kit.sandbox.db.run('DELETE FROM netsuite.customer WHERE id = 9001');
  });

  it('refuses a limit above 1000 and a non-numeric offset', async () => {
    const tooBig = await failure(kit.suiteql(QUERY, 1001, 0));
    expect(tooBig).toMatchObject({ status: 400, code: 'INVALID_PARAMETER' });
    expect(tooBig.body['o:errorDetails']).toMatchObject([{ 'o:errorQueryParam': 'limit' }]);
    const bad = await failure(kit.client.request({ path: 'query/v1/suiteql?limit=10&offset=abc', method: 'POST', body: JSON.stringify({ q: QUERY }) }));
    expect(bad).toMatchObject({ status: 400, code: 'INVALID_PARAMETER' });
  });
});

describe('SuiteQL 100,000-result reach', () => {
  it('reports the true total but serves no offset at or beyond 100,000', async () => {
    const kit = await startNetsuite({});
    try {
      await kit.sandbox.db.run("INSERT INTO netsuite.customer (id, companyname) SELECT i, 'C' || i FROM range(1, 100002) t(i)");
      const last = await kit.suiteql('SELECT id FROM customer ORDER BY id', 1000, 99_000);
      expect(last).toMatchObject({ count: 1000, hasMore: true, offset: 99_000, totalResults: 100_001 });
      expect(last.items.at(-1)).toEqual({ links: [], id: '100000' });
      expect(last.links.map((l) => l.rel)).toEqual(['previous', 'first', 'last', 'self']);
      const beyond = await failure(kit.suiteql('SELECT id FROM customer ORDER BY id', 1000, 100_000));
      expect(beyond).toMatchObject({ status: 400, code: 'INVALID_PARAMETER' });
      expect(beyond.detail).toMatch(/at most 100000 results/);
    } finally {
      await kit.close();
    }
  });
});
