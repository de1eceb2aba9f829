import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COMPANY, failure, startNetsuite, type NetsuiteKit } from './netsuite-test-kit.ts';

describe('NetSuite record API', () => {
  let kit: NetsuiteKit;
  let origin: string;
  beforeEach(async () => {
    kit = await startNetsuite(COMPANY);
    origin = `${kit.sandbox.urls.netsuite}/services/rest/record/v1`;
  });
  afterEach(() => kit.close());

  const get = async (path: string): Promise<Record<string, unknown>> => (await kit.client.request<Record<string, unknown>>({ path: `record/v1/${path}`, method: 'GET' })).data;

  it('reads a customer by internal or external id with camelCase, natively typed fields and references', async () => {
    const customer = await get('customer/1');
    expect(customer).toEqual({
      links: [{ rel: 'self', href: `${origin}/customer/1` }],
      id: '1', entityId: 'CUST-1', companyName: 'Acme Corp', email: 'ap@acme.com', externalId: 'SF-001',
      subsidiary: { links: [{ rel: 'self', href: `${origin}/subsidiary/1` }], id: '1', refName: 'Parent Company' },
      currency: { links: [{ rel: 'self', href: `${origin}/currency/1` }], id: '1', refName: 'US Dollar' },
      terms: { links: [], id: '1', refName: 'Net 30' },
      creditLimit: 10000, balance: 1200.5, isPerson: false, isInactive: false,
      dateCreated: '2023-01-05T08:00:00Z', lastModifiedDate: '2024-03-31T12:05:00Z', custentity_crm_account_id: '001A',
    });
    expect(await get('customer/eid:SF-001')).toEqual(customer);
    expect(await get('customer/1?fields=companyName,isInactive')).toEqual({ links: customer.links, id: '1', companyName: 'Acme Corp', isInactive: false });
  });

  it('reads transactions through their record type only', async () => {
    const invoice = await get('invoice/10');
    expect(invoice).toMatchObject({
      id: '10', tranId: 'INV-10', tranDate: '2024-03-01', dueDate: '2024-03-31', total: 1000, amountRemaining: 400, amountPaid: 600,
      status: { id: 'A', refName: 'Open' }, entity: { id: '1', refName: 'CUST-1' }, externalId: 'INV-EXT-10',
    });
    expect((await get('customerPayment/13')).customer).toMatchObject({ id: '1' });
    expect(await get('salesorder/12')).toMatchObject({ tranId: 'SO-12', status: { id: 'F', refName: 'Pending Billing' } });
    const wrongType = await failure(kit.client.request({ path: 'record/v1/invoice/12', method: 'GET' }));
    expect(wrongType).toMatchObject({ status: 404, code: 'NONEXISTENT_ID', detail: 'The record instance does not exist. Provide a valid record instance ID.' });
  });

  it('answers 404 NONEXISTENT_ID for unknown ids and external ids', async () => {
    for (const path of ['customer/999', 'customer/eid:NOPE']) {
      expect(await failure(kit.client.request({ path: `record/v1/${path}`, method: 'GET' }))).toMatchObject({ status: 404, code: 'NONEXISTENT_ID' });
    }
  });

  it('PATCH changes only the fields sent, logs exactly those, and SuiteQL sees the write', async () => {
    const before = await kit.suiteql("SELECT TO_CHAR(lastmodifieddate, 'YYYY-MM-DD HH24:MI:SS') AS lm FROM customer WHERE id = 1");
    const response = await kit.client.request({
      path: 'record/v1/customer/1', method: 'PATCH',
      body: JSON.stringify({ companyName: 'Acme Corporation', creditLimit: 12000, email: 'ap@acme.com', isInactive: false, subsidiary: { id: '2' } }),
    });
    expect(response.statusCode).toBe(204);
    expect(response.data).toBeNull();
    const changes = await kit.changes();
    expect(changes.map((c) => [c.object, c.recordId, c.operation, c.field, c.oldValue, c.newValue])).toEqual([
      ['customer', '1', 'update', 'companyname', 'Acme Corp', 'Acme Corporation'],
      ['customer', '1', 'update', 'creditlimit', '10000', '12000'],
      ['customer', '1', 'update', 'subsidiary', '1', '2'],
    ]);
    const after = await kit.suiteql("SELECT companyname, creditlimit, email, BUILTIN.DF(subsidiary) AS sub, TO_CHAR(lastmodifieddate, 'YYYY-MM-DD HH24:MI:SS') AS lm FROM customer WHERE id = 1");
    expect(after.items[0]).toMatchObject({ companyname: 'Acme Corporation', creditlimit: '12000', email: 'ap@acme.com', sub: 'Germany' });
    expect(String(after.items[0]!.lm) > String(before.items[0]!.lm)).toBe(true);
    expect(await get('customer/1')).toMatchObject({ companyName: 'Acme Corporation', creditLimit: 12000, externalId: 'SF-001' });
  });

  it('PATCH clears a field sent as null and refuses unknown, read-only and mistyped fields', async () => {
    await kit.client.request({ path: 'record/v1/customer/eid:SF-001', method: 'PATCH', body: JSON.stringify({ email: null }) });
    expect((await get('customer/1')).email).toBeUndefined();
    const unknown = await failure(kit.client.request({ path: 'record/v1/customer/1', method: 'PATCH', body: JSON.stringify({ favouriteColour: 'blue' }) }));
    expect(unknown).toMatchObject({ status: 400, code: 'INVALID_CONTENT' });
    expect(unknown.detail).toContain("'favouriteColour'");
    expect((await failure(kit.client.request({ path: 'record/v1/customer/1', method: 'PATCH', body: JSON.stringify({ balance: 1 }) }))).detail).toContain('read-only');
    expect((await failure(kit.client.request({ path: 'record/v1/customer/1', method: 'PATCH', body: JSON.stringify({ creditLimit: 'lots' }) }))).status).toBe(400);
    const badRef = await failure(kit.client.request({ path: 'record/v1/customer/1', method: 'PATCH', body: JSON.stringify({ currency: { id: '99' } }) }));
    expect(badRef.detail).toBe('Error while accessing resource: You have entered an Invalid Field Value 99 for the following field: currency');
    const taken = await failure(kit.client.request({ path: 'record/v1/customer/2', method: 'PATCH', body: JSON.stringify({ externalId: 'SF-001' }) }));
    expect(taken).toMatchObject({ status: 400, code: 'USER_ERROR' });
    expect((await kit.changes()).map((c) => c.field)).toEqual(['email']);
  });

  it('PUT eid: upserts: creates once with a Location, then updates; an internal id in the body is refused', async () => {
    const created = await kit.client.request({ path: 'record/v1/customer/eid:HS-42', method: 'PUT', body: JSON.stringify({ companyName: 'Delta Inc', subsidiary: { id: 1 } }) });
    expect(created.statusCode).toBe(204);
    expect(await get('customer/eid:HS-42')).toMatchObject({ id: '4', companyName: 'Delta Inc', entityId: 'Delta Inc', externalId: 'HS-42', isInactive: false });
    const updated = await kit.raw('PUT', 'record/v1/customer/eid:HS-42', { companyName: 'Delta Incorporated' });
    expect(updated.status).toBe(204);
    expect(updated.headers.get('location')).toBe(`${origin}/customer/4`);
    const rows = await kit.suiteql("SELECT id, companyname FROM customer WHERE externalid = 'HS-42'");
    expect(rows.items).toEqual([{ links: [], id: '4', companyname: 'Delta Incorporated' }]);
    const changes = await kit.changes();
    expect(changes.filter((c) => c.operation === 'create').map((c) => c.field)).toEqual(expect.arrayContaining(['companyname', 'externalid', 'subsidiary']));
    expect(changes.filter((c) => c.operation === 'update').map((c) => [c.field, c.newValue])).toEqual([['companyname', 'Delta Incorporated']]);
    const withId = await failure(kit.client.request({ path: 'record/v1/customer/eid:HS-43', method: 'PUT', body: JSON.stringify({ id: '7', companyName: 'X' }) }));
    expect(withId).toMatchObject({ status: 400, code: 'INVALID_CONTENT' });
    expect((await failure(kit.client.request({ path: 'record/v1/customer/1', method: 'PUT', body: JSON.stringify({ companyName: 'X' }) }))).status).toBe(405);
  });

  it('POST creates a record and answers 204 with its Location; required fields are enforced', async () => {
    const created = await kit.client.request({ path: 'record/v1/customer', method: 'POST', body: JSON.stringify({ companyName: 'Echo SA', currency: { id: 2 } }) });
    expect(created.statusCode).toBe(204);
    expect(await get('customer/4')).toMatchObject({ companyName: 'Echo SA', currency: { id: '2', refName: 'Euro' } });
    const second = await kit.raw('POST', 'record/v1/customer', { companyName: 'Foxtrot AG' });
    expect(second.status).toBe(204);
    expect(second.headers.get('location')).toBe(`${origin}/customer/5`);
    expect(await second.text()).toBe('');
    const missing = await failure(kit.client.request({ path: 'record/v1/customer', method: 'POST', body: JSON.stringify({ email: 'x@y.z' }) }));
    expect(missing).toMatchObject({ status: 400, code: 'USER_ERROR', detail: 'Please enter value(s) for: Company Name' });
  });

  it('DELETE removes the record and lists it in deletedrecord; records others depend on stay', async () => {
    const response = await kit.client.request({ path: 'record/v1/customer/3', method: 'DELETE' });
    expect(response.statusCode).toBe(204);
    expect(await failure(kit.client.request({ path: 'record/v1/customer/3', method: 'GET' }))).toMatchObject({ status: 404 });
    await kit.client.request({ path: 'record/v1/invoice/11', method: 'DELETE' });
    const deleted = await kit.suiteql("SELECT recordid, type, name, TO_CHAR(deleteddate, 'YYYY') AS y FROM deletedrecord ORDER BY recordid");
    expect(deleted.items.map(({ recordid, type, name }) => ({ recordid, type, name }))).toEqual([
      { recordid: '3', type: 'customer', name: 'CUST-3' },
      { recordid: '11', type: 'invoice', name: 'INV-11' },
    ]);
    expect((await kit.suiteql('SELECT COUNT(*) AS n FROM transactionline WHERE transaction = 11')).items[0]!.n).toBe('0');
    expect((await kit.changes()).map((c) => [c.object, c.recordId, c.operation])).toEqual([['customer', '3', 'delete'], ['invoice', '11', 'delete']]);
    const dependent = await failure(kit.client.request({ path: 'record/v1/customer/1', method: 'DELETE' }));
    expect(dependent).toMatchObject({ status: 400, code: 'USER_ERROR' });
  });

  it('lists record ids with paging', async () => {
    const list = await kit.client.request<{ count: number; totalResults: number; hasMore: boolean; items: { id: string }[] }>({ path: 'record/v1/invoice?limit=1', method: 'GET' });
    expect(list.data).toMatchObject({ count: 1, totalResults: 2, hasMore: true, items: [{ id: '10', links: [{ rel: 'self', href: `${origin}/invoice/10` }] }] });
  });
});
