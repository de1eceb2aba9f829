import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiError, deal, record, startHubspot, type HubspotHarness } from './hubspot-test-kit.ts';

describe('HubSpot properties API', () => {
  let hs: HubspotHarness;
  beforeAll(async () => {
    hs = await startHubspot({
      'hubspot/companies.ndjson': [record(1, { name: 'Acme' })],
      'hubspot/deals.ndjson': [deal(5, { dealname: 'First', amount: '10' })],
    });
  });
  afterAll(() => hs.close());

  it('lists the standard properties with their types and reads one by name', async () => {
    const api = hs.client().crm.properties.coreApi;
    const all = await api.getAll('deals');
    const amount = all.results.find((p) => p.name === 'amount');
    expect(amount).toMatchObject({ type: 'number', fieldType: 'number', groupName: 'dealinformation', hubspotDefined: true });
    const stage = await api.getByName('0-3', 'dealstage');
    expect(stage.options.map((o) => o.value)).toContain('closedwon');
    expect((await apiError(api.getByName('deals', 'no_such_thing'))).code).toBe(404);
  });

  it('lists the default groups', async () => {
    const groups = await hs.client().crm.properties.groupsApi.getAll('line_items');
    expect(groups.results.map((g) => g.name)).toContain('lineiteminformation');
  });

  it('creates a group (201), refuses it twice (409), and creates a property in it (201) usable by batch update at once', async () => {
    const client = hs.client();
    const since = await hs.lastSeq();
    const group = await client.crm.properties.groupsApi.create('deals', { name: 'erp', label: 'ERP', displayOrder: 5 });
    expect(group).toMatchObject({ name: 'erp', label: 'ERP', archived: false });
    expect((await apiError(client.crm.properties.groupsApi.create('deals', { name: 'erp', label: 'ERP' }))).code).toBe(409);

    const property = await client.crm.properties.coreApi.create('deals', {
      name: 'erp_invoice_status', label: 'ERP invoice status', type: 'enumeration' as never, fieldType: 'select' as never, groupName: 'erp',
      options: [{ label: 'Invoiced', value: 'invoiced', hidden: false, displayOrder: 0 }, { label: 'Not invoiced', value: 'not_invoiced', hidden: false, displayOrder: 1 }],
    });
    expect(property).toMatchObject({ name: 'erp_invoice_status', type: 'enumeration', groupName: 'erp', archived: false });
    expect(property.createdAt).toBeInstanceOf(Date);

    const updated = await client.crm.deals.batchApi.update({ inputs: [{ id: '5', properties: { erp_invoice_status: 'invoiced' } }] });
    expect(updated.results[0]!.properties.erp_invoice_status).toBe('invoiced');
    const bad = await apiError(client.crm.deals.batchApi.update({ inputs: [{ id: '5', properties: { erp_invoice_status: 'maybe' } }] }));
    expect(String(bad.body.message)).toContain('INVALID_OPTION');

    const page = await client.crm.deals.basicApi.getPage(10, undefined, ['erp_invoice_status']);
    expect(page.results[0]!.properties.erp_invoice_status).toBe('invoiced');
    const logged = (await hs.changes(since)).map((c) => [c.object, c.recordId, c.operation, c.field]);
    expect(logged).toEqual([
      ['properties', 'deals/groups/erp', 'create', '*'],
      ['properties', 'deals/erp_invoice_status', 'create', '*'],
      ['deals', '5', 'update', 'erp_invoice_status'],
    ]);
  });

  it('refuses a duplicate property with 409 OBJECT_ALREADY_EXISTS and an unknown group with 400', async () => {
    const api = hs.client().crm.properties.coreApi;
    const duplicate = await apiError(api.create('deals', { name: 'amount', label: 'Amount', type: 'number' as never, fieldType: 'number' as never, groupName: 'dealinformation' }));
    expect(duplicate.code).toBe(409);
    expect(duplicate.body).toMatchObject({ category: 'OBJECT_ALREADY_EXISTS', message: "Property named 'amount' already exists." });
    const noGroup = await apiError(api.create('deals', { name: 'x_thing', label: 'X', type: 'string' as never, fieldType: 'text' as never, groupName: 'nope' }));
    expect(noGroup.code).toBe(400);
  });

  it('updates a custom property (200) and archives it (204), after which writes to it are refused', async () => {
    const api = hs.client().crm.properties.coreApi;
    await api.create('companies', { name: 'erp_customer_tier', label: 'Tier', type: 'string' as never, fieldType: 'text' as never, groupName: 'companyinformation' });
    const updated = await api.update('companies', 'erp_customer_tier', { label: 'Customer tier', description: 'From the ERP' });
    expect(updated).toMatchObject({ label: 'Customer tier', description: 'From the ERP' });
    await api.archive('companies', 'erp_customer_tier');
    const error = await apiError(hs.client().crm.companies.batchApi.update({ inputs: [{ id: '1', properties: { erp_customer_tier: 'gold' } }] }));
    expect(String(error.body.message)).toContain('PROPERTY_DOESNT_EXIST');
    expect((await apiError(api.archive('companies', 'name'))).code).toBe(400);
  });
});
