import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@hubspot/api-client';
import { apiError, archived, deal, record, startHubspot, type HubspotHarness, type HsRecord } from './hubspot-test-kit.ts';

type Filter = { propertyName: string; operator: string; value?: string; highValue?: string; values?: string[] };
type Search = { filterGroups?: { filters: Filter[] }[]; sorts?: unknown[]; query?: string; properties?: string[]; limit?: number; after?: string };

const deals: HsRecord[] = [
  deal(1, { dealname: 'Alpha renewal', amount: '9', dealstage: 'closedwon', closedate: '2024-03-01T00:00:00Z', description: 'annual-renewal for ACME' }),
  deal(2, { dealname: 'Beta expansion', amount: '10', dealstage: 'closedlost', closedate: '2024-03-15T12:00:00.000Z', description: 'expansion seats' }),
  deal(3, { dealname: 'Gamma new', amount: '100', dealstage: 'closedwon', closedate: '2024-04-01T00:00:00Z', description: null }),
  deal(4, { dealname: 'Delta pilot', amount: null, dealstage: 'qualifiedtobuy', closedate: null, description: 'pilot, renewal later' }),
  deal(5, { dealname: 'Epsilon', amount: '1000.5', dealstage: 'contractsent', closedate: '2024-05-20T08:30:00Z', description: '' }),
  archived(deal(6, { dealname: 'Archived closedwon', amount: '500', dealstage: 'closedwon' })),
];

function ids(response: { results: { id: string }[] }): string[] {
  return response.results.map((r) => r.id);
}

