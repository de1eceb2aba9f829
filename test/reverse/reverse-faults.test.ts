import { afterAll, describe, expect, it } from 'vitest';
import { parseFaultSpec } from '../../sandbox/faults/fault-spec.ts';
import { reverseStage } from '../../cli/reverse-command.ts';
import { withWarehouseSession } from '../../cli/warehouse-session.ts';
import { makeTempDir, removeDir } from '../support/dataset-files.ts';
import { crmValues, desiredValues, restartWithFaults, reverseSandbox, validationFailures } from './reverse-kit.ts';

const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

describe('closeloop reverse with API faults', () => {
  it('delivers every retriable record when ≥10% of requests fail and Salesforce rows are locked, dead-lettering only permanent failures', async () => {
    const dir = await makeTempDir('closeloop-reverse-faults-');
    cleanup.push(() => removeDir(dir));
    // Faults on for the write-back's requests (the extract and build before it ran without).
    const kit = await restartWithFaults(await reverseSandbox(dir, {}, 150), dir, parseFaultSpec('429=0.06,5xx=0.06,reset=0.03,salesforce.lock=0.25,seed=3'));
    cleanup.push(() => kit.sandbox.close());

    const result = await withWarehouseSession(kit.configFile, (session) => reverseStage(session, {
      runId: 'reverse-faults', callers: { backoff: { baseMs: 5, capMs: 50 }, maxAttempts: 8 }, retryDelayMs: 10,
    }));
    const scopes = result.summary!.scopes;
    expect(scopes.reduce((n, s) => n + s.retry, 0)).toBe(0);
    // Locked rows came back in later rounds: more batches than one pass needs, and retried requests.
    const accounts = scopes.find((s) => s.system === 'salesforce' && s.object === 'Account')!;
    expect(accounts.batches).toBeGreaterThan(Math.ceil(accounts.planned / 200));
    expect(scopes.reduce((n, s) => n + s.requests, 0)).toBeGreaterThan(scopes.reduce((n, s) => n + s.batches, 0));

    const failing = await validationFailures(dir);
    const desired = await desiredValues(kit.warehouseFile);
    expect(scopes.reduce((n, s) => n + s.deadLetter, 0)).toBe([...failing].filter((k) => desired.has(k)).length);
    const crm = await crmValues(kit);
    for (const [key, values] of desired) if (!failing.has(key)) expect(crm.get(key), key).toMatchObject(values);

    const injected = Object.values(kit.sandbox.faults).reduce((n, f) => n + f!.counts.tooManyRequests + f!.counts.serverError + f!.counts.connectionReset, 0);
    const requests = Object.values(kit.sandbox.faults).reduce((n, f) => n + Object.values(f!.counts).reduce((a, b) => a + b, 0), 0);
    expect(injected / requests).toBeGreaterThanOrEqual(0.1);
  }, 180_000);
});
