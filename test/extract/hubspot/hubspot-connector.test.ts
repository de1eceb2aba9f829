import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StreamDescription } from '../../../extract/extract-types.ts';
import { archived, deal, record, startHubspot, type HubspotHarness } from '../../sandbox/hubspot/hubspot-test-kit.ts';
import { connectorFor, duplicates, readStream, recordingCaller, streamOf } from './hubspot-extract-kit.ts';

const companies = [
  record(11, { name: 'Acme', domain: 'acme.example', numberofemployees: '120' }),
  record(12, { name: 'Globex', domain: 'globex.example' }),
  archived(record(13, { name: 'Gone Ltd' })),
];
const deals = [
  deal(21, { dealname: 'Acme renewal', amount: '1200.50', dealstage: 'closedwon', closedate: '2024-03-01T00:00:00.000Z', hs_is_closed_won: 'true' }, 11),
  deal(22, { dealname: 'Globex pilot', amount: '300', dealstage: 'qualifiedtobuy' }, 12),
  deal(23, { dealname: 'No company', amount: '5', dealstage: 'qualifiedtobuy' }),
];
const lineItems = [record(31, { name: 'Seats', price: '10', quantity: '3' }), record(32, { name: 'Support', price: '99.99', quantity: '1' })];

describe('HubSpot connector', () => {
  let hs: HubspotHarness;

  beforeAll(async () => {
    hs = await startHubspot(
      { 'hubspot/companies.ndjson': companies, 'hubspot/deals.ndjson': deals, 'hubspot/line_items.ndjson': lineItems },
      { hubspot: { searchPerSecond: 1000 } },
    );
  });
  afterAll(async () => hs.close());

  it('passes its connection test, and a bad token names the variable and the scopes to check', async () => {
    await expect(connectorFor(hs).testConnection()).resolves.toBeUndefined();
    const failure = connectorFor(hs, {}, 'pat-na1-wrong').testConnection();
    await expect(failure).rejects.toThrow(/HTTP 401.*HUBSPOT_ACCESS_TOKEN.*crm\.objects\.deals\.read/s);
  });

  it('describes the three streams with typed columns from the properties API', async () => {
    const streams = await connectorFor(hs).describe();
    expect(streams.map((s) => s.table)).toEqual(['hubspot__companies', 'hubspot__deals', 'hubspot__line_items']);
    const type = (stream: StreamDescription | undefined, column: string) => stream?.columns.find((c) => c.name === column)?.type;
    const [company, dealStream, lineItem] = streams;
    expect(dealStream?.primaryKey).toBe('id');
    expect(type(dealStream, 'id')).toBe('VARCHAR');
    expect(type(dealStream, 'amount')).toBe('DECIMAL(18,2)');
    expect(type(dealStream, 'amount_in_home_currency')).toBe('DECIMAL(18,2)');
    expect(type(dealStream, 'closedate')).toBe('TIMESTAMP');
    expect(type(dealStream, 'hs_is_closed_won')).toBe('BOOLEAN');
    expect(type(dealStream, 'dealstage')).toBe('VARCHAR');
    expect(type(dealStream, 'associated_company_ids')).toBe('VARCHAR');
    expect(type(dealStream, 'updated_at')).toBe('TIMESTAMP');
    expect(type(dealStream, 'archived')).toBe('BOOLEAN');
    expect(type(company, 'numberofemployees')).toBe('DOUBLE');
    expect(type(company, 'associated_company_ids')).toBeUndefined();
    expect(type(lineItem, 'price')).toBe('DECIMAL(18,2)');
  });

  it('reads everything once on a first load, deals with their companies, archived records as deleted', async () => {
    const connector = connectorFor(hs);
    const { records } = await readStream(connector, await streamOf(connector, 'deals'), null);
    expect(duplicates(records)).toEqual([]);
    const byId = new Map(records.map((r) => [r.id, r]));
    expect([...byId.keys()].sort()).toEqual(['21', '22', '23']);
    expect(byId.get('21')?.values).toMatchObject({ dealname: 'Acme renewal', amount: '1200.50', associated_company_ids: '11', closedate: '2024-03-01T00:00:00.000Z', archived: false });
    expect(byId.get('23')?.values.associated_company_ids).toBe('');
    expect(byId.get('21')?.values.updated_at).toBe('2024-01-01T00:00:00.000Z');

    const companyRead = await readStream(connector, await streamOf(connector, 'companies'), null);
    expect(companyRead.records.map((r) => [r.id, r.deleted])).toEqual([['11', false], ['12', false], ['13', true]]);
  });

  it('returns only the records changed since the cursor, with fresh associations, then nothing', async () => {
    const connector = connectorFor(hs);
    const stream = await streamOf(connector, 'deals');
    const first = await readStream(connector, stream, null);
    await hs.client().crm.deals.batchApi.update({ inputs: [{ id: '22', properties: { amount: '450' } }, { id: '23', properties: { dealstage: 'closedlost' } }] });
    await hs.client().crm.associations.v4.basicApi.createDefault('deals', '23', 'companies', '11');

    const api = recordingCaller();
    const second = await readStream(connector, stream, first.cursor, api);
    expect(second.records.map((r) => r.id).sort()).toEqual(['22', '23']);
    expect(second.records.find((r) => r.id === '22')?.values.amount).toBe('450');
    expect(second.records.find((r) => r.id === '23')?.values).toMatchObject({ dealstage: 'closedlost', associated_company_ids: '11' });
    expect(api.calls.map((c) => c.endpoint)).toContain('/crm/v3/objects/deals/search');
    expect(api.calls.map((c) => c.endpoint)).toContain('/crm/v4/associations/deals/companies/batch/read');

    const third = await readStream(connector, stream, second.cursor);
    expect(third.records).toEqual([]);
  });

  it('lands records archived since the last run as deleted, once', async () => {
    const connector = connectorFor(hs);
    const stream = await streamOf(connector, 'line_items');
    const first = await readStream(connector, stream, null);
    expect(first.records.filter((r) => r.deleted)).toEqual([]);
    await hs.client().crm.lineItems.batchApi.archive({ inputs: [{ id: '32' }] });

    const second = await readStream(connector, stream, first.cursor);
    expect(second.records.map((r) => [r.id, r.deleted])).toEqual([['32', true]]);
    expect(second.records[0]?.values.archived).toBe(true);
    expect(typeof second.records[0]?.values.archived_at).toBe('string');
    const third = await readStream(connector, stream, second.cursor);
    expect(third.records).toEqual([]);
  });

  it('counts its own calls against the configured daily limit, and re-bases on the usage HubSpot reports', async () => {
    const connector = connectorFor(hs, { dailyLimit: 1000 });
    expect(connector.quota()).toEqual({ used: 0, limit: 1000 });
    await connector.describe();
    expect(connector.quota()).toEqual({ used: 3, limit: 1000 });
    await readStream(connector, await streamOf(connector, 'companies'), null);
    const usage = connector.quota();
    expect(usage?.limit).toBe(hs.sandbox.options.hubspot.dailyLimit);
    expect(usage?.used).toBeGreaterThan(10);
  });
});
