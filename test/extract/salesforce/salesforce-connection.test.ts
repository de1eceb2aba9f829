import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSalesforceConnector } from '../../../extract/salesforce/salesforce-connector.ts';
import { SOURCE_ENV, sandboxConnector, sfId, startSalesforce, type SalesforceFixture } from './salesforce-connector-fixture.ts';

describe('Salesforce connector: connection test and describe', () => {
  let sf: SalesforceFixture;
  beforeAll(async () => {
    sf = await startSalesforce({ 'salesforce/User.ndjson': [{ Id: sfId('005', 1), Username: 'ana@acme.test', LastName: 'Lima' }] });
  });
  afterAll(() => sf.close());

  it('passes with the sandbox credentials', async () => {
    await expect(sandboxConnector(sf).testConnection()).resolves.toBeUndefined();
  });

  it('names the secret to fix when credentials are wrong', async () => {
    await expect(sandboxConnector(sf, {}, { SF_CLIENT_SECRET: 'wrong' }).testConnection()).rejects.toThrow(/invalid_client.*check SF_CLIENT_ID \/ SF_CLIENT_SECRET/);
    await expect(sandboxConnector(sf, {}, { SF_CLIENT_ID: 'wrong' }).testConnection()).rejects.toThrow(/check SF_CLIENT_ID/);
    await expect(sandboxConnector(sf, {}, { SF_PASSWORD: 'wrong' }).testConnection()).rejects.toThrow(/invalid_grant.*check SF_USERNAME \/ SF_PASSWORD/);
  });

  it('says to check loginUrl when the server cannot be reached', async () => {
    const connector = createSalesforceConnector({ loginUrl: 'http://127.0.0.1:9', apiVersion: '62.0', ...SOURCE_ENV }, () => 'x');
    await expect(connector.testConnection()).rejects.toThrow(/check loginUrl \(http:\/\/127\.0\.0\.1:9\)/);
  });

  it('describes the four objects with typed, lower-cased columns', async () => {
    const streams = await sandboxConnector(sf).describe();
    expect(streams.map((s) => [s.stream, s.table, s.primaryKey])).toEqual([
      ['Account', 'salesforce__account', 'id'],
      ['Opportunity', 'salesforce__opportunity', 'id'],
      ['OpportunityLineItem', 'salesforce__opportunitylineitem', 'id'],
      ['User', 'salesforce__user', 'id'],
    ]);
    const columns = (stream: string): Map<string, unknown> => new Map(streams.find((s) => s.stream === stream)!.columns.map((c) => [c.name, c]));
    const account = columns('Account');
    expect(account.get('systemmodstamp')).toEqual({ name: 'systemmodstamp', type: 'TIMESTAMP', sourceField: 'SystemModstamp' });
    expect(account.get('annualrevenue')).toMatchObject({ type: 'DECIMAL(18,2)' });
    expect(account.get('numberofemployees')).toMatchObject({ type: 'BIGINT' });
    expect(account.get('isdeleted')).toMatchObject({ type: 'BOOLEAN' });
    expect(account.get('erp_customer_id__c')).toMatchObject({ type: 'VARCHAR', sourceField: 'ERP_Customer_Id__c' });
    expect(columns('Opportunity').get('closedate')).toMatchObject({ type: 'DATE' });
    expect(columns('Opportunity').get('probability')).toMatchObject({ type: 'DOUBLE' });
    expect(columns('User').get('email')).toMatchObject({ type: 'VARCHAR' });
    expect(await sandboxConnector(sf, { streams: ['User'] }).describe()).toHaveLength(1);
    expect(() => sandboxConnector(sf, { streams: ['Contact'] })).toThrow(/unknown stream\(s\) Contact/);
  });
});
