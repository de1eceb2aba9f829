import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiError, deal, record, startHubspot, type HubspotHarness } from './hubspot-test-kit.ts';

describe('HubSpot associations v4', () => {
  let hs: HubspotHarness;
  beforeAll(async () => {
    hs = await startHubspot({
      'hubspot/companies.ndjson': [record(7, { name: 'Acme' }), record(8, { name: 'Globex' })],
      'hubspot/deals.ndjson': [deal(1, { dealname: 'One' }, 7), deal(2, { dealname: 'Two' }, 7), deal(3, { dealname: 'Three' })],
      'hubspot/line_items.ndjson': [record(50, { name: 'Widget' })],
    });
  });
  afterAll(() => hs.close());

  it('reads a record\'s associations with numeric toObjectId and typed labels, both directions', async () => {
    const api = hs.client().crm.associations.v4.basicApi;
    const fromDeal = await api.getPage('deals', '1', 'companies');
    expect(fromDeal.results).toEqual([
      expect.objectContaining({ toObjectId: 7, associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 341, label: null }] }),
    ]);
    const fromCompany = await api.getPage('companies', '7', 'deals');
    expect(fromCompany.results.map((r) => r.toObjectId)).toEqual([1, 2]);
  });

  it('pages associations with after/limit', async () => {
    const api = hs.client().crm.associations.v4.basicApi;
    const first = await api.getPage('0-2', '7', '0-3', undefined, 1);
    expect(first.results.map((r) => r.toObjectId)).toEqual([1]);
    const second = await api.getPage('0-2', '7', '0-3', first.paging!.next!.after, 1);
    expect(second.results.map((r) => r.toObjectId)).toEqual([2]);
    expect(second.paging).toBeUndefined();
  });

  it('batch-reads associations (200), with a 207 for ids that have none', async () => {
    const api = hs.client().crm.associations.v4.batchApi;
    const all = await api.getPage('deals', 'companies', { inputs: [{ id: '1' }, { id: '2' }] });
    expect(all.results.map((r) => [r._from.id, r.to.map((t) => t.toObjectId)])).toEqual([['1', [7]], ['2', [7]]]);
    const partial = await api.getPage('deals', 'companies', { inputs: [{ id: '1' }, { id: '3' }] });
    expect(partial.results).toHaveLength(1);
    expect((partial as { numErrors?: number }).numErrors).toBe(1);
  });

  it('creates a default association (200) and a labelled one (201), logged, and removes it (204)', async () => {
    const client = hs.client();
    const since = await hs.lastSeq();
    const created = await client.crm.associations.v4.basicApi.createDefault('deals', '3', 'companies', '8');
    expect(created.results[0]).toMatchObject({ associationSpec: { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 341 } });
    const labelled = await client.crm.associations.v4.basicApi.create('deals', '3', 'companies', '8', [
      { associationCategory: 'HUBSPOT_DEFINED' as never, associationTypeId: 5 },
    ]);
    expect(labelled).toMatchObject({ fromObjectTypeId: '0-3', fromObjectId: 3, toObjectTypeId: '0-2', toObjectId: 8, labels: ['Primary'] });
    const page = await client.crm.associations.v4.basicApi.getPage('companies', '8', 'deals');
    expect(page.results[0]!.associationTypes.map((t) => t.typeId).sort()).toEqual([342, 6].sort());
    expect((await hs.changes(since)).filter((c) => c.object === 'associations')).toHaveLength(4);
    await client.crm.associations.v4.basicApi.archive('deals', '3', 'companies', '8');
    expect((await client.crm.associations.v4.basicApi.getPage('deals', '3', 'companies')).results).toEqual([]);
  });

  it('associates line items to deals in batch (201) and refuses unknown records and type ids', async () => {
    const api = hs.client().crm.associations.v4.batchApi;
    const created = await api.create('line_items', 'deals', {
      inputs: [{ _from: { id: '50' }, to: { id: '2' }, types: [{ associationCategory: 'HUBSPOT_DEFINED' as never, associationTypeId: 20 }] }],
    });
    expect(created.results[0]).toMatchObject({ fromObjectId: 50, toObjectId: 2 });
    const fromDeal = await hs.client().crm.associations.v4.basicApi.getPage('deals', '2', 'line_items');
    expect(fromDeal.results.map((r) => r.toObjectId)).toEqual([50]);
    expect((await apiError(hs.client().crm.associations.v4.basicApi.createDefault('deals', '999', 'companies', '7'))).code).toBe(404);
    const badType = await apiError(hs.client().crm.associations.v4.basicApi.create('deals', '1', 'companies', '8', [
      { associationCategory: 'HUBSPOT_DEFINED' as never, associationTypeId: 999 },
    ]));
    expect(badType.code).toBe(400);
  });
});
