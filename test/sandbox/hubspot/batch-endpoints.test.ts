import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiError, deal, record, startHubspot, type HubspotHarness } from './hubspot-test-kit.ts';

const OLD = '2024-01-01T00:00:00.000Z';

describe('HubSpot batch and basic writes', () => {
  let hs: HubspotHarness;
  beforeAll(async () => {
    hs = await startHubspot({
      'hubspot/companies.ndjson': [
        record(11, { name: 'Acme', domain: 'acme.com', city: 'Boston' }),
        record(12, { name: 'Globex', domain: 'globex.io', city: 'Austin' }),
        record(13, { name: 'Initech', domain: 'initech.com' }),
      ],
      'hubspot/deals.ndjson': [deal(21, { dealname: 'Big deal', amount: '1200.5', dealstage: 'contractsent' }, 11)],
    }, { hubspot: { searchPerSecond: 1000 } });
  });
  afterAll(() => hs.close());

  it('updates the found records and lists the missing id in a 207 with OBJECT_NOT_FOUND', async () => {
    const response = await hs.client().crm.companies.batchApi.update({
      inputs: [{ id: '11', properties: { city: 'Cambridge' } }, { id: '999', properties: { city: 'Nowhere' } }],
    });
    expect(response.results.map((r) => r.id)).toEqual(['11']);
    expect(response.results[0]!.properties.city).toBe('Cambridge');
    const withErrors = response as typeof response & { numErrors?: number; errors?: { category: string; context: Record<string, string[]> }[] };
    expect(withErrors.numErrors).toBe(1);
    expect(withErrors.errors?.[0]).toMatchObject({ category: 'OBJECT_NOT_FOUND', context: { ids: ['999'] } });
  });

  it('makes writes visible to later reads with a bumped hs_lastmodifieddate, and logs exactly the changed properties', async () => {
    const since = await hs.lastSeq();
    const response = await hs.client().crm.companies.batchApi.update({
      inputs: [{ id: '12', properties: { city: 'Austin', country: 'US', name: 'Globex Corporation' } }],
    });
    expect(response.results).toHaveLength(1);
    const read = await hs.client().crm.companies.basicApi.getById('12', ['city', 'country', 'name', 'hs_lastmodifieddate']);
    expect(read.properties).toMatchObject({ city: 'Austin', country: 'US', name: 'Globex Corporation' });
    expect(Date.parse(read.properties.hs_lastmodifieddate!)).toBeGreaterThan(Date.parse(OLD));
    expect(read.updatedAt.getTime()).toBe(Date.parse(read.properties.hs_lastmodifieddate!));
    const changes = await hs.changes(since);
    expect(changes.map((c) => [c.object, c.recordId, c.operation, c.field, c.oldValue, c.newValue])).toEqual([
      ['companies', '12', 'update', 'country', null, 'US'],
      ['companies', '12', 'update', 'name', 'Globex', 'Globex Corporation'],
    ]);
  });

  it('leaves a record untouched (no log row, same hs_lastmodifieddate) when nothing changes', async () => {
    const before = await hs.client().crm.companies.basicApi.getById('13', ['name']);
    const since = await hs.lastSeq();
    await hs.client().crm.companies.batchApi.update({ inputs: [{ id: '13', properties: { name: 'Initech' } }] });
    expect(await hs.changes(since)).toEqual([]);
    const after = await hs.client().crm.companies.basicApi.getById('13', ['name']);
    expect(after.properties.hs_lastmodifieddate).toBe(before.properties.hs_lastmodifieddate);
  });

  it('refuses a whole batch naming an unknown property with 400 PROPERTY_DOESNT_EXIST', async () => {
    const error = await apiError(hs.client().crm.companies.batchApi.update({
      inputs: [{ id: '11', properties: { city: 'Paris' } }, { id: '12', properties: { favourite_colour: 'blue' } }],
    }));
    expect(error.code).toBe(400);
    expect(error.body.category).toBe('VALIDATION_ERROR');
    expect(String(error.body.message)).toMatch(/^Property values were not valid: \[/);
    expect(String(error.body.message)).toContain('"error":"PROPERTY_DOESNT_EXIST","name":"favourite_colour"');
    expect((await hs.client().crm.companies.basicApi.getById('11', ['city'])).properties.city).toBe('Cambridge');
  });

  it('refuses read-only properties, bad numbers and values outside the options', async () => {
    const api = hs.client().crm.deals.batchApi;
    const readOnly = await apiError(api.update({ inputs: [{ id: '21', properties: { hs_lastmodifieddate: '2020-01-01T00:00:00Z' } }] }));
    expect(String(readOnly.body.message)).toContain('READ_ONLY_VALUE');
    const number = await apiError(api.update({ inputs: [{ id: '21', properties: { amount: 'twelve' } }] }));
    expect(number.code).toBe(400);
    expect(String(number.body.message)).toContain('"error":"INVALID_FLOAT","name":"amount"');
    const option = await apiError(api.update({ inputs: [{ id: '21', properties: { dealstage: 'won-ish' } }] }));
    expect(String(option.body.message)).toContain('INVALID_OPTION');
  });

  it('refuses more than 100 inputs and duplicate ids with 400', async () => {
    const inputs = Array.from({ length: 101 }, (_, i) => ({ id: String(i + 1) }));
    const tooMany = await apiError(hs.client().crm.companies.batchApi.read({ inputs, properties: [], propertiesWithHistory: [] }));
    expect(tooMany.code).toBe(400);
    expect(tooMany.body.category).toBe('VALIDATION_ERROR');
    const duplicate = await apiError(hs.client().crm.companies.batchApi.update({
      inputs: [{ id: '11', properties: { city: 'A' } }, { id: '11', properties: { city: 'B' } }],
    }));
    expect(duplicate.code).toBe(400);
  });

  it('reads a batch with 200, or 207 naming ids it could not find', async () => {
    const api = hs.client().crm.companies.batchApi;
    const all = await api.read({ inputs: [{ id: '11' }, { id: '13' }], properties: ['name'], propertiesWithHistory: [] });
    expect(all.results.map((r) => r.properties.name).sort()).toEqual(['Acme', 'Initech']);
    expect((all as { numErrors?: number }).numErrors).toBeUndefined();
    const some = await api.read({ inputs: [{ id: '11' }, { id: '404' }], properties: ['name'], propertiesWithHistory: [] });
    expect(some.results.map((r) => r.id)).toEqual(['11']);
    expect((some as { errors?: { context: { ids: string[] } }[] }).errors?.[0]?.context.ids).toEqual(['404']);
  });

  it('creates a batch with 201, logging each value set, with inline associations', async () => {
    const since = await hs.lastSeq();
    const created = await hs.client().crm.deals.batchApi.create({
      inputs: [{
        properties: { dealname: 'New one', amount: '50', dealstage: 'closedwon' },
        associations: [{ to: { id: '12' }, types: [{ associationCategory: 'HUBSPOT_DEFINED' as never, associationTypeId: 341 }] }],
      }],
    });
    const id = created.results[0]!.id;
    expect(created.results[0]!.properties).toMatchObject({ dealname: 'New one', amount: '50', hs_object_id: id });
    const read = await hs.client().crm.deals.basicApi.getById(id, ['hs_is_closed_won', 'dealstage'], undefined, ['companies']);
    expect(read.properties.hs_is_closed_won).toBe('true');
    expect(read.associations?.companies?.results).toEqual([{ id: '12', type: 'deal_to_company' }]);
    const fields = (await hs.changes(since)).filter((c) => c.object === 'deals').map((c) => c.field).sort();
    expect(fields).toEqual(['amount', 'dealname', 'dealstage', 'hs_is_closed', 'hs_is_closed_won']);
    expect((await hs.changes(since)).filter((c) => c.object === 'associations').map((c) => [c.recordId, c.field])).toEqual([
      ['deals/' + id, 'companies/12'], ['companies/12', 'deals/' + id],
    ]);
  });

  it('upserts by a unique custom property: creates then updates, flagging new', async () => {
    const client = hs.client();
    await client.crm.properties.coreApi.create('companies', {
      name: 'erp_ref', label: 'ERP reference', type: 'string' as never, fieldType: 'text' as never, groupName: 'companyinformation', hasUniqueValue: true,
    });
    const first = await client.crm.companies.batchApi.upsert({ inputs: [{ idProperty: 'erp_ref', id: 'E-1', properties: { name: 'Upserted Co' } }] });
    expect(first.results[0]).toMatchObject({ _new: true, properties: { name: 'Upserted Co', erp_ref: 'E-1' } });
    const id = first.results[0]!.id;
    const second = await client.crm.companies.batchApi.upsert({
      inputs: [{ idProperty: 'erp_ref', id: 'E-1', properties: { city: 'Lyon' } }, { idProperty: 'erp_ref', id: 'E-2', properties: { name: 'Second' } }],
    });
    const byRef = Object.fromEntries(second.results.map((r) => [r.properties.erp_ref, r]));
    expect(byRef['E-1']).toMatchObject({ id, _new: false, properties: { city: 'Lyon' } });
    expect(byRef['E-2']?._new).toBe(true);
    expect((await client.crm.companies.basicApi.getById('E-1', ['city'], undefined, undefined, false, 'erp_ref')).id).toBe(id);
  });

  it('refuses an upsert by domain, which is not unique, with the real message', async () => {
    const error = await apiError(hs.client().crm.companies.batchApi.upsert({
      inputs: [{ idProperty: 'domain', id: 'acme.com', properties: { city: 'X' } }],
    }));
    expect(error.code).toBe(400);
    expect(error.body.message).toBe(`Unable to perform update/upsert by non-unique 0-2 property domain in portal ID ${hs.sandbox.options.hubspot.portalId}`);
  });

  it('creates (201), updates (200) and archives (204) single records through basicApi', async () => {
    const api = hs.client().crm.lineItems.basicApi;
    const created = await api.create({ properties: { name: 'Widget', quantity: '2', price: '9.50' }, associations: [] });
    expect(created.properties).toMatchObject({ name: 'Widget', quantity: '2', price: '9.5' });
    const updated = await api.update(created.id, { properties: { quantity: '3' } });
    expect(updated.properties.quantity).toBe('3');
    await api.archive(created.id);
    expect((await apiError(api.getById(created.id))).code).toBe(404);
    const archived = await api.getById(created.id, ['name'], undefined, undefined, true);
    expect(archived.archived).toBe(true);
    const missing = await apiError(api.update('987654', { properties: { quantity: '1' } }));
    expect(missing.code).toBe(404);
  });

  it('archives a batch with 204 and logs one delete per record', async () => {
    const since = await hs.lastSeq();
    await hs.client().crm.companies.batchApi.archive({ inputs: [{ id: '13' }, { id: '404' }] });
    expect((await hs.changes(since)).map((c) => [c.recordId, c.operation])).toEqual([['13', 'delete']]);
    const page = await hs.client().crm.companies.basicApi.getPage(100, undefined, undefined, undefined, undefined, true);
    expect(page.results.map((r) => r.id)).toEqual(['13']);
  });
});
