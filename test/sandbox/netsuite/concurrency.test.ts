import { describe, expect, it } from 'vitest';
import { noFaults } from '../../../sandbox/faults/fault-spec.ts';
import { COMPANY, failure, startNetsuite, type NetsuiteKit } from './netsuite-test-kit.ts';

/**
 * Holds the sandbox database so requests that reach it stay in flight, fires `count` SuiteQL
 * requests (POST: got never retries them), and waits until the ones over the limit are refused.
 */
async function overload(kit: NetsuiteKit, count: number, expectedRefusals: number): Promise<PromiseSettledResult<unknown>[]> {
  let release!: () => void;
  const held = kit.sandbox.db.exclusive(() => new Promise<void>((resolve) => (release = resolve)));
  let refusals = 0;
  let allRefused!: () => void;
  const refused = new Promise<void>((resolve) => (allRefused = resolve));
  const calls = Array.from({ length: count }, (_, i) =>
    kit.suiteql(`SELECT id FROM customer WHERE id <> ${i}`).catch((error: unknown) => {
      if (++refusals === expectedRefusals) allRefused();
      throw error;
    }));
  const settled = Promise.allSettled(calls);
  await refused;
  release();
  await held;
  return settled;
}

describe('NetSuite concurrency limit', () => {
  it('refuses requests beyond the limit with 429 CONCURRENCY_LIMIT_EXCEEDED and serves the rest', async () => {
    const kit = await startNetsuite(COMPANY, { netsuite: { concurrency: 2 } });
    try {
      const results = await overload(kit, 5, 3);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
      for (const r of results.filter((x): x is PromiseRejectedResult => x.status === 'rejected')) {
        const refusal = await failure(Promise.reject(r.reason));
        expect(refusal).toMatchObject({ status: 429, code: 'CONCURRENCY_LIMIT_EXCEEDED', detail: 'Concurrent request limit exceeded. Request blocked.' });
        expect(refusal.body).toMatchObject({ title: 'Too Many Requests', status: 429 });
      }
      expect((await kit.suiteql('SELECT id FROM customer')).count).toBe(3);
    } finally {
      await kit.close();
    }
  });

  it('takes the limit from the fault options when they set one', async () => {
    const kit = await startNetsuite(COMPANY, { netsuite: { concurrency: 5 }, faults: { ...noFaults(), netsuiteConcurrency: 1 } });
    try {
      const results = await overload(kit, 3, 2);
      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected', 'rejected']);
    } finally {
      await kit.close();
    }
  });

  it('gives the fault injector a JSON 429 and a JSON 5xx in NetSuite format', async () => {
    const kit = await startNetsuite(COMPANY);
    try {
      const system = kit.sandbox.systems.netsuite!;
      expect(system.tooManyRequests()).toMatchObject({ status: 429, body: { 'o:errorDetails': [{ 'o:errorCode': 'CONCURRENCY_LIMIT_EXCEEDED' }] } });
      const fault = system.serverError();
      expect(fault.status).toBeGreaterThanOrEqual(500);
      expect(JSON.parse(JSON.stringify(fault.body))).toMatchObject({ status: fault.status, 'o:errorDetails': [{}] });
    } finally {
      await kit.close();
    }
  });
});