describe('HubSpot search (POST /crm/v3/objects/{type}/search)', () => {
  let hs: HubspotHarness;
  let client: Client;
  const search = (body: Search) => client.crm.deals.searchApi.doSearch(body as never);
  const one = (filter: Filter, extra: Search = {}) => search({ filterGroups: [{ filters: [filter] }], ...extra });

  beforeAll(async () => {
    hs = await startHubspot({ 'hubspot/deals.ndjson': deals }, { hubspot: { searchPerSecond: 1000 } });
    client = hs.client();
  });
  afterAll(() => hs.close());

  it('matches EQ/NEQ case-insensitively and never returns archived records', async () => {
    const won = await one({ propertyName: 'dealstage', operator: 'EQ', value: 'CLOSEDWON' });
    expect(ids(won)).toEqual(['1', '3']);
    expect(won.total).toBe(2);
    expect(ids(await one({ propertyName: 'dealstage', operator: 'NEQ', value: 'closedwon' }))).toEqual(['2', '4', '5']);
  });

  it('compares number properties as numbers, not text', async () => {
    expect(ids(await one({ propertyName: 'amount', operator: 'GT', value: '50' }))).toEqual(['3', '5']);
    expect(ids(await one({ propertyName: 'amount', operator: 'LTE', value: '10' }))).toEqual(['1', '2']);
    expect(ids(await one({ propertyName: 'amount', operator: 'BETWEEN', value: '10', highValue: '100' }))).toEqual(['2', '3']);
    expect(ids(await one({ propertyName: 'amount', operator: 'IN', values: ['9', '1000.50'] }))).toEqual(['1', '5']);
  });

  it('compares datetimes as instants, given epoch milliseconds or ISO strings', async () => {
    const march15 = String(Date.parse('2024-03-15T12:00:00Z'));
    expect(ids(await one({ propertyName: 'closedate', operator: 'GTE', value: march15 }))).toEqual(['2', '3', '5']);
    expect(ids(await one({ propertyName: 'closedate', operator: 'LT', value: '2024-03-15T12:00:00Z' }))).toEqual(['1']);
    const april = { propertyName: 'closedate', operator: 'BETWEEN', value: '2024-03-02T00:00:00Z', highValue: String(Date.parse('2024-04-01T00:00:00Z')) };
    expect(ids(await one(april))).toEqual(['2', '3']);
  });

  it('supports IN/NOT_IN on enumerations and HAS_PROPERTY/NOT_HAS_PROPERTY', async () => {
    expect(ids(await one({ propertyName: 'dealstage', operator: 'IN', values: ['closedlost', 'contractsent'] }))).toEqual(['2', '5']);
    expect(ids(await one({ propertyName: 'dealstage', operator: 'NOT_IN', values: ['closedwon', 'closedlost'] }))).toEqual(['4', '5']);
    expect(ids(await one({ propertyName: 'amount', operator: 'HAS_PROPERTY' }))).toEqual(['1', '2', '3', '5']);
    expect(ids(await one({ propertyName: 'description', operator: 'NOT_HAS_PROPERTY' }))).toEqual(['3', '5']);
  });

  it('matches whole tokens with CONTAINS_TOKEN (with * wildcards) and excludes them with NOT_CONTAINS_TOKEN', async () => {
    expect(ids(await one({ propertyName: 'description', operator: 'CONTAINS_TOKEN', value: 'renewal' }))).toEqual(['1', '4']);
    expect(ids(await one({ propertyName: 'description', operator: 'CONTAINS_TOKEN', value: 'renew' }))).toEqual([]);
    expect(ids(await one({ propertyName: 'description', operator: 'CONTAINS_TOKEN', value: 'exp*' }))).toEqual(['2']);
    expect(ids(await one({ propertyName: 'description', operator: 'NOT_CONTAINS_TOKEN', value: 'renewal' }))).toEqual(['2', '3', '5']);
  });

  it('ORs filter groups and ANDs the filters inside a group', async () => {
    const body: Search = {
      filterGroups: [
        { filters: [{ propertyName: 'dealstage', operator: 'EQ', value: 'closedwon' }, { propertyName: 'amount', operator: 'GT', value: '50' }] },
        { filters: [{ propertyName: 'dealname', operator: 'EQ', value: 'delta pilot' }] },
      ],
    };
    expect(ids(await search(body))).toEqual(['3', '4']);
  });

  it('searches free text over the deal name by word prefix', async () => {
    expect(ids(await search({ query: 'renew' }))).toEqual(['1']);
    expect(ids(await search({ query: 'gamma NEW' }))).toEqual(['3']);
  });

  it('sorts by one property in object or string form, numerically for numbers', async () => {
    const byAmount = await search({ sorts: [{ propertyName: 'amount', direction: 'DESCENDING' }], filterGroups: [{ filters: [{ propertyName: 'amount', operator: 'HAS_PROPERTY' }] }] });
    expect(ids(byAmount)).toEqual(['5', '3', '2', '1']);
    expect(ids(await search({ sorts: ['-closedate'], limit: 2 }))).toEqual(['5', '3']);
    expect(ids(await search({ sorts: ['dealname'], limit: 3 }))).toEqual(['1', '2', '4']);
  });

  it('pages with a stringified offset, reports total and returns requested plus system properties', async () => {
    const first = await search({ limit: 2, properties: ['dealname'] });
    expect(first.total).toBe(5);
    expect(ids(first)).toEqual(['1', '2']);
    expect(first.paging?.next?.after).toBe('2');
    expect(Object.keys(first.results[0]!.properties).sort()).toEqual(['createdate', 'dealname', 'hs_lastmodifieddate', 'hs_object_id']);
    const last = await search({ limit: 2, after: '4' });
    expect(ids(last)).toEqual(['5']);
    expect(last.paging).toBeUndefined();
  });

  it('refuses unknown properties, unknown operators and too many filters with 400 VALIDATION_ERROR', async () => {
    const unknown = await apiError(one({ propertyName: 'nope', operator: 'EQ', value: 'x' }));
    expect(unknown.code).toBe(400);
    expect(unknown.body.category).toBe('VALIDATION_ERROR');
    expect((await apiError(one({ propertyName: 'amount', operator: 'LIKE', value: 'x' }))).code).toBe(400);
    expect((await apiError(one({ propertyName: 'amount', operator: 'GT', value: 'lots' }))).code).toBe(400);
    const filter: Filter = { propertyName: 'amount', operator: 'HAS_PROPERTY' };
    const groups = (count: number, size: number) => Array.from({ length: count }, () => ({ filters: Array.from({ length: size }, () => filter) }));
    expect((await apiError(search({ filterGroups: groups(6, 1) }))).code).toBe(400);
    expect((await apiError(search({ filterGroups: groups(1, 11) }))).code).toBe(400);
    expect((await apiError(search({ filterGroups: groups(3, 9) }))).code).toBe(400);
    expect(ids(await search({ filterGroups: groups(5, 5) }))).toHaveLength(4);
    expect((await apiError(search({ limit: 201 }))).code).toBe(400);
    expect((await apiError(search({ sorts: ['amount', 'dealname'] }))).code).toBe(400);
  });
});

