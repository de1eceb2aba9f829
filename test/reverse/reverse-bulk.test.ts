import { readFile, writeFile } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { openWarehouse } from '../../warehouse/warehouse.ts';
import { makeTempDir, removeDir } from '../support/dataset-files.ts';
import { closeloop } from '../support/closeloop-cli.ts';
import { crmValues, desiredValues, reverseSandbox, validationFailures } from './reverse-kit.ts';

const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

describe('closeloop reverse through Salesforce Bulk API 2.0', () => {
  it('sends large updates as ingest jobs of the configured size, with per-row failures dead-lettered', async () => {
    const dir = await makeTempDir('closeloop-reverse-bulk-');
    cleanup.push(() => removeDir(dir));
    const kit = await reverseSandbox(dir, {}, 150);
    cleanup.push(() => kit.sandbox.close());
    const config = JSON.parse(await readFile(kit.configFile, 'utf8')) as { reverse: Record<string, unknown> };
    await writeFile(kit.configFile, JSON.stringify({ ...config, reverse: { ...config.reverse, salesforceBulkThreshold: 10, salesforceBulkJobSize: 25 } }));

    const result = await closeloop(['reverse', '--config', kit.configFile]);
    expect(result.code, result.stderr + result.stdout).toBe(2);
    const desired = await desiredValues(kit.warehouseFile);
    const failing = await validationFailures(dir);
    const crm = await crmValues(kit);
    for (const [key, values] of desired) if (!failing.has(key)) expect(crm.get(key), key).toMatchObject(values);

    const warehouse = await openWarehouse(kit.warehouseFile);
    try {
      const rows = await warehouse.withConnection(async (c) => (await c.runAndReadAll(`
        SELECT (SELECT count(DISTINCT record_id) FROM meta.sync_log WHERE system = 'salesforce' AND object = 'Account') AS accounts,
          (SELECT count(*) FROM meta.api_calls WHERE system = 'salesforce' AND method = 'PUT' AND endpoint LIKE '%/jobs/ingest/{id}/batches') AS uploads,
          (SELECT count(*) FROM meta.api_calls WHERE system = 'salesforce' AND endpoint LIKE '%/composite/sobjects') AS collections,
          (SELECT list(DISTINCT reason_code) FROM meta.dead_letter WHERE system = 'salesforce') AS reasons`)).getRowObjectsJS());
      const { accounts, uploads, collections, reasons } = rows[0]!;
      const opportunities = [...desired.keys()].filter((k) => k.startsWith('salesforce/Opportunity/')).length;
      expect(Number(uploads)).toBe(Math.ceil(Number(accounts) / 25) + Math.ceil(opportunities / 25));
      expect(Number(collections)).toBe(0);
      expect(reasons).toEqual(['FIELD_CUSTOM_VALIDATION_EXCEPTION']);
      // Credit holds lifted: true → false must reach the CRM too (an empty CSV cell would leave the field as it is).
      const lifted = await warehouse.withConnection(async (c) => (await c.runAndReadAll(`
        UPDATE mart.account_health SET credit_hold = false, payment_status = CASE WHEN overdue_balance > 0 THEN 'overdue' WHEN open_balance > 0 THEN 'open' ELSE 'paid' END,
          health_score = 100 - overdue_deduction - credit_limit_deduction,
          health = CASE WHEN 100 - overdue_deduction - credit_limit_deduction >= 71 THEN 'green' WHEN 100 - overdue_deduction - credit_limit_deduction >= 36 THEN 'yellow' ELSE 'red' END
        WHERE system = 'salesforce' AND credit_hold RETURNING crm_id`)).getRowObjectsJS());
      expect(lifted.length).toBeGreaterThan(1);
    } finally {
      await warehouse.close();
    }
    await writeFile(kit.configFile, JSON.stringify({ ...config, reverse: { ...config.reverse, salesforceBulkThreshold: 1, salesforceBulkJobSize: 25 } }));
    const flipped = await closeloop(['reverse', '--config', kit.configFile]);
    expect(flipped.stdout, flipped.stdout + flipped.stderr).toMatch(/salesforce Account: \d+ of \d+ records updated in 1 batches \(\d+ requests\)/);
    const after = await crmValues(kit);
    for (const [key, values] of await desiredValues(kit.warehouseFile)) {
      if (key.startsWith('salesforce/Account/') && !failing.has(key)) expect(after.get(key), key).toMatchObject(values);
    }

  }, 120_000);
});
