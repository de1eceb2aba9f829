import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@hubspot/api-client';
import { parseFaultSpec } from '../../../sandbox/faults/fault-spec.ts';
import { apiError, record, startHubspot, type HubspotHarness } from './hubspot-test-kit.ts';

const companies = { 'hubspot/companies.ndjson': [record(1, { name: 'Acme' }), record(2, { name: 'Globex' })] };

describe('HubSpot auth and response headers', () => {
  let hs: HubspotHarness;
  beforeAll(async () => {
    hs = await startHubspot(companies, { hubspot: { tenSecondLimit: 1000 } });
  });
  afterAll(() => hs.close());

  it('answers a wrong token with 401 INVALID_AUTHENTICATION through the client', async () => {
    const client = new Client({ accessToken: 'pat-na1-wrong', basePath: hs.url });
    const error = await apiError(client.crm.companies.basicApi.getPage(10));
    expect(error.code).toBe(401);
    expect(error.body).toMatchObject({ status: 'error', category: 'INVALID_AUTHENTICATION' });
  });

  it('answers a missing Authorization header with a JSON 401', async () => {
    const response = await fetch(`${hs.url}/crm/v3/objects/companies`);
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(await response.json()).toMatchObject({ category: 'INVALID_AUTHENTICATION', message: expect.stringContaining('Authentication credentials not found') });
  });

  it('sends the rate-limit headers on ordinary calls but not on search', async () => {
    const list = await hs.fetch('/crm/v3/objects/companies');
    expect(list.headers.get('x-hubspot-ratelimit-max')).toBe('1000');
    expect(list.headers.get('x-hubspot-ratelimit-interval-milliseconds')).toBe('10000');
    expect(Number(list.headers.get('x-hubspot-ratelimit-remaining'))).toBeLessThan(1000);
    expect(list.headers.get('x-hubspot-ratelimit-daily')).toBe('1000000');
    expect(Number(list.headers.get('x-hubspot-ratelimit-daily-remaining'))).toBeLessThan(1_000_000);
    const search = await hs.fetch('/crm/v3/objects/companies/search', { method: 'POST', body: '{}' });
    expect(search.status).toBe(200);
    expect(search.headers.get('x-hubspot-ratelimit-max')).toBeNull();
  });

  it('puts a Content-Type on 204 and unknown-route answers too', async () => {
    const archived = await hs.fetch('/crm/v3/objects/companies/2', { method: 'DELETE' });
    expect(archived.status).toBe(204);
    expect(archived.headers.get('content-type')).toContain('application/json');
    const unknown = await hs.fetch('/crm/v3/nothing-here');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toContain('application/json');
    const badJson = await hs.fetch('/crm/v3/objects/companies/batch/read', { method: 'POST', body: '{not json' });
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toMatchObject({ category: 'VALIDATION_ERROR' });
  });
});

describe('HubSpot ten-second and daily limits', () => {
  it('answers past the ten-second limit with the TEN_SECONDLY_ROLLING 429 body and headers', async () => {
    const hs = await startHubspot(companies, { hubspot: { tenSecondLimit: 3 } });
    try {
      const api = hs.client().crm.companies.basicApi;
      for (let i = 0; i < 3; i += 1) await api.getPage(1);
      const error = await apiError(api.getPage(1));
      expect(error.code).toBe(429);
      expect(error.body).toMatchObject({
        status: 'error', message: 'You have reached your ten_secondly_rolling limit.', errorType: 'RATE_LIMIT', policyName: 'TEN_SECONDLY_ROLLING',
      });
      expect(String(error.body.groupName)).toContain(String(hs.sandbox.options.hubspot.portalId));
      expect(error.headers['x-hubspot-ratelimit-remaining']).toBe('0');
      expect(error.headers['content-type']).toContain('application/json');
    } finally {
      await hs.close();
    }
  });

  it('answers past the daily limit (fault override) with the DAILY 429, which the client does not retry', async () => {
    const faults = parseFaultSpec('hubspot.daily-limit=2');
    const hs = await startHubspot(companies, { faults });
    try {
      const api = hs.client(3).crm.companies.basicApi;
      await api.getPage(1);
      await api.getById('1');
      const error = await apiError(api.getPage(1));
      expect(error.code).toBe(429);
      expect(error.body).toMatchObject({ message: 'You have reached your daily limit.', policyName: 'DAILY', errorType: 'RATE_LIMIT' });
    } finally {
      await hs.close();
    }
  });
});

describe('HubSpot injected faults', () => {
  it('gives the realistic throttle and server-error answers to the fault injector', async () => {
    const hs = await startHubspot(companies);
    try {
      const system = hs.sandbox.systems.hubspot!;
      const throttled = system.tooManyRequests();
      expect(throttled.status).toBe(429);
      expect(throttled.headers?.['content-type']).toContain('application/json');
      expect(throttled.body).toMatchObject({ policyName: 'TEN_SECONDLY_ROLLING', errorType: 'RATE_LIMIT' });
      const statuses = [system.serverError(), system.serverError()].map((r) => r.status);
      expect(statuses.sort()).toEqual([502, 503]);
      expect(system.serverError().headers?.['content-type']).toContain('application/json');
    } finally {
      await hs.close();
    }
  });

  it('lets the client retry injected 5xx answers until it gets through', async () => {
    const hs = await startHubspot(companies, { faults: parseFaultSpec('hubspot.5xx=0.5,seed=11') });
    try {
      const api = hs.client(6).crm.companies.basicApi;
      for (let i = 0; i < 4; i += 1) expect((await api.getPage(10)).results).toHaveLength(2);
      expect(hs.sandbox.faults.hubspot!.counts.serverError).toBeGreaterThan(0);
    } finally {
      await hs.close();
    }
  });
});
