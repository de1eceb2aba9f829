import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiCaller } from '../../../extract/extract-types.ts';
import { parseFaultSpec } from '../../../sandbox/faults/fault-spec.ts';
import { readAll, sandboxConnector, sfId, startSalesforce, streamOf, type SalesforceFixture } from './salesforce-connector-fixture.ts';

/** Retries any failure of a wrapped call: every API call must go through `call` to survive the faults. */
class RetryingApi implements ApiCaller {
  retries = 0;
  async call<T>(_request: { method: string; endpoint: string }, send: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await send();
      } catch (error) {
        if (attempt >= 12) throw error;
        this.retries += 1;
      }
    }
  }
}

const accounts = Array.from({ length: 60 }, (_, i) => ({
  Id: sfId('001', i + 1), Name: `Account ${i + 1}`, BillingCountry: 'US', SystemModstamp: `2024-04-01T10:${String(Math.floor(i / 3)).padStart(2, '0')}:00.000Z`,
}));

describe('Salesforce connector under injected 429s, 5xx and connection resets', () => {
  let sf: SalesforceFixture;
  beforeAll(async () => {
    sf = await startSalesforce({ 'salesforce/Account.ndjson': accounts }, { faults: parseFaultSpec('salesforce.429=0.2,salesforce.5xx=0.15,salesforce.reset=0.1,seed=5') });
  });
  afterAll(() => sf.close());

  it('reads every record exactly once through REST and bulk when the ApiCaller retries', async () => {
    // describe runs outside an ApiCaller, so jsforce's own retries carry it through the faults.
    const account = await streamOf(sandboxConnector(sf), 'Account');
    for (const bulkThreshold of [1_000, 10]) {
      const api = new RetryingApi();
      const { records } = await readAll(sandboxConnector(sf, { pageSize: 7, bulkThreshold }), account, null, api);
      expect(records.map((r) => r.id)).toEqual(accounts.map((a) => a.Id));
      expect(api.retries).toBeGreaterThan(0);
    }
  });
});