describe('HubSpot search result cap', () => {
  let hs: HubspotHarness;
  beforeAll(async () => {
    const companies = Array.from({ length: 10_001 }, (_, i) => record(100_000 + i, { name: `Company ${i}` }));
    hs = await startHubspot({ 'hubspot/companies.ndjson': companies }, { hubspot: { searchPerSecond: 1000 } });
  });
  afterAll(() => hs.close());

  it('serves pages up to 10,000 results and answers 400 beyond, with the right total', async () => {
    const api = hs.client().crm.companies.searchApi;
    const last = await api.doSearch({ limit: 200, after: '9800' } as never);
    expect(last.total).toBe(10_001);
    expect(last.results).toHaveLength(200);
    expect(last.paging?.next?.after).toBe('10000');
    const beyond = await apiError(api.doSearch({ limit: 200, after: '10000' } as never));
    expect(beyond.code).toBe(400);
    expect(beyond.body).toMatchObject({ status: 'error', category: 'VALIDATION_ERROR' });
    expect((await apiError(api.doSearch({ limit: 100, after: '9950' } as never))).code).toBe(400);
  });
});

describe('HubSpot search limits and index lag', () => {
  let hs: HubspotHarness;
  beforeAll(async () => {
    hs = await startHubspot({ 'hubspot/companies.ndjson': [record(1, { name: 'Initech' })] }, { hubspot: { searchPerSecond: 2, searchLagMs: 500 } });
  });
  afterAll(() => hs.close());

  it('answers the third search in one second with the SECONDLY 429, without rate-limit headers', async () => {
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const api = hs.client().crm.companies.searchApi;
    const outcomes = await Promise.allSettled([1, 2, 3].map(() => api.doSearch({ limit: 1 } as never)));
    const rejected = outcomes.filter((o) => o.status === 'rejected').map((o) => (o as PromiseRejectedResult).reason as { code: number; body: Record<string, unknown>; headers: Record<string, string> });
    expect(rejected).toHaveLength(1);
    expect(rejected[0]!.code).toBe(429);
    expect(rejected[0]!.body).toMatchObject({ status: 'error', message: 'You have reached your secondly limit.', errorType: 'RATE_LIMIT', policyName: 'SECONDLY' });
    expect(rejected[0]!.headers['x-hubspot-ratelimit-daily']).toBeUndefined();
  });

  it('lets the client retry a SECONDLY 429 after a second and succeed', async () => {
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const api = hs.client(3).crm.companies.searchApi;
    const outcomes = await Promise.all([1, 2, 3].map(() => api.doSearch({ limit: 1 } as never)));
    expect(outcomes.map((o) => o.total)).toEqual([1, 1, 1]);
  });

  it('does not find a record written less than searchLagMs ago, but reads see it at once', async () => {
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const client = hs.client();
    const created = await client.crm.companies.basicApi.create({ properties: { name: 'Fresh Co' }, associations: [] });
    const query = { filterGroups: [{ filters: [{ propertyName: 'name', operator: 'EQ', value: 'Fresh Co' }] }] } as never;
    expect((await client.crm.companies.searchApi.doSearch(query)).total).toBe(0);
    expect((await client.crm.companies.basicApi.getById(created.id)).properties.name).toBe('Fresh Co');
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect((await client.crm.companies.searchApi.doSearch(query)).results.map((r) => r.id)).toEqual([created.id]);
  });
});
