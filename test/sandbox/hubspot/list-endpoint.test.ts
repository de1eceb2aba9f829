import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiError, archived, deal, record, startHubspot, type HubspotHarness, type HsRecord } from './hubspot-test-kit.ts';

const companies: HsRecord[] = [
  record(101, { name: 'Acme Corp', domain: 'acme.com', country: 'US' }),
  record(102, { name: 'Globex', domain: 'globex.io' }),
  archived(record(103, { name: 'Gone Ltd', domain: 'gone.example' })),
];
// 250 active deals (ids 2001..2250), the first 40 on company 101, plus 3 archived ones.
const deals: HsRecord[] = [
  ...Array.from({ length: 250 }, (_, i) => deal(2001 + i, { dealname: `Deal ${i + 1}`, amount: String(100 + i), dealstage: 'closedwon' }, i < 40 ? 101 : undefined)),
  ...[3001, 3002, 3003].map((id) => archived(deal(id, { dealname: `Old ${id}`, amount: '5' }))),
];

describe('HubSpot list (GET /crm/v3/objects/{type})', () => {
  let hs: HubspotHarness;
  beforeAll(async () => {
    hs = await startHubspot({ 'hubspot/companies.ndjson': companies, 'hubspot/deals.ndjson': deals });
  });
  afterAll(() => hs.close());

  it('pages through every active deal with getAll and limit 100, in id order, without duplicates', async () => {
    const all = await hs.client().crm.deals.getAll(100, undefined, ['dealname', 'amount']);
    expect(all).toHaveLength(250);
    expect(all.map((d) => d.id)).toEqual(Array.from({ length: 250 }, (_, i) => String(2001 + i)));
    expect(all[0]!.properties).toMatchObject({ dealname: 'Deal 1', amount: '100', hs_object_id: '2001' });
    expect(all[0]!.createdAt).toBeInstanceOf(Date);
    expect(all[0]!.archived).toBe(false);
  });

  it('gives paging.next.after with a link on every page but the last', async () => {
    const api = hs.client().crm.deals.basicApi;
    const first = await api.getPage(100);
    expect(first.results).toHaveLength(100);
    expect(first.paging?.next?.after).toBe('2100');
    expect(first.paging?.next?.link).toContain('after=2100');
    const third = await api.getPage(100, '2200');
    expect(third.results.map((d) => d.id)).toEqual(Array.from({ length: 50 }, (_, i) => String(2201 + i)));
    expect(third.paging).toBeUndefined();
  });

  it('defaults to 10 records and caps limit at 100', async () => {
    const response = await hs.fetch('/crm/v3/objects/deals');
    expect(((await response.json()) as { results: unknown[] }).results).toHaveLength(10);
    const capped = await hs.fetch('/crm/v3/objects/deals?limit=500');
    expect(((await capped.json()) as { results: unknown[] }).results).toHaveLength(100);
  });

  it('lists only archived records, with archivedAt, when archived=true', async () => {
    const page = await hs.client().crm.deals.basicApi.getPage(100, undefined, ['dealname'], undefined, undefined, true);
    expect(page.results.map((d) => d.id)).toEqual(['3001', '3002', '3003']);
    expect(page.results[0]!.archived).toBe(true);
    expect(page.results[0]!.archivedAt?.toISOString()).toBe('2024-02-01T00:00:00.000Z');
  });

  it('returns the default properties when none are requested, and null for requested properties without a value', async () => {
    const page = await hs.client().crm.companies.basicApi.getPage(10);
    expect(Object.keys(page.results[0]!.properties).sort()).toEqual(['createdate', 'domain', 'hs_lastmodifieddate', 'hs_object_id', 'name']);
    const withCity = await hs.client().crm.companies.basicApi.getPage(10, undefined, ['city', 'country', 'no_such_property']);
    expect(withCity.results[0]!.properties).toEqual(expect.objectContaining({ city: null, country: 'US', hs_object_id: '101' }));
    expect(withCity.results[0]!.properties).not.toHaveProperty('no_such_property');
  });

  it('accepts properties as a comma-separated list too, and object type ids in the path', async () => {
    const response = await hs.fetch('/crm/v3/objects/0-2?properties=name,country&limit=1');
    expect(response.status).toBe(200);
    const body = (await response.json()) as { results: { properties: Record<string, unknown> }[] };
    expect(body.results[0]!.properties).toMatchObject({ name: 'Acme Corp', country: 'US' });
  });

  it('adds associations to companies on getPage when asked', async () => {
    const page = await hs.client().crm.deals.basicApi.getPage(2, undefined, ['dealname'], undefined, ['companies']);
    expect(page.results[0]!.associations?.companies?.results).toEqual([{ id: '101', type: 'deal_to_company' }]);
    const later = await hs.client().crm.deals.basicApi.getPage(1, '2100', ['dealname'], undefined, ['companies']);
    expect(later.results[0]!.associations).toBeUndefined();
  });

  it('reads one record by id with associations, and answers 404 for an unknown id', async () => {
    const one = await hs.client().crm.deals.basicApi.getById('2001', ['amount'], undefined, ['companies']);
    expect(one.properties.amount).toBe('100');
    expect(one.associations?.companies?.results[0]?.id).toBe('101');
    const missing = await apiError(hs.client().crm.deals.basicApi.getById('999999'));
    expect(missing.code).toBe(404);
    expect(missing.body).toMatchObject({ status: 'error', category: 'OBJECT_NOT_FOUND' });
  });

  it('answers an unknown object type with a JSON 400', async () => {
    const response = await hs.fetch('/crm/v3/objects/widgets');
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(await response.json()).toMatchObject({ category: 'VALIDATION_ERROR', message: 'Unable to infer object type from: widgets' });
  });
});
